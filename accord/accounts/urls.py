from django.urls import path

from accord.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.directory, name="directory"),
]
