from django.urls import path

from accord.community import views

app_name = "community"

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("contacts/new/", views.contact_new, name="contact_new"),
    path("contacts/<int:pk>/", views.contact, name="contact"),
    path(
        "contacts/<int:pk>/accompaniment/",
        views.contact_accompaniment,
        name="contact_accompaniment",
    ),
    path("contacts/<int:pk>/refer/", views.contact_refer, name="contact_refer"),
    path("accompaniments/<int:pk>/", views.accompaniment, name="accompaniment"),
    path(
        "cases/<str:reference>/accompaniments/",
        views.case_accompaniments,
        name="case_accompaniments",
    ),
    path("meetings/", views.meetings, name="meetings"),
    path("report/", views.report, name="report"),
]
