from django.urls import path

from accord.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("services/<int:pk>/", views.service_detail, name="service"),
    path(
        "services/<int:pk>/reveal-address/",
        views.service_address_reveal_view,
        name="service_address_reveal",
    ),
]
