"""Mounted at the site's root (config/urls.py): referrals and the team inbox under /referrals/."""

from django.urls import path

from accord.referrals import views

app_name = "referrals"
urlpatterns = [
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/inbox/", views.inbox, name="inbox"),
    path("referrals/inbox/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("referrals/inbox/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("referrals/report/", views.report, name="report"),
    path("referrals/report.csv", views.report_csv, name="report_csv"),
    path("referrals/from/<str:case_reference>/", views.referral_new, name="referral_new"),
    path("referrals/<str:reference>/", views.referral_detail, name="referral"),
    path("referrals/<str:reference>/send/", views.referral_send, name="send"),
    path("referrals/<str:reference>/edit/", views.referral_draft_edit, name="edit"),
    path("referrals/<str:reference>/override/", views.referral_send_override, name="override"),
    path("referrals/<str:reference>/accept/", views.referral_accept, name="accept"),
    path("referrals/<str:reference>/decline/", views.referral_decline, name="decline"),
    path("referrals/<str:reference>/withdraw/", views.referral_withdraw, name="withdraw"),
    path("referrals/<str:reference>/close/", views.referral_close, name="close"),
]
