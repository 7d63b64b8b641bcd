"""Mounted under a case: /cases/<reference>/consent/ (config/urls.py). A namespace of its own,
since `people` is already mounted at /people/."""

from django.urls import path

from accord.people import consent_views

app_name = "consent"
urlpatterns = [
    path("", consent_views.consents, name="list"),
    path("record/", consent_views.consent_record, name="record"),
    path("<uuid:uid>/withdraw/", consent_views.consent_withdraw, name="withdraw"),
]
