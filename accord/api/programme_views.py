"""Programmes in the API (accord/programmes): programmes and groups, a session's register,
enrolments and their status moves, safety information, partner contact and compliance reports.

The same rules and services as the pages: rows from `visible_to`, the reader's standing from
accord.programmes.access, every write through the programme services (which validate and
audit). A record the reader may not reach answers 404; one she reads but may not work, 403; a
stale version, 409. The programme side is never given a partner link, a contact or the source
of a safety-information item: those endpoints are her side's only.
"""

from typing import Any

from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accord.access.fields import Relation
from accord.access.policy import access_case, case_access, visible_to
from accord.api.casework_views import (
    CASE_REFERENCE,
    NOT_FOUND,
    NOT_YOURS_TO_WORK,
    _require_work,
    _validated,
)
from accord.api.permissions import IsVerifiedPerson
from accord.api.schema import PersonsOnlySchema
from accord.audit.context import Actor
from accord.core.locking import StaleVersion
from accord.core.pdf import PdfUnavailable
from accord.people.models import ConsentMethod
from accord.programmes import partner_contact, selectors, services
from accord.programmes.access import enrolment_access, may_run_programme, may_run_session
from accord.programmes.compliance import (
    compliance_report_make,
    compliance_report_print,
    compliance_report_viewed,
)
from accord.programmes.models import (
    AttendanceCode,
    CancellationReason,
    ComplianceReport,
    ConcernCategory,
    ContactChannel,
    ContactOutcome,
    Enrolment,
    EnrolmentStatus,
    PartnerLink,
    Programme,
    ProgrammeKind,
    Route,
    Session,
    SessionKind,
    Suitability,
    Urgency,
)
from accord.programmes.transitions import allowed_moves

STALE = OpenApiResponse(description="Changed by someone else since you read it: nothing saved.")
VERSION_MAX = 2**31 - 1


# --- serializers ----------------------------------------------------------------------------------


class ModuleSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()
    sessions = serializers.IntegerField()
    session_kind = serializers.ChoiceField(choices=SessionKind.choices)
    led_by = serializers.CharField()


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ProgrammeKind.choices)
    service = serializers.CharField(source="service.name")
    minimum_attendance_percent = serializers.IntegerField()
    absence_limit = serializers.IntegerField()
    partner_contact_interval_days = serializers.IntegerField()
    partner_contact_months_after = serializers.IntegerField()
    follow_up_months = serializers.ListField(child=serializers.IntegerField())
    version = serializers.IntegerField()
    modules = ModuleSerializer(many=True, source="modules.all")


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    module = serializers.CharField(source="module.title", allow_null=True)
    cancelled = serializers.BooleanField(source="is_cancelled")


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    programme = serializers.IntegerField(source="programme_id")
    name = serializers.CharField()
    facilitators = serializers.SerializerMethodField()
    room = serializers.CharField()
    schedule = serializers.CharField()
    time_zone = serializers.CharField()
    capacity = serializers.IntegerField()
    sessions = SessionSerializer(many=True, source="page_sessions")

    def get_facilitators(self, group: Any) -> list[str]:
        return [
            user.get_username() for user in (group.lead_facilitator, group.co_facilitator) if user
        ]


class GroupInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    lead_facilitator = serializers.IntegerField(
        min_value=1,
        max_value=VERSION_MAX,
        help_text="Someone who works in the programme's service.",
    )
    co_facilitator = serializers.IntegerField(
        min_value=1, max_value=VERSION_MAX, required=False, allow_null=True
    )
    first_session_at = serializers.DateTimeField()
    schedule = serializers.CharField(
        max_length=200, help_text="An RFC 5545 rule, e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=24"
    )
    time_zone = serializers.CharField(max_length=64, required=False, allow_blank=True)
    room = serializers.CharField(max_length=100, required=False, allow_blank=True)
    session_minutes = serializers.IntegerField(min_value=15, max_value=480, default=120)
    capacity = serializers.IntegerField(min_value=1, max_value=100, default=10)


class RegisterLineSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(source="enrolment.uid")
    participant = serializers.CharField(source="enrolment.case.person.given_name")
    code = serializers.CharField(source="attendance.code", allow_null=True)
    absence_reason = serializers.CharField(source="attendance.absence_reason", allow_null=True)
    notes = serializers.CharField(source="attendance.notes", allow_null=True)
    version = serializers.IntegerField(source="attendance.version", allow_null=True)


class RegisterInputLineSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField()
    code = serializers.ChoiceField(choices=AttendanceCode.choices)
    absence_reason = serializers.CharField(max_length=500, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    version = serializers.IntegerField(
        min_value=1, max_value=VERSION_MAX, required=False, help_text="To change a line."
    )


class RegisterInputSerializer(serializers.Serializer):
    lines = RegisterInputLineSerializer(many=True)


class StatusChangeSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.ChoiceField(choices=EnrolmentStatus.choices)
    changed_at = serializers.DateTimeField()


class AttendanceSerializer(serializers.Serializer):
    session = serializers.IntegerField(source="session.number")
    session_kind = serializers.ChoiceField(source="session.kind", choices=SessionKind.choices)
    starts_at = serializers.DateTimeField(source="session.starts_at")
    code = serializers.ChoiceField(choices=AttendanceCode.choices)


class EnrolmentSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    programme = serializers.IntegerField(source="programme_id")
    case = serializers.CharField(source="case.reference")
    group = serializers.IntegerField(source="group_id", allow_null=True)
    status = serializers.ChoiceField(choices=EnrolmentStatus.choices)
    status_changed_at = serializers.DateTimeField()
    route = serializers.ChoiceField(choices=Route.choices)
    mandated = serializers.BooleanField()
    version = serializers.IntegerField()
    allowed_moves = serializers.SerializerMethodField()

    def get_allowed_moves(self, enrolment: Enrolment) -> list[str]:
        return [m.value for m in allowed_moves(enrolment.status, mandated=enrolment.mandated)]


class EnrolmentDetailSerializer(EnrolmentSerializer):
    suitability = serializers.ChoiceField(choices=Suitability.choices)
    statement_of_understanding_signed = serializers.SerializerMethodField()
    history = StatusChangeSerializer(many=True, source="history.all")
    attendance = AttendanceSerializer(many=True, source="attendances.all")

    def get_statement_of_understanding_signed(self, enrolment: Enrolment) -> bool:
        return enrolment.statement_of_understanding_id is not None


class EnrolInputSerializer(serializers.Serializer):
    programme = serializers.IntegerField(min_value=1, max_value=VERSION_MAX)
    route = serializers.ChoiceField(choices=Route.choices)
    mandated = serializers.BooleanField(default=False)
    mandating_team = serializers.IntegerField(
        min_value=1,
        max_value=VERSION_MAX,
        required=False,
        allow_null=True,
        help_text="A probation, social or children's services team; for a mandated enrolment.",
    )
    referred_on = serializers.DateField(required=False, allow_null=True)


class AssessInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=VERSION_MAX)
    suitability = serializers.ChoiceField(
        choices=[c for c in Suitability.choices if c[0] != Suitability.NOT_ASSESSED]
    )
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class UnderstandingInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=VERSION_MAX)
    given_on = serializers.DateField()
    method = serializers.ChoiceField(choices=ConsentMethod.choices, default=ConsentMethod.WRITTEN)
    witness_name = serializers.CharField(max_length=200, required=False, allow_blank=True)


class GroupSetInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=VERSION_MAX)
    group = serializers.IntegerField(min_value=1, max_value=VERSION_MAX)


class IndividualSessionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(k.value, k.label) for k in (SessionKind.CATCH_UP, SessionKind.ONE_TO_ONE)]
    )
    starts_at = serializers.DateTimeField()
    minutes = serializers.IntegerField(min_value=15, max_value=480, default=60)
    room = serializers.CharField(max_length=100, required=False, allow_blank=True)


class CancelInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=CancellationReason.choices)


class ResponseInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=VERSION_MAX)
    response = serializers.CharField(max_length=4000)


class ChannelsInputSerializer(serializers.Serializer):
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=ContactChannel.choices), max_length=10
    )


class ChannelsSerializer(serializers.Serializer):
    channels = serializers.ListField(child=serializers.CharField(), source="safe_channels")


class MoveSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=VERSION_MAX)
    to_status = serializers.ChoiceField(choices=EnrolmentStatus.choices)
    reason = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class SafetyInformationSerializer(serializers.Serializer):
    """What the programme reads: never who, which contact, or when it was written."""

    uid = serializers.UUIDField()
    category = serializers.ChoiceField(choices=ConcernCategory.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    text = serializers.CharField()
    released_on = serializers.DateField()
    response = serializers.CharField(allow_null=True)
    version = serializers.IntegerField()


class SafetyInformationInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=ConcernCategory.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    text = serializers.CharField(max_length=4000)


class ContactInputSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=ContactChannel.choices)
    outcome = serializers.ChoiceField(choices=ContactOutcome.choices)
    within_safe_times = serializers.BooleanField(default=False)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class ContactSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=ContactChannel.choices)
    outcome = serializers.ChoiceField(choices=ContactOutcome.choices)


class DueSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    label = serializers.CharField()


class PartnerLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="link.pk")
    case = serializers.CharField(source="link.partner_case.reference")
    # Empty once his record is erased: her partner contact outlives it.
    programme = serializers.CharField(source="link.enrolment.programme.name", allow_null=True)
    his_status = serializers.ChoiceField(
        source="link.enrolment.status", choices=EnrolmentStatus.choices, allow_null=True
    )
    safe_channels = serializers.ListField(
        child=serializers.CharField(), source="link.safe_channels"
    )
    due = DueSerializer(many=True)


class ReportSerializer(serializers.Serializer):
    reference = serializers.CharField()
    enrolment = serializers.UUIDField(source="enrolment.uid")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    to_team = serializers.CharField(source="to_team.name")
    protocol = serializers.CharField(source="protocol.title")
    content = serializers.JSONField(help_text="Attendance codes and status only.")
    made_at = serializers.DateTimeField()


class ReportInputSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


# --- views ----------------------------------------------------------------------------------------


class _Base(APIView):
    permission_classes = [IsVerifiedPerson]
    schema = PersonsOnlySchema()

    # What a 409 shows of the record as it is now, for the views that write one versioned record.
    stale_serializer: type[serializers.Serializer] | None = None

    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def stale_response(self, stale: StaleVersion) -> dict[str, Any]:
        """The 409 body, given to the API's exception handler: the detail and the record now."""
        body: dict[str, Any] = {"detail": _("Changed by someone else since you opened it.")}
        if self.stale_serializer is not None:
            body["current"] = self.stale_serializer(stale.current).data
        return body


