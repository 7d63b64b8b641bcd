"""Mounted under a case: /cases/<reference>/safety-plan/ (config/urls.py)."""

from django.urls import path

from accord.safety import views

app_name = "safety"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("start/", views.plan_start, name="start"),
    path("items/", views.item_add, name="item_add"),
    path("items/<uuid:uid>/", views.item_edit, name="item_edit"),
    path("items/<uuid:uid>/status/", views.item_status, name="item_status"),
    path("items/<uuid:uid>/remove/", views.item_remove, name="item_remove"),
    path("review/", views.review_set, name="review"),
    path("versions/", views.versions, name="versions"),
    path("pdf/", views.pdf, name="pdf"),
]
