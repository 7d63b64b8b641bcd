"""Who reaches what of a risk conference (docs/access-control.md, "risk conference member").

Three ways in, each a condition of its own:
- the coordinating side: the coordinators of the conference's team and its chair run it and
  read everything referred to it;
- a member agency: the people of a member team read the agenda summary, research, minutes and
  actions of a case only while it is on the agenda of an *open* meeting, and only once they
  have accepted that meeting's confidentiality statement;
- afterwards an agency keeps only the actions assigned to it.
The referring side reads its own referrals (through its case). Nobody reaches the case itself
through a conference, and no referral ever holds her contact details or where she lives.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from accord.access import registry
from accord.access.fields import FIELD_CLASSES, FieldClass, Grant, RecordKind, Relation, rule_for
from accord.access.policy import AnyUser, case_access, is_person, memberships_of, worked_teams
from accord.accounts.models import Membership, Role, Team
from accord.cases.models import Case
from accord.conferences.models import (
    Action,
    Attendance,
    Conference,
    ConferenceMember,
    ConferenceReferral,
    ConfidentialityAcceptance,
    Meeting,
    MeetingStatus,
    Minute,
    Research,
)

# Who may represent an agency or chair a conference: a person who works in the team (never a
# system's account, nor an analyst, an organisation admin or a DPO: the coordinating side and
# the members read cases, which those roles never reach).
PRACTITIONER_ROLES = (
    Role.CASEWORKER,
    Role.MANAGER,
    Role.FACILITATOR,
    Role.COORDINATOR,
    Role.MENTOR,
)


def _team_ids(user: AnyUser) -> QuerySet:
    """The teams through which she takes part in conferences: those she works in as a
    practitioner. An analyst, an organisation admin or a DPO of a member team reaches none of
    its conference cases."""
    return memberships_of(user).filter(role__in=PRACTITIONER_ROLES).values("team_id")


def coordinated_conference_ids(user: AnyUser) -> QuerySet:
    """The conferences she runs: coordinator in its team, or its chair."""
    coordinating = memberships_of(user).filter(role=Role.COORDINATOR).values("team_id")
    return Conference.objects.filter(Q(team_id__in=coordinating) | Q(chair=user)).values("pk")


def coordinating_teams(user: AnyUser) -> QuerySet[Team]:
    """The teams in which she holds the conference-coordinator role: a conference she sets up
    is run by one of them. An organisation admin gives that role (she administers the teams);
    she does not set up a conference herself, since its coordinating side reads every case
    referred to it and an admin never reaches a person's record."""
    coordinating = memberships_of(user).filter(role=Role.COORDINATOR).values("team_id")
    return Team.objects.filter(pk__in=coordinating).select_related("service__organisation")


def practitioner_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(
        role__in=PRACTITIONER_ROLES, user__is_active=True, user__is_service_account=False
    )


def may_set_up_conferences(user: AnyUser) -> bool:
    """Set up a new conference: a conference coordinator (in any of her teams)."""
    return coordinating_teams(user).exists()


def member_conference_ids(user: AnyUser) -> QuerySet:
    return ConferenceMember.objects.filter(team_id__in=_team_ids(user)).values("conference_id")


def _coordinating(user: AnyUser, prefix: str = "") -> Q:
    return Q(**{f"{prefix}conference_id__in": coordinated_conference_ids(user)})


def _attending(user: AnyUser, prefix: str = "") -> Q:
    """A case on the agenda of an open meeting of a conference her team is a member of, once
    she has accepted that meeting's confidentiality statement."""
    accepted = ConfidentialityAcceptance.objects.filter(meeting_id=OuterRef("pk"), user=user)
    meetings = Meeting.objects.filter(
        Exists(accepted),
        status=MeetingStatus.OPEN,
        conference_id__in=member_conference_ids(user),
    )
    return Q(**{f"{prefix}meeting_id__in": meetings.values("pk")})


@registry.register(Conference)
def conferences(user: AnyUser) -> QuerySet[Conference]:
    """A conference: its coordinators and chair, and the people of its member teams (no
    person data on it)."""
    if not is_person(user):
        return Conference.objects.none()
    return Conference.objects.filter(
        Q(pk__in=coordinated_conference_ids(user)) | Q(pk__in=member_conference_ids(user))
    )


@registry.register(ConferenceMember, through="conference")
def conference_members(user: AnyUser) -> QuerySet[ConferenceMember]:
    """Its member agencies: whoever reaches the conference."""
    return ConferenceMember.objects.filter(conference__in=conferences(user))


@registry.register(Meeting, through="conference")
def meetings(user: AnyUser) -> QuerySet[Meeting]:
    """Its meetings (dates, kind, status; no case on them): whoever reaches the conference."""
    return Meeting.objects.filter(conference__in=conferences(user))


@registry.register(Attendance, through="meeting")
def attendance(user: AnyUser) -> QuerySet[Attendance]:
    """Who attended a meeting: whoever reaches the meeting."""
    return Attendance.objects.filter(meeting__in=meetings(user))


@registry.register(ConfidentialityAcceptance, through="meeting")
def acceptances(user: AnyUser) -> QuerySet[ConfidentialityAcceptance]:
    """Who accepted a meeting's confidentiality statement: the coordinating side, and each
    attendee her own."""
    if not is_person(user):
        return ConfidentialityAcceptance.objects.none()
    return ConfidentialityAcceptance.objects.filter(
        Q(meeting__conference_id__in=coordinated_conference_ids(user)) | Q(user=user)
    )


def _referral_filter(user: AnyUser, prefix: str = "") -> Q:
    return _coordinating(user, prefix) | _attending(user, prefix)


