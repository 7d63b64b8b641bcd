from django.urls import path

from accord.conferences import views

app_name = "conferences"

urlpatterns = [
    path("", views.conference_list, name="list"),
    path("new/", views.conference_create, name="create"),
    path("<int:pk>/", views.conference_detail, name="conference"),
    path("<int:pk>/edit/", views.conference_edit, name="edit"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/meetings/next/", views.meeting_schedule, name="meeting_schedule"),
    path("<int:pk>/meetings/emergency/", views.meeting_emergency, name="meeting_emergency"),
    path("<int:pk>/dataset/", views.dataset, name="dataset"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path(
        "meetings/<int:pk>/confidentiality/",
        views.confidentiality_accept,
        name="confidentiality",
    ),
    path("meetings/<int:pk>/agenda/", views.agenda_build, name="agenda_build"),
    path("meetings/<int:pk>/attendance/", views.attendance_record, name="attendance"),
    path("meetings/<int:pk>/close/", views.meeting_close, name="meeting_close"),
    path("meetings/<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path(
        "meetings/<int:pk>/actions/<int:action_id>/close/",
        views.action_close,
        name="action_close",
    ),
    path("meetings/<int:pk>/cases/<str:reference>/", views.meeting_case, name="meeting_case"),
    path(
        "meetings/<int:pk>/cases/<str:reference>/research/",
        views.research_save,
        name="research",
    ),
    path("meetings/<int:pk>/cases/<str:reference>/minute/", views.minute_save, name="minute"),
    path("meetings/<int:pk>/cases/<str:reference>/actions/", views.action_add, name="action_add"),
    path("refer/<str:case_reference>/", views.refer, name="refer"),
    path("refer/<str:case_reference>/override/", views.refer_override, name="refer_override"),
    path("referrals/<str:reference>/", views.referral_detail, name="referral"),
    path("referrals/<str:reference>/withdraw/", views.referral_withdraw, name="withdraw"),
    path("referrals/<str:reference>/transfer/", views.referral_transfer, name="transfer"),
    path("actions/overdue/", views.tracker, name="tracker"),
]
