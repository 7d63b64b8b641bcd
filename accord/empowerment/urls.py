from django.urls import path

from accord.empowerment import views

app_name = "empowerment"

urlpatterns = [
    path("cases/<str:reference>/", views.case_page, name="case"),
    path("cases/<str:reference>/profile/", views.profile_new, name="profile_new"),
    path("cases/<str:reference>/goals/", views.goal_add, name="goal_add"),
    path("goals/<int:pk>/", views.goal_progress, name="goal_progress"),
    path("cases/<str:reference>/mentorships/", views.mentorship_start, name="mentorship_start"),
    path("mentorships/<int:pk>/meetings/", views.mentorship_meeting, name="mentorship_meeting"),
    path("cases/<str:reference>/paths/", views.path_join, name="path_join"),
    path("paths/", views.path_list, name="paths"),
    path("report/", views.report, name="report"),
    path("report.csv", views.report_csv, name="report_csv"),
]
