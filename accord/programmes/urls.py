from django.urls import path

from accord.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<int:pk>/", views.programme_detail, name="programme"),
    path("<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("enrol/<str:reference>/", views.enrol, name="enrol"),
    path("enrolments/<uuid:uid>/", views.enrolment_detail, name="enrolment"),
    path("enrolments/<uuid:uid>/move/", views.enrolment_move, name="enrolment_move"),
    path("enrolments/<uuid:uid>/group/", views.enrolment_group, name="enrolment_group"),
    path("enrolments/<uuid:uid>/assess/", views.enrolment_assess, name="enrolment_assess"),
    path(
        "enrolments/<uuid:uid>/understanding/",
        views.enrolment_understanding,
        name="enrolment_understanding",
    ),
    path("enrolments/<uuid:uid>/sessions/", views.session_individual_add, name="session_add"),
    path("enrolments/<uuid:uid>/reports/", views.report_make, name="report_make"),
    path("safety-information/<uuid:uid>/respond/", views.safety_response, name="safety_response"),
    path("reports/", views.reports_received, name="reports"),
    path("reports/<str:reference>/", views.report_detail, name="report"),
    path("reports/<str:reference>/pdf/", views.report_pdf, name="report_pdf"),
    path("partner-contacts/", views.partner_schedule, name="partner_schedule"),
    path("partners/<int:pk>/", views.partner_detail, name="partner"),
    path("partners/<int:pk>/contacts/", views.partner_contact_add, name="partner_contact"),
    path("partners/<int:pk>/channels/", views.partner_channels, name="partner_channels"),
    path("partners/<int:pk>/safety-information/", views.safety_information_add, name="safety_add"),
]
