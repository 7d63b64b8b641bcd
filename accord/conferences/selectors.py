"""Every read of the risk-conference work, access-scoped through accord/conferences/access.py.
Each selector owns its joins, so that a page costs the same number of queries however many
cases are on it."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Case as When_
from django.db.models import IntegerField, Prefetch, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.access.policy import AnyUser, get_visible_or_404, visible_to
from accord.accounts.models import Membership, Team, User
from accord.cases.risk_levels import RiskLevel
from accord.conferences.access import (
    MeetingAccess,
    coordinated_conference_ids,
    practitioner_memberships,
    readable_snapshot,
)
from accord.conferences.models import (
    Action,
    ActionStatus,
    Conference,
    ConferenceMember,
    ConferenceReferral,
    ConferenceReferralStatus,
    Meeting,
    Minute,
    Research,
    criterion_label,
    risk_level_label,
)
from accord.core.disclosure import Cell, primary
from accord.people.models import Gender, Person

RISK_RANK = When_(
    *(When(risk_level=level.value, then=Value(level.rank)) for level in RiskLevel),
    default=Value(-1),
    output_field=IntegerField(),
)
# The agenda's order: repeats first, then the highest risk, then the most children in the
# household, then the oldest referral.
AGENDA_ORDER = ("-is_repeat", "-risk_rank", "-children_in_household", "referred_at", "pk")


def conference_or_404(user: AnyUser, pk: int) -> Conference:
    return get_visible_or_404(user, Conference, pk=pk)


def my_conferences(user: AnyUser) -> QuerySet[Conference]:
    return visible_to(user, Conference).order_by("name")


def referable_conferences() -> QuerySet[Conference]:
    """The conferences a case may be referred or transferred to: every conference of the
    locality. A conference holds no person data (its area and name), and who refers to it is
    decided by the case (`may_refer_from`), not by membership of the conference."""
    return Conference.objects.order_by("name")


# --- setting a conference up: the coordinating side only (the views check) ----------------------


def conference_members(conference: Conference) -> QuerySet[ConferenceMember]:
    return (
        ConferenceMember.objects.filter(conference=conference)
        .select_related("team__service__organisation", "representative")
        .order_by("team__service__organisation__name", "team__name", "pk")
    )


def member_or_404(conference: Conference, member_id: int) -> ConferenceMember:
    member = ConferenceMember.objects.filter(conference=conference, pk=member_id).first()
    if member is None:
        raise Http404
    return member


def representative_choices(conference: Conference) -> QuerySet[Membership]:
    """Who may represent an agency that is not yet a member: the people who work in a team of
    the locality (names and teams only, what a coordinator needs to name a representative;
    never a system's account, an analyst, an admin or a DPO)."""
    members = ConferenceMember.objects.filter(conference=conference).values("team_id")
    return (
        practitioner_memberships()
        .exclude(team_id__in=members)
        .select_related("user", "team__service__organisation")
        .order_by("team__service__organisation__name", "team__service__name", "team__name", "pk")
    )


def chair_choices(team_ids: QuerySet | list[int]) -> QuerySet[User]:
    """Who may chair: a person who works in the coordinating team or in a member agency."""
    chairs = practitioner_memberships().filter(team_id__in=team_ids).values("user_id")
    return User.objects.filter(pk__in=chairs).order_by("last_name", "first_name", "pk")


def conference_team_ids(conference: Conference) -> list[int]:
    return [conference.team_id, *conference.members.values_list("team_id", flat=True)]


def meeting_or_404(user: AnyUser, pk: int) -> Meeting:
    try:
        return visible_to(user, Meeting).select_related("conference__team__service").get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def meetings_of(conference: Conference) -> QuerySet[Meeting]:
    return Meeting.objects.filter(conference=conference).order_by("-starts_at")


def next_open_meeting(conference: Conference) -> Meeting | None:
    return (
        Meeting.objects.filter(conference=conference, status="open").order_by("starts_at").first()
    )


def _referral_rows(user: AnyUser) -> QuerySet[ConferenceReferral]:
    return visible_to(user, ConferenceReferral).select_related("referring_team__service")


class AgendaRow(NamedTuple):
    """One line of the agenda's table: nothing encrypted, and no model instance (a long
    agenda costs little more than its query: bench/agenda.py)."""

    reference: str
    criteria: list[str]
    risk_level: str
    children_in_household: int
    is_repeat: bool
    referring_agency: str

    @property
    def criteria_labels(self) -> list[str]:
        return [criterion_label(value) for value in self.criteria]

    @property
    def risk_level_label(self) -> str:
        return risk_level_label(self.risk_level)


AGENDA_FIELDS = (
    "reference",
    "criteria",
    "risk_level",
    "children_in_household",
    "is_repeat",
    "referring_team__service__name",
)


def _agenda_rows(user: AnyUser, meeting: Meeting) -> QuerySet[ConferenceReferral]:
    return (
        _referral_rows(user)
        .filter(meeting=meeting)
        .annotate(risk_rank=RISK_RANK)
        .order_by(*AGENDA_ORDER)
    )


def _table(rows: QuerySet[ConferenceReferral]) -> list[AgendaRow]:
    return list(map(AgendaRow._make, rows.values_list(*AGENDA_FIELDS)))


def agenda(user: AnyUser, meeting: Meeting) -> list[AgendaRow]:
    """The cases on the meeting's agenda she may read, in the agenda's order (one query)."""
    return _table(_agenda_rows(user, meeting))


def agenda_pack(user: AnyUser, meeting: Meeting) -> list[ConferenceReferral]:
    """The same cases with what the pack prints of each (her name, the risk summary)."""
    return [with_identity(referral) for referral in _agenda_rows(user, meeting)]


def with_identity(referral: ConferenceReferral) -> ConferenceReferral:
    """The referral with `identity`: what the rule table lets a reader see of the identity
    snapshot it carries (accord/conferences/access.py, `readable_snapshot`)."""
    referral.identity = readable_snapshot(referral)
    return referral


def identity_rows(referral: ConferenceReferral) -> list[tuple[str, str]]:
    """Her identity as the referral shares it, a labelled line per field, in the record's
    order (no query)."""
    rows = []
    for name, value in readable_snapshot(referral).items():
        model_field = Person._meta.get_field(name)
        if model_field.choices:
            value = dict(model_field.choices).get(value, value)
        elif isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        rows.append((str(model_field.verbose_name), str(value)))
    return rows


def received(user: AnyUser, conference: Conference) -> list[AgendaRow]:
    """Referrals received and not yet on an agenda, in the agenda's order."""
    return _table(
        _referral_rows(user)
        .filter(conference=conference, status=ConferenceReferralStatus.RECEIVED)
        .annotate(risk_rank=RISK_RANK)
        .order_by(*AGENDA_ORDER)
    )


def referral_on_meeting_or_404(
    user: AnyUser, meeting: Meeting, reference: str
) -> ConferenceReferral:
    """A case of this meeting's agenda: any other (or one she may not read) is missing."""
    try:
        return with_identity(
            _referral_rows(user)
            .select_related("conference__team__service")
            .get(meeting=meeting, reference=reference)
        )
    except (ConferenceReferral.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def referral_or_404(user: AnyUser, reference: str) -> ConferenceReferral:
    try:
        return with_identity(
            visible_to(user, ConferenceReferral)
            .select_related("conference__team__service", "case__team__service", "meeting")
            .get(reference=reference)
        )
    except (ConferenceReferral.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


@dataclass
class CaseAtMeeting:
    referral: ConferenceReferral
    research: list[Research]
    minute: Minute | None
    actions: list[Action]


def case_at_meeting(user: AnyUser, referral: ConferenceReferral) -> CaseAtMeeting:
    """Research, minute and actions of one case, as far as she reads them (three queries)."""
    research = list(
        visible_to(user, Research)
        .filter(referral=referral)
        .select_related("team__service")
        .order_by("team__name")
    )
    minute = (
        visible_to(user, Minute).filter(referral=referral).prefetch_related("distribution").first()
    )
    case_actions = list(
        visible_to(user, Action)
        .filter(referral=referral)
        .select_related("team__service")
        .order_by("due_on", "pk")
    )
    return CaseAtMeeting(referral, research, minute, case_actions)


def research_team(access: MeetingAccess) -> Team:
    """The member agency whose research she writes: someone in two member teams writes for the
    first, as research is per agency, not per person."""
    team_ids = sorted(access.conference.member_team_ids)
    return Team.objects.select_related("service").get(pk=team_ids[0])


def research_by_referral(user: AnyUser, meeting: Meeting) -> dict[int, list[Research]]:
    """Every agency's research on every case of the meeting (one query), for the agenda pack."""
    rows = (
        visible_to(user, Research)
        .filter(referral__meeting=meeting)
        .select_related("team__service")
        .order_by("team__name")
    )
    found: dict[int, list[Research]] = {}
    for row in rows:
        found.setdefault(row.referral_id, []).append(row)
    return found


def minutes_of(user: AnyUser, meeting: Meeting) -> list[Minute]:
    """The minutes of the meeting she receives, with their cases and actions (three queries)."""
    return list(
        visible_to(user, Minute)
        .filter(referral__meeting=meeting)
        .select_related("referral")
        .prefetch_related(
            "distribution",
            Prefetch(
                "referral__actions",
                queryset=visible_to(user, Action).select_related("team").order_by("due_on"),
            ),
        )
        .order_by("referral__reference")
    )


def open_actions_before(user: AnyUser, meeting: Meeting) -> list[Action]:
    """The actions still open from the conference's earlier meetings, to be closed first."""
    return list(
        visible_to(user, Action)
        .filter(
            referral__conference_id=meeting.conference_id,
            referral__meeting__starts_at__lt=meeting.starts_at,
            status=ActionStatus.OPEN,
        )
        .select_related("team__service", "referral__meeting")
        .order_by("due_on", "pk")
    )


@dataclass
class AgencyActions:
    team_name: str
    overdue: list[Action] = field(default_factory=list)


def overdue_by_agency(user: AnyUser, *, today: datetime.date | None = None) -> list[AgencyActions]:
    """Overdue actions, grouped by agency, across every meeting she reaches (one query)."""
    today = today or timezone.localdate()
    rows = (
        visible_to(user, Action)
        .filter(status=ActionStatus.OPEN, due_on__lt=today)
        .select_related("team__service", "referral__conference")
        .order_by("team__name", "due_on", "pk")
    )
    grouped: dict[int, AgencyActions] = {}
    for action in rows:
        group = grouped.setdefault(
            action.team_id, AgencyActions(f"{action.team.service.name} · {action.team.name}")
        )
        group.overdue.append(action)
    return list(grouped.values())


# --- the quarterly dataset ------------------------------------------------------------------


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("a quarter is 1 to 4")
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end


@dataclass
class Dataset:
    conference: Conference
    year: int
    quarter: int
    cases_heard: Cell
    repeats: Cell
    # The rate is published only when both counts behind it are.
    repeat_rate: str
    children: Cell
    by_referring_agency: list[tuple[str, Cell]]
    by_gender: list[tuple[str, Cell]]
    by_age: list[tuple[str, Cell]]
    by_disability: list[tuple[str, Cell]]


def _age_band(born: str | None, on: datetime.date) -> str:
    if not born:
        return _("Not recorded")
    birth = datetime.date.fromisoformat(born)
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    if age < 18:
        return _("Under 18")
    if age < 25:
        return "18–24"
    if age < 35:
        return "25–34"
    if age < 50:
        return "35–49"
    return _("50 and over")


def _cells(counter: Counter) -> list[tuple[str, Cell]]:
    return [(label, primary(count)) for label, count in sorted(counter.items())]


def quarterly_dataset(conference: Conference, *, year: int, quarter: int) -> Dataset:
    """Cases heard at the conference's meetings in the quarter, every count through the one
    small-count rule (accord/core/disclosure.py). The caller has checked she coordinates it."""
    start, end = quarter_bounds(year, quarter)
    heard = list(
        ConferenceReferral.objects.filter(
            conference=conference,
            status=ConferenceReferralStatus.HEARD,
            meeting__starts_at__date__gte=start,
            meeting__starts_at__date__lt=end,
        ).select_related("referring_team__service", "meeting")
    )
    repeats = sum(1 for r in heard if r.is_repeat)
    cases, repeat_cell = primary(len(heard)), primary(repeats)
    rate = "—"
    if heard and not cases.suppressed and not repeat_cell.suppressed:
        rate = f"{100 * repeats / len(heard):.0f} %"
    agencies: Counter = Counter()
    genders: Counter = Counter()
    ages: Counter = Counter()
    disability: Counter = Counter()
    gender_labels = dict(Gender.choices)
    for referral in heard:
        # From what the referral carries (its identity snapshot), not from her record.
        shared = referral.shared
        agencies[referral.referring_team.service.name] += 1
        genders[str(gender_labels.get(shared.get("gender", ""), _("Not recorded")))] += 1
        ages[_age_band(shared.get("date_of_birth"), referral.meeting.starts_at.date())] += 1
        disability[_("Yes") if shared.get("disability") else _("None recorded")] += 1
    return Dataset(
        conference=conference,
        year=year,
        quarter=quarter,
        cases_heard=cases,
        repeats=repeat_cell,
        repeat_rate=rate,
        children=primary(sum(r.children_in_household for r in heard)),
        by_referring_agency=_cells(agencies),
        by_gender=_cells(genders),
        by_age=_cells(ages),
        by_disability=_cells(disability),
    )


def dashboard(user: AnyUser) -> dict[str, object] | None:
    """The coordinator's home panel: her conferences' next meetings, referrals waiting, and
    overdue actions (three queries)."""
    mine = Conference.objects.filter(pk__in=coordinated_conference_ids(user))
    if not mine.exists():
        return None
    waiting = ConferenceReferral.objects.filter(
        conference__in=mine, status=ConferenceReferralStatus.RECEIVED
    ).count()
    overdue = Action.objects.filter(
        referral__conference__in=mine,
        status=ActionStatus.OPEN,
        due_on__lt=timezone.localdate(),
    ).count()
    upcoming = list(
        Meeting.objects.filter(conference__in=mine, status="open")
        .select_related("conference")
        .order_by("starts_at")[:3]
    )
    return {"waiting": waiting, "overdue": overdue, "upcoming": upcoming}
