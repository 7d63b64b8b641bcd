"""Risk conferences in the API: /api/v1/conferences/ (list, set up, change, member agencies,
meetings scheduled and called), /api/v1/conference-referrals/ (refer,
read, withdraw, transfer), /api/v1/conference-meetings/<id>/ (the meeting, its agenda,
attendance, closing it, closing earlier actions) and each case's research, minute and actions.

The same rules as the pages, from the same places (accord/conferences/access.py and
selectors): a conference, meeting or case the caller may not reach answers 404, exactly as
one that does not exist; a member reads a meeting's cases only after accepting its
confidentiality statement (on the meeting's page). Sharing without her consent needs a fresh
re-authentication and is therefore a page, never an API call. People only: a service
account's token reaches nothing here.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accord.access.policy import visible_to
from accord.accounts.models import Team, User
from accord.api import conference_serializers as s
from accord.api.casework_views import NOT_FOUND, _validated
from accord.api.permissions import IsVerifiedPerson
from accord.api.schema import PersonsOnlySchema
from accord.audit.context import Actor
from accord.cases.selectors import case_and_access_or_404
from accord.conferences import selectors, services
from accord.conferences.access import (
    MeetingAccess,
    conference_access,
    coordinating_teams,
    may_refer_from,
    may_transfer,
    may_withdraw,
    meeting_access,
)
from accord.conferences.models import Action, Attendance, Conference, ConferenceMember
from accord.conferences.views import CONFLICT as CONFLICT_TEXT
from accord.core.locking import StaleVersion

CONFLICT = OpenApiResponse(s.ConflictSerializer, description="Changed since you read it.")


class _ConferenceAPI(APIView):
    permission_classes = [IsVerifiedPerson]
    schema = PersonsOnlySchema()

    def meeting(self, pk: int) -> MeetingAccess:
        access = meeting_access(self.request.user, selectors.meeting_or_404(self.request.user, pk))
        if not access.reads_cases:
            raise NotFound
        return access

    def stale_response(self, stale: StaleVersion) -> dict[str, Any]:
        """The 409 body (ConflictSerializer), given to the API's exception handler."""
        return {"detail": str(CONFLICT_TEXT), "version": stale.current.version}


