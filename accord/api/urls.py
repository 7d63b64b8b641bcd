from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accord.api import (
    casework_views,
    community_views,
    conference_views,
    consent_views,
    directory_views,
    network_views,
    outcome_views,
    programme_views,
    referral_views,
    risk_views,
    safety_views,
    views,
)


# No `.json` suffix routes: `?format=json` or the Accept header choose the format, and the
# suffix routes passed a `format` argument that no view takes (a 500).
class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("services", views.ServiceViewSet, basename="service")
router.register("teams", views.TeamViewSet, basename="team")
# Casework (accord/api/casework_views.py): a case's incidents, notes and tasks sit under it.
router.register("cases", casework_views.CaseViewSet, basename="case")
router.register(
    r"cases/(?P<case_reference>[A-Za-z0-9-]{1,20})/incidents",
    casework_views.IncidentViewSet,
    basename="case-incident",
)
router.register(
    r"cases/(?P<case_reference>[A-Za-z0-9-]{1,20})/notes",
    casework_views.NoteViewSet,
    basename="case-note",
)
router.register(
    r"cases/(?P<case_reference>[A-Za-z0-9-]{1,20})/tasks",
    casework_views.TaskViewSet,
    basename="case-task",
)
# Safety plans (accord/api/safety_views.py): one plan per case, its items under it.
router.register(
    r"cases/(?P<case_reference>[A-Za-z0-9-]{1,20})/safety-plan/items",
    safety_views.SafetyPlanItemViewSet,
    basename="case-safety-plan-item",
)
# Consents of the case's person (accord/api/consent_views.py).
router.register(
    r"cases/(?P<case_reference>[A-Za-z0-9-]{1,20})/consents",
    consent_views.ConsentViewSet,
    basename="case-consent",
)
# Risk (accord/api/risk_views.py): instruments are reference data; assessments sit under a case.
router.register("instruments", risk_views.InstrumentViewSet, basename="instrument")
router.register(
    r"cases/(?P<case_reference>[A-Za-z0-9-]{1,20})/assessments",
    risk_views.AssessmentViewSet,
    basename="case-assessment",
)
# The directory and cooperation protocols (accord/api/directory_views.py), read only.
router.register("directory", directory_views.DirectoryViewSet, basename="directory")
router.register("protocols", directory_views.ProtocolViewSet, basename="protocol")
# Referrals and their transitions (POST actions); `inbound` for police and probation systems.
router.register("referrals", referral_views.ReferralViewSet, basename="referral")
router.register("persons", casework_views.PersonViewSet, basename="person")
router.register("households", casework_views.HouseholdViewSet, basename="household")
# The network hub (accord/api/network_views.py): members' service tokens submit their tables.
router.register(
    "network/submissions", network_views.SubmissionViewSet, basename="network-submission"
)
router.register(
    "network/area-returns", network_views.AreaReturnViewSet, basename="network-area-return"
)

