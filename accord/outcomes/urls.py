from django.urls import path

from accord.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("cases/<str:reference>/", views.case_page, name="case"),
    path("cases/<str:reference>/start/", views.schedule_start, name="schedule_start"),
    path("cases/<str:reference>/answers/", views.answers_record, name="answers_record"),
    path("cases/<str:reference>/link/", views.link_send, name="link_send"),
    path("q/done/", views.self_complete_done, name="self_complete_done"),
    path("q/<str:token>/", views.self_complete, name="self_complete"),
    path("report/", views.report, name="report"),
]