class ProgrammeListView(_Base):
    @extend_schema(summary="Programmes", responses={200: ProgrammeSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = visible_to(request.user, Programme).prefetch_related("modules")
        return Response(ProgrammeSerializer(rows, many=True).data)


class GroupCreateView(_Base):
    @extend_schema(
        summary="Start a group of a programme",
        description="Its facilitators, room and schedule; every session of the schedule is laid "
        "out at once, in the group's time zone.",
        request=GroupInputSerializer,
        responses={201: GroupSerializer, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        programme = selectors.programme_or_404(request.user, pk)
        if not may_run_programme(request.user, programme):
            raise Http404
        data = _validated(GroupInputSerializer, request)
        workers = selectors.programme_workers(programme)
        people = {}
        for field in ("lead_facilitator", "co_facilitator"):
            if data.get(field) is None:
                people[field] = None
                continue
            people[field] = workers.filter(pk=data[field]).first()
            if people[field] is None:
                refused = _("Choose someone who works in the programme's service.")
                raise ValidationError({field: [refused]})
        group = services.group_create(
            actor=self.actor(),
            programme=programme,
            name=data["name"],
            lead_facilitator=people["lead_facilitator"],
            co_facilitator=people["co_facilitator"],
            first_session_at=data["first_session_at"],
            schedule=data["schedule"],
            time_zone=data.get("time_zone", ""),
            room=data.get("room", ""),
            session_minutes=data["session_minutes"],
            capacity=data["capacity"],
        )
        group.page_sessions = selectors.group_page(group).sessions
        return Response(GroupSerializer(group).data, status=status.HTTP_201_CREATED)


class GroupView(_Base):
    @extend_schema(
        summary="A group and its sessions", responses={200: GroupSerializer, 404: NOT_FOUND}
    )
    def get(self, request: Request, pk: int) -> Response:
        group = selectors.group_or_404(request.user, pk)
        # The sessions with their figures, as the group page reads them (one query).
        group.page_sessions = selectors.group_page(group).sessions
        return Response(GroupSerializer(group).data)


def _runnable_session(request: Request, pk: int) -> Session:
    """A session the user runs (`may_run_session`), or 404."""
    session = selectors.session_or_404(request.user, pk)
    if not may_run_session(request.user, session):
        raise Http404
    return session


class RegisterView(_Base):
    @extend_schema(
        summary="A session's register",
        responses={200: RegisterLineSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        session = _runnable_session(request, pk)
        services.register_viewed(actor=self.actor(), session=session)
        return Response(RegisterLineSerializer(selectors.register_rows(session), many=True).data)

    @extend_schema(
        summary="Save a session's register",
        description="Every line or none: a refused line answers 400 naming it, nothing saved.",
        request=RegisterInputSerializer,
        responses={200: RegisterLineSerializer(many=True), 404: NOT_FOUND, 409: STALE},
    )
    def post(self, request: Request, pk: int) -> Response:
        session = _runnable_session(request, pk)
        data = _validated(RegisterInputSerializer, request)
        rows = {str(row.enrolment.uid): row for row in selectors.register_rows(session)}
        lines = []
        for line in data["lines"]:
            row = rows.get(str(line["enrolment"]))
            if row is None:
                return Response(
                    {"lines": [_("He is not on this session's register.")]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            lines.append(
                services.RegisterLine(
                    enrolment=row.enrolment,
                    code=line["code"],
                    absence_reason=line.get("absence_reason", ""),
                    notes=line.get("notes", ""),
                    attendance=row.attendance,
                    expected_version=line.get("version"),
                )
            )
        try:
            services.register_save(actor=self.actor(), session=session, lines=lines)
        except services.RegisterErrors as refused:
            by_uid = {
                str(row.enrolment.uid): " ".join(refused.by_enrolment[row.enrolment.pk].messages)
                for row in rows.values()
                if row.enrolment.pk in refused.by_enrolment
            }
            return Response(
                {"detail": str(refused.message), "lines": by_uid},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(RegisterLineSerializer(selectors.register_rows(session), many=True).data)


class EnrolmentListView(_Base):
    @extend_schema(summary="Enrolments you reach", responses={200: EnrolmentSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = visible_to(request.user, Enrolment).select_related("case").order_by("pk")[:200]
        return Response(EnrolmentSerializer(rows, many=True).data)


class EnrolmentView(_Base):
    @extend_schema(
        summary="An enrolment, its history and attendance codes",
        responses={200: EnrolmentDetailSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, uid: str) -> Response:
        enrolment = selectors.enrolment_or_404(request.user, uid)
        services.enrolment_viewed(actor=self.actor(), enrolment=enrolment)
        return Response(EnrolmentDetailSerializer(enrolment).data)


def _workable(request: Request, uid: str) -> Enrolment:
    enrolment = selectors.enrolment_or_404(request.user, uid)
    if not enrolment_access(request.user, enrolment).may_work:
        raise PermissionDenied(_("You may read this enrolment but not work on it."))
    return enrolment


class EnrolmentMoveView(_Base):
    stale_serializer = EnrolmentSerializer

    @extend_schema(
        summary="Move an enrolment's status along the table",
        request=MoveSerializer,
        responses={
            200: EnrolmentSerializer,
            403: NOT_YOURS_TO_WORK,
            404: NOT_FOUND,
            409: STALE,
        },
    )
    def post(self, request: Request, uid: str) -> Response:
        enrolment = _workable(request, uid)
        data = _validated(MoveSerializer, request)
        moved = services.enrolment_move(
            actor=self.actor(),
            enrolment=enrolment,
            expected_version=data["version"],
            to_status=data["to_status"],
            reason=data.get("reason", ""),
        )
        return Response(EnrolmentSerializer(moved).data)


class EnrolView(_Base):
    @extend_schema(
        summary="Enrol the person of a case on a programme",
        description="One of the case's own service's programmes; on a behaviour-change "
        "programme, each woman of his household is offered partner support.",
        parameters=[CASE_REFERENCE],
        request=EnrolInputSerializer,
        responses={201: EnrolmentSerializer, 403: NOT_YOURS_TO_WORK, 404: NOT_FOUND},
    )
    def post(self, request: Request, case_reference: str) -> Response:
        case, access = access_case(request.user, case_reference, related=("team__service",))
        _require_work(access)
        data = _validated(EnrolInputSerializer, request)
        programme = selectors.programmes_offered(request.user, case).filter(pk=data["programme"])
        if not programme:
            raise ValidationError({"programme": [_("Choose a programme of the case's service.")]})
        team = None
        if data.get("mandating_team") is not None:
            team = selectors.mandating_teams().filter(pk=data["mandating_team"]).first()
            if team is None:
                refused = _("Choose a probation, social or children's services team.")
                raise ValidationError({"mandating_team": [refused]})
        enrolment = services.enrolment_create(
            actor=self.actor(),
            programme=programme.get(),
            case=case,
            route=data["route"],
            mandated=data["mandated"],
            mandating_team=team,
            referred_on=data.get("referred_on"),
        )
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)


ENROLMENT_CHANGE = {
    200: EnrolmentDetailSerializer,
    403: NOT_YOURS_TO_WORK,
    404: NOT_FOUND,
    409: STALE,
}


class AssessView(_Base):
    stale_serializer = EnrolmentSerializer

    @extend_schema(
        summary="Record the outcome of his suitability assessment",
        request=AssessInputSerializer,
        responses=ENROLMENT_CHANGE,
    )
    def post(self, request: Request, uid: str) -> Response:
        enrolment = _workable(request, uid)
        data = _validated(AssessInputSerializer, request)
        changed = services.enrolment_assess(
            actor=self.actor(),
            enrolment=enrolment,
            expected_version=data["version"],
            suitability=data["suitability"],
            notes=data.get("notes", ""),
        )
        return Response(EnrolmentDetailSerializer(changed).data)


class UnderstandingView(_Base):
    stale_serializer = EnrolmentSerializer

    @extend_schema(
        summary="Record his signed statement of understanding",
        description="Information sharing with his (ex)partners' support service included: "
        "recorded as his consent to partner contact.",
        request=UnderstandingInputSerializer,
        responses=ENROLMENT_CHANGE,
    )
    def post(self, request: Request, uid: str) -> Response:
        enrolment = _workable(request, uid)
        data = _validated(UnderstandingInputSerializer, request)
        changed = services.enrolment_understanding_record(
            actor=self.actor(),
            enrolment=enrolment,
            expected_version=data["version"],
            given_on=data["given_on"],
            method=data["method"],
            witness_name=data.get("witness_name", ""),
        )
        return Response(EnrolmentDetailSerializer(changed).data)


class GroupSetView(_Base):
    stale_serializer = EnrolmentSerializer

    @extend_schema(
        summary="Place him in a group of his programme (or on its waitlist)",
        request=GroupSetInputSerializer,
        responses=ENROLMENT_CHANGE,
    )
    def post(self, request: Request, uid: str) -> Response:
        enrolment = _workable(request, uid)
        data = _validated(GroupSetInputSerializer, request)
        group = selectors.placeable_groups(request.user, enrolment).filter(pk=data["group"]).first()
        if group is None:
            raise ValidationError({"group": [_("Choose a group of this programme.")]})
        changed = services.enrolment_group_set(
            actor=self.actor(),
            enrolment=enrolment,
            expected_version=data["version"],
            group=group,
        )
        return Response(EnrolmentDetailSerializer(changed).data)


class IndividualSessionView(_Base):
    @extend_schema(
        summary="Add a catch-up or one-to-one session for him alone",
        request=IndividualSessionInputSerializer,
        responses={201: SessionSerializer, 403: NOT_YOURS_TO_WORK, 404: NOT_FOUND},
    )
    def post(self, request: Request, uid: str) -> Response:
        enrolment = _workable(request, uid)
        data = _validated(IndividualSessionInputSerializer, request)
        session = services.session_individual_add(
            actor=self.actor(),
            enrolment=enrolment,
            kind=data["kind"],
            starts_at=data["starts_at"],
            minutes=data["minutes"],
            room=data.get("room", ""),
        )
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)


class SessionCancelView(_Base):
    @extend_schema(
        summary="Cancel a session that will not take place",
        request=CancelInputSerializer,
        responses={200: SessionSerializer, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        session = _runnable_session(request, pk)
        data = _validated(CancelInputSerializer, request)
        cancelled = services.session_cancel(
            actor=self.actor(), session=session, reason=data["reason"]
        )
        return Response(SessionSerializer(cancelled).data)


class SafetyResponseView(_Base):
    stale_serializer = SafetyInformationSerializer

    @extend_schema(
        summary="Record what the programme did about an item of safety information",
        request=ResponseInputSerializer,
        responses={
            200: SafetyInformationSerializer,
            403: NOT_YOURS_TO_WORK,
            404: NOT_FOUND,
            409: STALE,
        },
    )
    def post(self, request: Request, uid: str) -> Response:
        item = selectors.safety_item_or_404(request.user, uid)
        _workable(request, str(item.enrolment.uid))
        data = _validated(ResponseInputSerializer, request)
        answered = partner_contact.safety_information_respond(
            actor=self.actor(),
            item=item,
            expected_version=data["version"],
            response=data["response"],
        )
        return Response(SafetyInformationSerializer(answered).data)


class SafetyInformationListView(_Base):
    @extend_schema(
        summary="Safety information from the partner-support service",
        description="Released items only, without their source.",
        responses={
            200: SafetyInformationSerializer(many=True),
            403: NOT_YOURS_TO_WORK,
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request, uid: str) -> Response:
        enrolment = _workable(request, uid)
        items = selectors.enrolment_page(request.user, enrolment).safety_information
        # A read of his record, as on the enrolment page.
        services.enrolment_viewed(actor=self.actor(), enrolment=enrolment)
        return Response(SafetyInformationSerializer(items, many=True).data)


class ReportListView(_Base):
    @extend_schema(
        summary="Compliance reports you reach", responses={200: ReportSerializer(many=True)}
    )
    def get(self, request: Request) -> Response:
        rows = visible_to(request.user, ComplianceReport).select_related(
            "enrolment", "to_team", "protocol"
        )[:200]
        return Response(ReportSerializer(rows, many=True).data)


class ReportCreateView(_Base):
    @extend_schema(
        summary="Make and deliver a compliance report",
        request=ReportInputSerializer,
        responses={201: ReportSerializer, 403: NOT_YOURS_TO_WORK, 404: NOT_FOUND},
    )
    def post(self, request: Request, uid: str) -> Response:
        enrolment = _workable(request, uid)
        data = _validated(ReportInputSerializer, request)
        report = compliance_report_make(
            actor=self.actor(), enrolment=enrolment, start=data["start"], end=data["end"]
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ReportView(_Base):
    @extend_schema(summary="A compliance report", responses={200: ReportSerializer, 404: NOT_FOUND})
    def get(self, request: Request, reference: str) -> Response:
        report = selectors.report_or_404(request.user, reference)
        compliance_report_viewed(actor=self.actor(), report=report)
        return Response(ReportSerializer(report).data)


class ReportPdfView(_Base):
    @extend_schema(
        summary="A compliance report as PDF",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: NOT_FOUND},
    )
    def get(self, request: Request, reference: str) -> HttpResponse:
        report = selectors.report_or_404(request.user, reference)
        try:
            printed = compliance_report_print(actor=self.actor(), report=report)
        except PdfUnavailable:
            return Response(
                {"detail": _("PDFs cannot be made on this server at the moment.")},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        response = HttpResponse(printed.content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{printed.filename}"'
        return response


# --- her side -------------------------------------------------------------------------------------


def _her_link(request: Request, pk: int) -> PartnerLink:
    link = selectors.partner_link_or_404(request.user, pk)
    if case_access(request.user, link.partner_case).relation is not Relation.PARTNER_SUPPORT:
        raise Http404
    return link


class PartnerLinkListView(_Base):
    @extend_schema(
        summary="Partners to contact (her side)",
        responses={200: PartnerLinkSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(
            PartnerLinkSerializer(selectors.partner_schedule(request.user), many=True).data
        )


class PartnerContactView(_Base):
    @extend_schema(
        summary="Record a contact attempt or a contact with her",
        request=ContactInputSerializer,
        responses={201: ContactSerializer, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        link = _her_link(request, pk)
        data = _validated(ContactInputSerializer, request)
        contact = partner_contact.partner_contact_record(actor=self.actor(), link=link, **data)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class PartnerChannelsView(_Base):
    @extend_schema(
        summary="Set the channels she says are safe (her side)",
        request=ChannelsInputSerializer,
        responses={200: ChannelsSerializer, 404: NOT_FOUND},
    )
    def put(self, request: Request, pk: int) -> Response:
        link = _her_link(request, pk)
        data = _validated(ChannelsInputSerializer, request)
        changed = partner_contact.partner_channels_set(
            actor=self.actor(), link=link, channels=data["channels"]
        )
        return Response(ChannelsSerializer(changed).data)


class PartnerSafetyInformationView(_Base):
    @extend_schema(
        summary="Write safety information for the programme (her side)",
        request=SafetyInformationInputSerializer,
        responses={
            201: OpenApiResponse(description="Saved; released after the delay."),
            404: NOT_FOUND,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        link = _her_link(request, pk)
        data = _validated(SafetyInformationInputSerializer, request)
        item = partner_contact.safety_information_record(actor=self.actor(), link=link, **data)
        return Response(
            {"uid": str(item.uid), "release_after": item.source.release_after.isoformat()},
            status=status.HTTP_201_CREATED,
        )