class ConferenceListView(_ConferenceAPI):
    @extend_schema(
        summary="Your risk conferences",
        description="Those you coordinate or chair, and those your team is a member of.",
        responses={200: s.ConferenceSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.my_conferences(request.user)
        return Response(s.ConferenceSerializer(rows, many=True).data)

    @extend_schema(
        summary="Set up a risk conference",
        description=(
            "A conference coordinator, for one of the teams in which she holds that role (its "
            "coordinators run the conference). It starts without member agencies; the chair, "
            "if named now, works in the coordinating team. Bad input: 400 saying why."
        ),
        request=s.ConferenceCreateInputSerializer,
        responses={201: s.ConferenceDetailSerializer, 400: OpenApiResponse(), 404: NOT_FOUND},
    )
    def post(self, request: Request) -> Response:
        teams = coordinating_teams(request.user)
        if not teams.exists():
            raise NotFound
        data = _validated(s.ConferenceCreateInputSerializer, request)
        team = teams.filter(pk=data.pop("team")).first()
        if team is None:
            raise ValidationError(
                {"team": _("Choose one of the teams in which you are a conference coordinator.")}
            )
        # The rest of the input is the set-up's fields (name, area, schedule, first meeting,
        # time zone), as the service names them.
        conference = services.conference_create(
            actor=Actor.from_request(request),
            team=team,
            chair=_chair(data.pop("chair", None)),
            **data,
        )
        return Response(s.ConferenceDetailSerializer(conference).data, status=201)


def _chair(pk: int | None) -> User | None:
    """The person named to chair; the service decides whether she may."""
    if pk is None:
        return None
    chair = User.objects.filter(pk=pk).first()
    if chair is None:
        raise ValidationError(
            {"chair": _("The chair must work in the coordinating team or in a member agency.")}
        )
    return chair


class _SetUpAPI(_ConferenceAPI):
    def conference(self, pk: int) -> Conference:
        try:
            return selectors.conference_or_404(self.request.user, pk)
        except Http404 as missing:
            raise NotFound from missing

    def coordinated(self, pk: int) -> Conference:
        """The coordinating side sets the conference up; to anyone else it is missing."""
        conference = self.conference(pk)
        if not conference_access(self.request.user, conference).coordinator:
            raise NotFound
        return conference


class ConferenceView(_SetUpAPI):
    @extend_schema(
        summary="One risk conference",
        description="Its set-up (no case): whoever reaches the conference.",
        responses={200: s.ConferenceDetailSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.ConferenceDetailSerializer(self.conference(pk)).data)

    @extend_schema(
        summary="Change a conference's name, area, schedule or chair",
        description="The coordinating side. The meetings already planned keep their dates. "
        "Stale version: 409.",
        request=s.ConferenceUpdateInputSerializer,
        responses={
            200: s.ConferenceDetailSerializer,
            400: OpenApiResponse(),
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def put(self, request: Request, pk: int) -> Response:
        conference = self.coordinated(pk)
        data = _validated(s.ConferenceUpdateInputSerializer, request)
        changed = services.conference_update(
            actor=Actor.from_request(request),
            conference=conference,
            expected_version=data.pop("version"),
            chair=_chair(data.pop("chair", None)),
            **data,
        )
        return Response(s.ConferenceDetailSerializer(changed).data)


class ConferenceMembersView(_SetUpAPI):
    @extend_schema(
        summary="A conference's member agencies",
        description="Each with the person who represents it: whoever reaches the conference.",
        responses={200: s.ConferenceMemberSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        conference = self.conference(pk)
        rows = (
            visible_to(request.user, ConferenceMember)
            .filter(conference=conference)
            .select_related("team__service", "representative")
            .order_by("team__service__name", "team__name", "pk")
        )
        return Response(s.ConferenceMemberSerializer(rows, many=True).data)

    @extend_schema(
        summary="Add a member agency",
        description="The coordinating side: a team and its representative, a person who works "
        "in it (never a system's account, an analyst, an admin or a DPO). From then on its "
        "practitioners take part in the conference's meetings. Bad input: 400 saying why.",
        request=s.ConferenceMemberInputSerializer,
        responses={201: s.ConferenceMemberSerializer, 400: OpenApiResponse(), 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        conference = self.coordinated(pk)
        data = _validated(s.ConferenceMemberInputSerializer, request)
        team = _team(data["team"])
        representative = User.objects.filter(pk=data["representative"]).first()
        # No such team: the service says to choose the agency; no such person: as for anyone
        # who is not in the team.
        if team is not None and representative is None:
            raise ValidationError(
                {"representative": _("The representative must belong to the member team.")}
            )
        member = services.conference_member_add(
            actor=Actor.from_request(request),
            conference=conference,
            team=team,
            representative=representative,
        )
        return Response(s.ConferenceMemberSerializer(member).data, status=201)


class ConferenceMemberView(_SetUpAPI):
    @extend_schema(
        summary="Remove a member agency",
        description="The coordinating side: its people reach none of the conference's cases "
        "from now on; the actions already assigned to it stay its own. The chair's own agency "
        "stays while she chairs (400).",
        request=None,
        responses={204: None, 400: OpenApiResponse(), 404: NOT_FOUND},
    )
    def delete(self, request: Request, pk: int, member_id: int) -> Response:
        conference = self.coordinated(pk)
        try:
            member = selectors.member_or_404(conference, member_id)
        except Http404 as missing:
            raise NotFound from missing
        services.conference_member_remove(actor=Actor.from_request(request), member=member)
        return Response(status=204)


class NextMeetingView(_SetUpAPI):
    @extend_schema(
        summary="Schedule the conference's next meeting",
        description="The coordinating side: the next date of its schedule.",
        request=None,
        responses={201: s.ConferenceMeetingSerializer, 400: OpenApiResponse(), 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = services.meeting_schedule_next(
            actor=Actor.from_request(request), conference=self.coordinated(pk)
        )
        return Response(s.ConferenceMeetingSerializer(meeting).data, status=201)


class EmergencyMeetingView(_SetUpAPI):
    @extend_schema(
        summary="Call an emergency meeting",
        description="The coordinating side, today or later (a day gone by: 400).",
        request=s.EmergencyMeetingInputSerializer,
        responses={201: s.ConferenceMeetingSerializer, 400: OpenApiResponse(), 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        conference = self.coordinated(pk)
        data = _validated(s.EmergencyMeetingInputSerializer, request)
        meeting = services.meeting_emergency(
            actor=Actor.from_request(request), conference=conference, starts_at=data["starts_at"]
        )
        return Response(s.ConferenceMeetingSerializer(meeting).data, status=201)


class ConferenceReferralCreateView(_ConferenceAPI):
    @extend_schema(
        summary="Refer her case to a risk conference",
        description=(
            "From a case you work. It must meet a criterion the risk picture computed, or give "
            "a professional-judgement reason; her consent to sharing with a risk conference "
            "must hold today (otherwise 400 says why). Repeats are flagged by the conference."
        ),
        request=s.ConferenceReferralInputSerializer,
        responses={201: s.ConferenceReferralSerializer, 400: OpenApiResponse(), 404: NOT_FOUND},
    )
    def post(self, request: Request) -> Response:
        data = _validated(s.ConferenceReferralInputSerializer, request)
        try:
            case, _access = case_and_access_or_404(request.user, data["case"])
        except Http404 as missing:
            raise NotFound from missing
        if not may_refer_from(request.user, case):
            raise NotFound
        conference = selectors.referable_conferences().filter(pk=data["conference"]).first()
        if conference is None:
            raise NotFound
        referral = services.conference_referral_make(
            actor=Actor.from_request(request),
            conference=conference,
            case=case,
            risk_summary=data["risk_summary"],
            judgement_reason=data.get("judgement_reason", ""),
        )
        referral = selectors.referral_or_404(request.user, referral.reference)
        return Response(s.ConferenceReferralSerializer(referral).data, status=201)


class ConferenceReferralView(_ConferenceAPI):
    @extend_schema(
        summary="One conference referral",
        description="Its agenda summary: the coordinating side, the referring side, and the "
        "members of the open meeting whose agenda it is on.",
        responses={200: s.ConferenceReferralSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, reference: str) -> Response:
        try:
            referral = selectors.referral_or_404(request.user, reference)
        except Http404 as missing:
            raise NotFound from missing
        services.conference_page_viewed(
            actor=Actor.from_request(request), referral=referral, what="referral_read"
        )
        return Response(s.ConferenceReferralSerializer(referral).data)


class MeetingAgendaView(_ConferenceAPI):
    @extend_schema(
        summary="A meeting's agenda",
        description="In the agenda's order (repeats, highest risk, children in the household).",
        responses={200: s.ConferenceReferralSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        access = self.meeting(pk)
        rows = selectors.agenda_pack(request.user, access.meeting)
        return Response(s.ConferenceReferralSerializer(rows, many=True).data)


class _CaseAPI(_ConferenceAPI):
    def case(self, pk: int, reference: str) -> tuple[MeetingAccess, Any]:
        access = self.meeting(pk)
        try:
            referral = selectors.referral_on_meeting_or_404(
                self.request.user, access.meeting, reference
            )
        except Http404 as missing:
            raise NotFound from missing
        return access, referral


class ResearchView(_CaseAPI):
    @extend_schema(
        summary="The research on one case",
        description="Every member agency's, for the members of the meeting.",
        responses={200: s.ResearchSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int, reference: str) -> Response:
        _access, referral = self.case(pk, reference)
        view = selectors.case_at_meeting(request.user, referral)
        services.conference_page_viewed(
            actor=Actor.from_request(request), referral=referral, what="research_read"
        )
        return Response(s.ResearchSerializer(view.research, many=True).data)

    @extend_schema(
        summary="Save your agency's research on one case",
        description="A member who accepted the meeting's statement; stale version: 409.",
        request=s.ResearchInputSerializer,
        responses={
            200: s.ResearchSerializer,
            400: OpenApiResponse(),
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, pk: int, reference: str) -> Response:
        access, referral = self.case(pk, reference)
        if not access.may_research:
            raise NotFound
        data = _validated(s.ResearchInputSerializer, request)
        team = selectors.research_team(access)
        row = services.research_save(
            actor=Actor.from_request(request),
            referral=referral,
            team=team,
            summary=data["summary"],
            involvement=data.get("involvement", ""),
            risks_known=data.get("risks_known", ""),
            views_and_wishes=data.get("views_and_wishes", ""),
            expected_version=data.get("version"),
        )
        return Response(s.ResearchSerializer(row).data)


class CaseActionsView(_CaseAPI):
    @extend_schema(
        summary="Agree an action on one case",
        description="The coordinating side, while the meeting is open. Without an agency: 400.",
        request=s.ActionInputSerializer,
        responses={201: s.ActionSerializer, 400: OpenApiResponse(), 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int, reference: str) -> Response:
        access, referral = self.case(pk, reference)
        if not access.coordinator:
            raise NotFound
        data = _validated(s.ActionInputSerializer, request)
        # Any team id: the service refuses one that is not a member agency, or none, saying so.
        team = Team.objects.select_related("service").filter(pk=data.get("team")).first()
        action = services.action_add(
            actor=Actor.from_request(request),
            referral=referral,
            team=team,
            owner=data["owner"],
            what=data["what"],
            due_on=data["due_on"],
        )
        return Response(s.ActionSerializer(action).data, status=201)


class ActionListView(_ConferenceAPI):
    @extend_schema(
        summary="Conference actions you reach",
        description="Those of the cases on your open meetings' agendas, and your agency's own.",
        responses={200: s.ActionSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = (
            visible_to(request.user, Action)
            .select_related("team__service", "referral")
            .order_by("due_on", "pk")
        )
        return Response(s.ActionSerializer(rows, many=True).data)


def _referral(user: Any, reference: str) -> Any:
    try:
        return selectors.referral_or_404(user, reference)
    except Http404 as missing:
        raise NotFound from missing


class ConferenceReferralWithdrawView(_ConferenceAPI):
    @extend_schema(
        summary="Withdraw a conference referral",
        description="The referring side or the coordinating side, with a reason, while it is "
        "received or on an agenda; stale version: 409.",
        request=s.ConferenceReasonInputSerializer,
        responses={
            200: s.ConferenceReferralSerializer,
            400: OpenApiResponse(),
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, reference: str) -> Response:
        referral = _referral(request.user, reference)
        if not may_withdraw(request.user, referral):
            raise NotFound
        data = _validated(s.ConferenceReasonInputSerializer, request)
        withdrawn = services.conference_referral_withdraw(
            actor=Actor.from_request(request),
            referral=referral,
            expected_version=data["version"],
            reason=data["reason"],
        )
        return Response(s.ConferenceReferralSerializer(withdrawn).data)


class ConferenceReferralTransferView(_ConferenceAPI):
    @extend_schema(
        summary="Transfer a conference referral to another conference",
        description="She moved: the coordinating side sends the referral, as it is (the repeat "
        "flag with it), to the conference of her new area. The answer is the referral received "
        "there; stale version: 409.",
        request=s.ConferenceTransferInputSerializer,
        responses={
            201: s.ConferenceReferralSerializer,
            400: OpenApiResponse(),
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, reference: str) -> Response:
        referral = _referral(request.user, reference)
        if not may_transfer(request.user, referral):
            raise NotFound
        data = _validated(s.ConferenceTransferInputSerializer, request)
        moved = services.conference_referral_transfer(
            actor=Actor.from_request(request),
            referral=referral,
            expected_version=data["version"],
            to_conference=data["to_conference"],
            reason=data["reason"],
        )
        return Response(s.ConferenceReferralSerializer(moved).data, status=201)


class MeetingView(_ConferenceAPI):
    @extend_schema(
        summary="One conference meeting",
        description="Its date, kind, status and version (no case on it): whoever reaches the "
        "conference.",
        responses={200: s.ConferenceMeetingSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            meeting = selectors.meeting_or_404(request.user, pk)
        except Http404 as missing:
            raise NotFound from missing
        return Response(s.ConferenceMeetingSerializer(meeting).data)


class _RunningAPI(_ConferenceAPI):
    def running(self, pk: int) -> MeetingAccess:
        """The coordinating side runs the meeting; to anyone else it is missing."""
        access = self.meeting(pk)
        if not access.coordinator:
            raise NotFound
        return access


class MeetingCloseView(_RunningAPI):
    @extend_schema(
        summary="Close a meeting",
        description="The coordinating side: its cases are heard, nothing of it changes any "
        "more, and each agency keeps only the actions assigned to it. Stale version: 409.",
        request=s.ConferenceVersionInputSerializer,
        responses={
            200: s.ConferenceMeetingSerializer,
            400: OpenApiResponse(),
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        access = self.running(pk)
        data = _validated(s.ConferenceVersionInputSerializer, request)
        closed = services.meeting_close(
            actor=Actor.from_request(request),
            meeting=access.meeting,
            expected_version=data["version"],
        )
        return Response(s.ConferenceMeetingSerializer(closed).data)


class MeetingAttendanceView(_RunningAPI):
    @extend_schema(
        summary="A meeting's attendance",
        description="Each member agency's: present, apologies or information only.",
        responses={200: s.ConferenceAttendanceSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        access = self.meeting(pk)
        rows = (
            visible_to(request.user, Attendance)
            .filter(meeting=access.meeting)
            .select_related("team__service")
            .order_by("team__name", "pk")
        )
        return Response(s.ConferenceAttendanceSerializer(rows, many=True).data)

    @extend_schema(
        summary="Record an agency's attendance",
        description="The coordinating side, while the meeting is open; a team that is not a "
        "member agency: 400.",
        request=s.ConferenceAttendanceInputSerializer,
        responses={200: s.ConferenceAttendanceSerializer, 400: OpenApiResponse(), 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        access = self.running(pk)
        data = _validated(s.ConferenceAttendanceInputSerializer, request)
        # Any team id: the service refuses one that is not a member agency, saying so.
        team = _team(data["team"])
        row = services.attendance_record(
            actor=Actor.from_request(request),
            meeting=access.meeting,
            team=team,
            status=data["attendance"],
        )
        return Response(s.ConferenceAttendanceSerializer(row).data)


def _team(pk: int) -> Team | None:
    return Team.objects.select_related("service").filter(pk=pk).first()


class MinuteView(_CaseAPI):
    @extend_schema(
        summary="The minute of one case",
        description="The coordinating side; a member while the meeting is open, when it is "
        "distributed to her agency. None yet, or not yours to read: 404.",
        responses={200: s.ConferenceMinuteSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int, reference: str) -> Response:
        _access, referral = self.case(pk, reference)
        minute = selectors.case_at_meeting(request.user, referral).minute
        if minute is None:
            raise NotFound
        services.conference_page_viewed(
            actor=Actor.from_request(request), referral=referral, what="minute_read"
        )
        return Response(s.ConferenceMinuteSerializer(minute).data)

    @extend_schema(
        summary="Write the minute of one case",
        description="The coordinating side, while the meeting is open (once it is closed: 400, "
        "nothing saved). Send the version you read to change it; stale version: 409.",
        request=s.ConferenceMinuteInputSerializer,
        responses={
            200: s.ConferenceMinuteSerializer,
            400: OpenApiResponse(),
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, pk: int, reference: str) -> Response:
        access, referral = self.case(pk, reference)
        if not access.coordinator:
            raise NotFound
        data = _validated(s.ConferenceMinuteInputSerializer, request)
        # Each must be a member agency: the service refuses any other (or a missing one).
        distribution = [_team(team_id) for team_id in dict.fromkeys(data["distribution"])]
        minute = services.minute_save(
            actor=Actor.from_request(request),
            referral=referral,
            text=data["text"],
            distribution=distribution,
            expected_version=data.get("version"),
        )
        return Response(s.ConferenceMinuteSerializer(minute).data)


class ActionCloseView(_RunningAPI):
    @extend_schema(
        summary="Close an earlier meeting's action",
        description="At a later open meeting of the same conference: done, not done — "
        "circumstances changed, or not done — the agency did not act. Stale version: 409.",
        request=s.ActionCloseInputSerializer,
        responses={
            200: s.ActionSerializer,
            400: OpenApiResponse(),
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, pk: int, action_id: int) -> Response:
        access = self.running(pk)
        action = visible_to(request.user, Action).filter(pk=action_id).first()
        if action is None:
            raise NotFound
        data = _validated(s.ActionCloseInputSerializer, request)
        closed = services.action_close(
            actor=Actor.from_request(request),
            action=action,
            expected_version=data["version"],
            status=data["status"],
            meeting=access.meeting,
        )
        return Response(s.ActionSerializer(closed).data)
