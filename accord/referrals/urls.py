"""Mounted at the site's root (config/urls.py): the directory under /directory/, cooperation
protocols under /protocols/, referrals under /referrals/. One module, so the namespace
"referrals" is mounted once."""

from django.urls import path

from accord.referrals import views

app_name = "referrals"
urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/<int:pk>/", views.directory_service, name="service"),
    path("directory/<int:pk>/edit/", views.directory_entry_edit, name="entry_edit"),
    path("protocols/", views.protocol_list, name="protocols"),
    path("protocols/new/", views.protocol_create, name="protocol_create"),
    path("protocols/<uuid:uid>/", views.protocol_detail, name="protocol"),
    path("protocols/<uuid:uid>/dates/", views.protocol_dates, name="protocol_dates"),
    path("protocols/<uuid:uid>/parties/", views.party_add, name="party_add"),
    path("protocols/<uuid:uid>/parties/<int:party_id>/sign/", views.party_sign, name="party_sign"),
    path("protocols/<uuid:uid>/flows/", views.flow_set, name="flow_set"),
    path("protocols/<uuid:uid>/document/", views.document_attach, name="document_attach"),
    path("protocols/<uuid:uid>/document/download/", views.document, name="document"),
    path("protocols/<uuid:uid>/activate/", views.activate, name="activate"),
    path("protocols/<uuid:uid>/end/", views.end, name="end"),
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