app_name = "api"
urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path(
        "cases/<str:case_reference>/safety-plan/",
        safety_views.SafetyPlanView.as_view(),
        name="case-safety-plan",
    ),
    # Community mentors (accord/api/community_views.py): her contacts and accompaniments.
    path("community/mentors/", community_views.MentorListView.as_view(), name="mentors"),
    path("community/contacts/", community_views.EarlyContactListView.as_view(), name="contacts"),
    path(
        "community/contacts/<int:pk>/",
        community_views.EarlyContactView.as_view(),
        name="contact",
    ),
    path(
        "community/contacts/<int:pk>/accompaniments/",
        community_views.EarlyContactAccompanimentView.as_view(),
        name="contact-accompaniments",
    ),
    path("accompaniments/", community_views.AccompanimentListView.as_view(), name="accompaniments"),
    path(
        "accompaniments/<int:pk>/",
        community_views.AccompanimentView.as_view(),
        name="accompaniment",
    ),
    path(
        "cases/<str:case_reference>/accompaniments/",
        community_views.CaseAccompanimentListView.as_view(),
        name="case-accompaniments",
    ),
    # Empowerment paths and outcome questionnaires (accord/api/outcome_views.py).
    path("empowerment/paths/", outcome_views.PathListView.as_view(), name="empowerment-paths"),
    path(
        "cases/<str:case_reference>/empowerment/paths/",
        outcome_views.CasePathJoinView.as_view(),
        name="case-empowerment-paths",
    ),
    path(
        "cases/<str:case_reference>/outcomes/",
        outcome_views.CaseOutcomesView.as_view(),
        name="case-outcomes",
    ),
    path(
        "cases/<str:case_reference>/outcomes/answers/",
        outcome_views.CaseOutcomeAnswersView.as_view(),
        name="case-outcome-answers",
    ),
    # Programmes (accord/api/programme_views.py): the engine, and her side's partner contact.
    path("programmes/", programme_views.ProgrammeListView.as_view(), name="programmes"),
    path(
        "programmes/<int:pk>/groups/",
        programme_views.GroupCreateView.as_view(),
        name="programme-groups",
    ),
    path("programme-groups/<int:pk>/", programme_views.GroupView.as_view(), name="programme-group"),
    path(
        "programme-sessions/<int:pk>/register/",
        programme_views.RegisterView.as_view(),
        name="programme-register",
    ),
    path(
        "programme-sessions/<int:pk>/cancel/",
        programme_views.SessionCancelView.as_view(),
        name="programme-session-cancel",
    ),
    path(
        "cases/<str:case_reference>/enrolments/",
        programme_views.EnrolView.as_view(),
        name="case-enrolments",
    ),
    path("enrolments/", programme_views.EnrolmentListView.as_view(), name="enrolments"),
    path("enrolments/<uuid:uid>/", programme_views.EnrolmentView.as_view(), name="enrolment"),
    path(
        "enrolments/<uuid:uid>/move/",
        programme_views.EnrolmentMoveView.as_view(),
        name="enrolment-move",
    ),
    path(
        "enrolments/<uuid:uid>/assessment/",
        programme_views.AssessView.as_view(),
        name="enrolment-assessment",
    ),
    path(
        "enrolments/<uuid:uid>/understanding/",
        programme_views.UnderstandingView.as_view(),
        name="enrolment-understanding",
    ),
    path(
        "enrolments/<uuid:uid>/sessions/",
        programme_views.IndividualSessionView.as_view(),
        name="enrolment-sessions",
    ),
    path(
        "enrolments/<uuid:uid>/group/",
        programme_views.GroupSetView.as_view(),
        name="enrolment-group",
    ),
    path(
        "safety-information/<uuid:uid>/response/",
        programme_views.SafetyResponseView.as_view(),
        name="safety-information-response",
    ),
    path(
        "enrolments/<uuid:uid>/safety-information/",
        programme_views.SafetyInformationListView.as_view(),
        name="enrolment-safety-information",
    ),
    path(
        "enrolments/<uuid:uid>/compliance-reports/",
        programme_views.ReportCreateView.as_view(),
        name="enrolment-report",
    ),
    path("compliance-reports/", programme_views.ReportListView.as_view(), name="reports"),
    path(
        "compliance-reports/<str:reference>/",
        programme_views.ReportView.as_view(),
        name="report",
    ),
    path(
        "compliance-reports/<str:reference>/pdf/",
        programme_views.ReportPdfView.as_view(),
        name="report-pdf",
    ),
    path("partner-links/", programme_views.PartnerLinkListView.as_view(), name="partner-links"),
    path(
        "partner-links/<int:pk>/contacts/",
        programme_views.PartnerContactView.as_view(),
        name="partner-contacts",
    ),
    path(
        "partner-links/<int:pk>/channels/",
        programme_views.PartnerChannelsView.as_view(),
        name="partner-channels",
    ),
    path(
        "partner-links/<int:pk>/safety-information/",
        programme_views.PartnerSafetyInformationView.as_view(),
        name="partner-safety-information",
    ),
    # Risk conferences (accord/api/conference_views.py).
    path("conferences/", conference_views.ConferenceListView.as_view(), name="conferences"),
    path("conferences/<int:pk>/", conference_views.ConferenceView.as_view(), name="conference"),
    path(
        "conferences/<int:pk>/members/",
        conference_views.ConferenceMembersView.as_view(),
        name="conference-members",
    ),
    path(
        "conferences/<int:pk>/members/<int:member_id>/",
        conference_views.ConferenceMemberView.as_view(),
        name="conference-member",
    ),
    path(
        "conferences/<int:pk>/meetings/next/",
        conference_views.NextMeetingView.as_view(),
        name="conference-next-meeting",
    ),
    path(
        "conferences/<int:pk>/meetings/emergency/",
        conference_views.EmergencyMeetingView.as_view(),
        name="conference-emergency-meeting",
    ),
    path(
        "conference-referrals/",
        conference_views.ConferenceReferralCreateView.as_view(),
        name="conference-referrals",
    ),
    path(
        "conference-referrals/<str:reference>/",
        conference_views.ConferenceReferralView.as_view(),
        name="conference-referral",
    ),
    path(
        "conference-referrals/<str:reference>/withdraw/",
        conference_views.ConferenceReferralWithdrawView.as_view(),
        name="conference-referral-withdraw",
    ),
    path(
        "conference-referrals/<str:reference>/transfer/",
        conference_views.ConferenceReferralTransferView.as_view(),
        name="conference-referral-transfer",
    ),
    path(
        "conference-meetings/<int:pk>/",
        conference_views.MeetingView.as_view(),
        name="conference-meeting",
    ),
    path(
        "conference-meetings/<int:pk>/attendance/",
        conference_views.MeetingAttendanceView.as_view(),
        name="meeting-attendance",
    ),
    path(
        "conference-meetings/<int:pk>/close/",
        conference_views.MeetingCloseView.as_view(),
        name="meeting-close",
    ),
    path(
        "conference-meetings/<int:pk>/actions/<int:action_id>/close/",
        conference_views.ActionCloseView.as_view(),
        name="meeting-action-close",
    ),
    path(
        "conference-meetings/<int:pk>/agenda/",
        conference_views.MeetingAgendaView.as_view(),
        name="meeting-agenda",
    ),
    path(
        "conference-meetings/<int:pk>/cases/<str:reference>/research/",
        conference_views.ResearchView.as_view(),
        name="meeting-case-research",
    ),
    path(
        "conference-meetings/<int:pk>/cases/<str:reference>/minute/",
        conference_views.MinuteView.as_view(),
        name="meeting-case-minute",
    ),
    path(
        "conference-meetings/<int:pk>/cases/<str:reference>/actions/",
        conference_views.CaseActionsView.as_view(),
        name="meeting-case-actions",
    ),
    path(
        "conference-actions/", conference_views.ActionListView.as_view(), name="conference-actions"
    ),
    path("", include(router.urls)),
]
