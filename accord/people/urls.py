from django.urls import path

from accord.people import dpo_views, views

app_name = "people"
urlpatterns = [
    path("search/", views.person_search, name="search"),
]

# The DPO's answers to data subjects (accord.people.dpo_views).
urlpatterns += [
    path("data-protection/", dpo_views.lookup, name="data_protection"),
    path("<uuid:uid>/subject-access/", dpo_views.subject_access, name="subject_access"),
    path(
        "<uuid:uid>/subject-access/download/<str:token>/",
        dpo_views.subject_access_download,
        name="subject_access_download",
    ),
    path("<uuid:uid>/erase/", dpo_views.erase, name="erase"),
    path("<uuid:uid>/access-log/", dpo_views.access_log, name="access_log"),
]