@registry.register(ConferenceReferral)
def conference_referrals(user: AnyUser) -> QuerySet[ConferenceReferral]:
    """A case referred to a conference (its agenda summary: her name, the risk level and
    summary, the criteria; never contact or location): the conference's coordinators and
    chair; the people of its member teams while the case is on the agenda of an open meeting
    and they have accepted its confidentiality statement; and the referring side, who work the
    case it came from."""
    if not is_person(user):
        return ConferenceReferral.objects.none()
    # The owning side of her case (`worked_teams` and her key worker), not its DPO,
    # who reads her identity only on an audited request.
    owning = Q(case__team__in=worked_teams(user)) | Q(case__key_worker=user)
    return ConferenceReferral.objects.filter(_referral_filter(user) | owning)


@registry.register(Research, through="referral")
def research(user: AnyUser) -> QuerySet[Research]:
    """What each member agency holds on a case: the coordinating side, and the members of the
    open meeting whose agenda the case is on, for that case only (not the referring side as
    such)."""
    if not is_person(user):
        return Research.objects.none()
    return Research.objects.filter(_referral_filter(user, "referral__"))


@registry.register(Minute, through="referral")
def minutes(user: AnyUser) -> QuerySet[Minute]:
    """The minute of a case: the coordinating side, and, while the meeting is open, the
    members it is distributed to."""
    if not is_person(user):
        return Minute.objects.none()
    return Minute.objects.filter(
        _coordinating(user, "referral__")
        | (_attending(user, "referral__") & Q(distribution__in=_team_ids(user)))
    ).distinct()


@registry.register(Action, through="referral")
def actions(user: AnyUser) -> QuerySet[Action]:
    """A case's actions: the coordinating side; the members while the case is on an open
    meeting's agenda; and, at any time after, the agency the action is assigned to."""
    if not is_person(user):
        return Action.objects.none()
    return Action.objects.filter(
        _referral_filter(user, "referral__") | Q(team_id__in=_team_ids(user))
    )


# --- what a member reads of her record: the rule table's "risk conference member" column -------


def member_reads(field_class: FieldClass) -> bool:
    """One cell of the column. Only ✔ is read freely (administrative, identity); contact and
    location are ✘; the conditional cells are what the conference's own records carry: the
    risk as the referrer's level and summary, disclosures as each agency's research summary."""
    rule = rule_for(RecordKind.PERSON_AT_RISK, field_class, Relation.CONFERENCE)
    return rule.grant is Grant.ALLOW


def member_person_fields() -> list[str]:
    """The fields of her person record a referral may carry, in the record's order."""
    return [
        name
        for name, field_class in FIELD_CLASSES["people.person"].items()
        if member_reads(field_class)
    ]


def readable_snapshot(referral: ConferenceReferral) -> dict:
    """What a reader of the referral sees of her identity snapshot, decided again at every read:
    a cell of the column tightened later hides what older referrals carry."""
    allowed = set(member_person_fields())
    return {name: value for name, value in referral.shared.items() if name in allowed}


# --- how one user stands to a conference or a meeting -------------------------------------------


@dataclass(frozen=True)
class ConferenceAccess:
    conference: Conference
    coordinator: bool
    member_team_ids: frozenset[int]

    @property
    def member(self) -> bool:
        return bool(self.member_team_ids)


def conference_access(user: AnyUser, conference: Conference) -> ConferenceAccess:
    """Computed once per request (two queries)."""
    coordinator = coordinated_conference_ids(user).filter(pk=conference.pk).exists()
    teams = frozenset(
        ConferenceMember.objects.filter(
            conference=conference, team_id__in=_team_ids(user)
        ).values_list("team_id", flat=True)
    )
    return ConferenceAccess(conference=conference, coordinator=coordinator, member_team_ids=teams)


@dataclass(frozen=True)
class MeetingAccess:
    meeting: Meeting
    conference: ConferenceAccess
    accepted: bool

    @property
    def is_open(self) -> bool:
        return self.meeting.status == MeetingStatus.OPEN

    @property
    def coordinator(self) -> bool:
        return self.conference.coordinator

    @property
    def reads_cases(self) -> bool:
        """The case list opens to the coordinating side, and to a member who accepted the
        confidentiality statement of this open meeting."""
        return self.coordinator or (self.conference.member and self.accepted and self.is_open)

    @property
    def may_research(self) -> bool:
        return self.conference.member and self.accepted and self.is_open

    @property
    def may_run(self) -> bool:
        """Agenda, attendance, minutes, actions, closing: the coordinating side, while open."""
        return self.coordinator and self.is_open


def meeting_access(user: AnyUser, meeting: Meeting) -> MeetingAccess:
    accepted = ConfidentialityAcceptance.objects.filter(meeting=meeting, user=user).exists()
    return MeetingAccess(
        meeting=meeting,
        conference=conference_access(user, meeting.conference),
        accepted=accepted,
    )


def may_refer_from(user: AnyUser, case: Case) -> bool:
    """Refer a case to a conference: who works it (the owning survivor side)."""
    access = case_access(user, case)
    return access.may_work and case.is_survivor_side


def may_withdraw(user: AnyUser, referral: ConferenceReferral) -> bool:
    """Withdraw a referral: the referring side (who works her case) or the coordinating side,
    never a member agency."""
    return conference_access(user, referral.conference).coordinator or may_refer_from(
        user, referral.case
    )


def may_transfer(user: AnyUser, referral: ConferenceReferral) -> bool:
    """Transfer a referral to another conference (she moved): the coordinating side."""
    return conference_access(user, referral.conference).coordinator
