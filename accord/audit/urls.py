from django.urls import path

from accord.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
    path("record/", views.record_events, name="record_events"),
    path("record/export/", views.record_events_export, name="record_events_export"),
    path("person/", views.user_events, name="user_events"),
    path("person/export/", views.user_events_export, name="user_events_export"),
]
