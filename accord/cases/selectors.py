"""Reads for casework: the caseload, one case, its chronology, tasks due. Every read starts
from the access module (`visible_to`, `CaseAccess`); each selector owns its joins, so a page
costs the same number of queries whatever the number of rows."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accord.access.fields import FieldClass
from accord.access.policy import (
    CASEWORK_ROLES,
    AnyUser,
    CaseAccess,
    access_case,
    case_accesses,
    case_workers,
    memberships_of,
    visible_to,
    worked_teams,
)
from accord.accounts.models import Role, Team, User
from accord.cases.access import household_programme_cases
from accord.cases.classification import months_before
from accord.cases.models import Case, CaseKind, CaseStatus, Incident, Note, Task, ViolenceForm
from accord.cases.risk_levels import RiskLevel

# Roles that may hold a case as key worker or be given one of its tasks.
WORKER_ROLES = CASEWORK_ROLES | {Role.MANAGER}
# How far ahead the caseload's reminders look.
REMINDER_DAYS = 14


# --- annotations shared by the caseload and the case page ---------------------------------------


def escalation_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return months_before(today, settings.ACCORD_ESCALATION_MONTHS), today


def _incidents_in_window(since: datetime.date, today: datetime.date) -> Q:
    # An incident recorded without a date counts from the day it was recorded.
    return Q(occurred_on__range=(since, today)) | Q(
        occurred_on__isnull=True, recorded_at__date__range=(since, today)
    )


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT(*) subquery: one per row, rather than two joins multiplying rows."""
    counted = queryset.order_by().values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_case_figures(
    queryset: QuerySet[Case], today: datetime.date | None = None
) -> QuerySet[Case]:
    """Overdue open tasks, incidents in the escalation window and the next task due."""
    since, today = escalation_window(today)
    open_tasks = Task.objects.filter(case=OuterRef("pk"), done_at__isnull=True)
    return queryset.annotate(
        overdue_tasks=_count(open_tasks.filter(due_on__lt=today)),
        recent_incidents=_count(
            Incident.objects.filter(_incidents_in_window(since, today), case=OuterRef("pk"))
        ),
        next_task_due=Subquery(
            open_tasks.order_by("due_on").values("due_on")[:1], output_field=DateField()
        ),
    )


def is_escalating(case: Case) -> bool:
    """`settings.ACCORD_ESCALATION_INCIDENTS` or more incidents in the window (docs/product.md §3);
    the case must come from `with_case_figures`."""
    return case.recent_incidents >= settings.ACCORD_ESCALATION_INCIDENTS


# --- the caseload ---------------------------------------------------------------------------------


def my_team_ids(user: AnyUser) -> QuerySet:
    return memberships_of(user).filter(role__in=WORKER_ROLES).values("team_id")


# What a caseload row reads of its case and what hangs on it (the page, `case_accesses`): the
# rest of each row is left in the database. Two hundred model instances a page were a tenth of
# its cost, most of it in columns no row shows; a field read outside this list costs a query a
# row, which the caseload's pinned query count catches.
CASELOAD_ROW_FIELDS = (
    "reference",
    "kind",
    "status",
    "opened_on",
    "risk_level",
    "risk_review_on",
    "conference_criteria",
    "person__uid",  # the given name's token is bound to her row's uid
    "person__given_name",
    "team__service__organisation",
    "key_worker__first_name",
    "key_worker__last_name",
    "key_worker__username",
)


def caseload(user: AnyUser) -> QuerySet[Case]:
    """The cases this user may see, with the figures the caseload shows, in a stable order. The
    caseload's filters (accord.cases.filters.CaseloadFilter) narrow it to "my cases" unless
    they say "my team" or "all"."""
    return with_case_figures(
        visible_to(user, Case)
        .select_related("person", "team__service", "key_worker")
        .only(*CASELOAD_ROW_FIELDS)
    ).order_by("-opened_on", "-pk")


@dataclass(frozen=True)
class CaseloadRow:
    """One line of the caseload: what this user may see of one case."""

    case: Case
    access: CaseAccess
    first_name: str
    shows_risk: bool
    kind: str
    status: str
    risk_level: str

    @property
    def escalating(self) -> bool:
        return self.shows_risk and is_escalating(self.case)


def caseload_rows(user: AnyUser, cases: list[Case]) -> list[CaseloadRow]:
    """The page's cases with their field rules (two queries for the whole page). A survivor's
    case is listed by reference, and by first name only where the user reads identity; the
    other fields of her record are not even decrypted here."""
    accesses = case_accesses(user, cases)
    # The labels once per page: a model's get_FOO_display() hashes every lazy label of the
    # field's choices on each call, which cost about a millisecond over 25 rows.
    kinds = {value: str(label) for value, label in CaseKind.choices}
    statuses = {value: str(label) for value, label in CaseStatus.choices}
    levels = {value: str(label) for value, label in RiskLevel.choices}
    rows = []
    for case in cases:
        access = accesses[case.pk]
        first_name = case.person.given_name if access.reads(FieldClass.IDENTITY) else ""
        rows.append(
            CaseloadRow(
                case=case,
                access=access,
                first_name=first_name,
                shows_risk=access.reads_risk(),
                kind=kinds.get(case.kind, case.kind),
                status=statuses.get(case.status, case.status),
                risk_level=levels.get(case.risk_level, ""),
            )
        )
    return rows


def my_open_tasks(user: AnyUser, *, today: datetime.date | None = None) -> QuerySet[Task]:
    """Reminders: the user's open tasks, overdue or due in the next two weeks, soonest first."""
    today = today or timezone.localdate()
    return (
        visible_to(user, Task)
        .filter(
            assignee=user,
            done_at__isnull=True,
            due_on__lte=today + datetime.timedelta(days=REMINDER_DAYS),
        )
        .select_related("case")
        .order_by("due_on", "pk")
    )


def colleagues(user: AnyUser) -> QuerySet[User]:
    """The people who work cases in the user's teams: the caseload's key-worker filter. Only
    what a choice shows is loaded: the list is built on every caseload page."""
    return (
        User.objects.filter(
            memberships__team_id__in=my_team_ids(user), memberships__role__in=WORKER_ROLES
        )
        .only("first_name", "last_name", "username")
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def team_workers(team: Team) -> QuerySet[User]:
    """Who may be key worker of, or be given a task on, a case of `team` (the access module's
    `case_workers`), in a stable order for a select list."""
    return case_workers(team).order_by("first_name", "last_name", "username")


def teams_for_opening(user: AnyUser) -> QuerySet[Team]:
    """The teams in which the user may open a case, for a select list."""
    return (
        worked_teams(user)
        .select_related("service__organisation")
        .order_by("service__organisation__name", "service__name", "name")
    )


# --- one case -------------------------------------------------------------------------------------


CASE_PAGE_RELATED = ("person", "team__service__organisation", "key_worker", "household")


def case_and_access_or_404(user: AnyUser, reference: str) -> tuple[Case, CaseAccess]:
    """The case with its person, team and key worker and its figures, and how the user stands
    to it; or Http404 whether it is missing or not the user's to see (`access_case`)."""
    return access_case(user, reference, related=CASE_PAGE_RELATED, annotate=with_case_figures)


def case_task_or_404(case: Case, task_id: int) -> Task:
    try:
        return case.tasks.get(pk=task_id)
    except (Task.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


@dataclass(frozen=True)
class ChronologyItem:
    """One entry of a case's chronology, holding only what the user may see of it."""

    kind: str  # "incident", "note" or "task"
    time: datetime.datetime
    record: Incident | Note | Task
    text: str = ""
    # Labels for an incident's forms of violence.
    tags: list[str] = field(default_factory=list)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def case_chronology(case: Case, access: CaseAccess) -> list[ChronologyItem]:
    """Incidents, notes and tasks of one case, newest first: three queries, however many.

    Incidents are disclosure as a whole (accord.access.fields); notes are filtered one by one
    (`reads_row`); tasks are administrative. A record the user may not read is left out, not
    shown blanked, and its encrypted fields are never decrypted.
    """
    items: list[ChronologyItem] = []
    if access.reads_records(Incident):
        for incident in case.incidents.select_related("recorded_by").order_by("-pk"):
            when = _start_of(incident.occurred_on) if incident.occurred_on else incident.recorded_at
            tags = [
                ViolenceForm(value).label
                for value in incident.forms
                if value in ViolenceForm.values
            ]
            items.append(
                ChronologyItem("incident", when, incident, text=incident.narrative or "", tags=tags)
            )
    for note in case.notes.select_related("author").order_by("-pk"):
        if access.reads_row(note):
            items.append(ChronologyItem("note", note.written_at, note, text=note.text))
    if access.reads(FieldClass.ADMINISTRATIVE):
        for task in case.tasks.select_related("assignee", "created_by").order_by("-pk"):
            items.append(ChronologyItem("task", task.created_at, task, text=task.shown_title))
    # Newest first; ties broken by kind and id so that the order never changes between loads.
    order = {"incident": 0, "note": 1, "task": 2}
    items.sort(key=lambda item: (item.time, -order[item.kind], item.record.pk), reverse=True)
    return items


@dataclass(frozen=True)
class HouseholdMemberLine:
    relationship: str
    is_this_person: bool
    case_references: list[str] = field(default_factory=list)
    # The man's programme case(s): status and dates only (programme status class).
    programme: list[Case] = field(default_factory=list)


@dataclass(frozen=True)
class HouseholdPanel:
    reference: str
    members: list[HouseholdMemberLine]


def household_panel(user: AnyUser, case: Case, access: CaseAccess) -> HouseholdPanel | None:
    """The survivor side's view of the household: who is in it by relationship, the cases of
    theirs the user may open anyway, and the man's programme status (status and dates of his
    programme case; nothing else of him). The programme side gets no panel at all: all it sees
    of her is the first name he gave (`Case.partner_first_name_as_given`)."""
    if (
        case.household_id is None
        or not case.is_survivor_side
        or not access.reads(FieldClass.IDENTITY)
    ):
        return None
    memberships = list(case.household.memberships.order_by("relationship", "pk"))
    person_ids = [member.person_id for member in memberships]
    visible_cases: dict[int, list[str]] = {}
    for person_id, reference in (
        visible_to(user, Case)
        .filter(person_id__in=person_ids)
        .order_by("reference")
        .values_list("person_id", "reference")
    ):
        visible_cases.setdefault(person_id, []).append(reference)
    programme: dict[int, list[Case]] = {}
    for his_case in household_programme_cases(access):
        programme.setdefault(his_case.person_id, []).append(his_case)
    lines = [
        HouseholdMemberLine(
            relationship=member.get_relationship_display(),
            is_this_person=member.person_id == case.person_id,
            case_references=[
                reference
                for reference in visible_cases.get(member.person_id, [])
                if reference != case.reference
            ],
            programme=programme.get(member.person_id, []),
        )
        for member in memberships
    ]
    return HouseholdPanel(reference=case.household.reference, members=lines)


def partner_first_name(case: Case, access: CaseAccess) -> str:
    """On his programme case: the first name he gave for his (ex)partner, all the programme
    ever sees of her. Read only where the field rules allow (identity class)."""
    if case.kind != CaseKind.PERPETRATOR_PROGRAMME:
        return ""
    if not access.readable_fields("cases.case", ["partner_first_name_as_given"]):
        return ""
    return case.partner_first_name_as_given or ""


# Which person fields the case page shows, in order, when the field rules allow.
PERSON_FIELDS = [
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "nationality",
    "residence_status",
    "disability",
    "phone",
    "email",
    "safe_contact_times",
    "substitute_address",
]


@dataclass(frozen=True)
class ShownField:
    name: str
    label: str
    value: Any


def person_fields(case: Case, access: CaseAccess) -> list[ShownField]:
    """The person's fields this user reads freely (grant ALLOW), decrypted one by one; the real
    address is never among them (it is reveal-only)."""
    person = case.person
    meta = person._meta
    shown = []
    for name in access.readable_fields("people.person", PERSON_FIELDS):
        value = getattr(person, name)
        if name == "gender" and value:
            value = person.get_gender_display()
        shown.append(ShownField(name=name, label=meta.get_field(name).verbose_name, value=value))
    return shown


# --- the home page --------------------------------------------------------------------------------

# How far ahead the home page looks for tasks and risk reviews, and how many of each it lists.
HOME_DAYS = 7
HOME_ROWS = 8


def home_tasks(user: AnyUser, *, today: datetime.date) -> list[Task]:
    """Her open tasks overdue or due within a week, soonest first, a page's worth: one query."""
    return list(
        visible_to(user, Task)
        .filter(
            assignee=user,
            done_at__isnull=True,
            due_on__lte=today + datetime.timedelta(days=HOME_DAYS),
        )
        .select_related("case")
        .order_by("due_on", "pk")[:HOME_ROWS]
    )


@dataclass(frozen=True)
class HomeCases:
    """Her open cases that ask for her attention, each list a page's worth."""

    reviews_due: list[Case]
    high_risk: list[Case]
    alerts: list[Case]


def home_cases(user: AnyUser, *, today: datetime.date) -> HomeCases:
    """The open cases she is key worker of with a risk review due within a week, at high risk,
    or meeting a risk conference's criteria (her alerts): one query, split here."""
    horizon = today + datetime.timedelta(days=HOME_DAYS)
    cases = list(
        visible_to(user, Case)
        .filter(key_worker=user)
        .exclude(status=CaseStatus.CLOSED)
        .filter(
            Q(risk_review_on__lte=horizon)
            | Q(risk_level=RiskLevel.HIGH)
            | ~Q(conference_criteria=[])
        )
        .only(
            "pk",
            "reference",
            "kind",
            "status",
            "risk_level",
            "risk_review_on",
            "conference_criteria",
            "team_id",
        )
        .order_by("risk_review_on", "reference")[: HOME_ROWS * 3]
    )
    return HomeCases(
        reviews_due=[
            c for c in cases if c.risk_review_on is not None and c.risk_review_on <= horizon
        ][:HOME_ROWS],
        high_risk=[c for c in cases if c.risk_level == RiskLevel.HIGH][:HOME_ROWS],
        alerts=[c for c in cases if c.conference_criteria][:HOME_ROWS],
    )


@dataclass(frozen=True)
class WorkerLoad:
    worker: User
    open_cases: int
    overdue_tasks: int


def team_load(user: AnyUser, *, today: datetime.date) -> list[WorkerLoad]:
    """For a manager: each worker of the services she manages, with her open cases as key
    worker and her overdue tasks there: one query, however many workers and cases."""
    managed = memberships_of(user).filter(role=Role.MANAGER).values("team__service_id")
    in_managed = Q(memberships__team__service_id__in=managed)
    workers = (
        User.objects.filter(in_managed, memberships__role__in=WORKER_ROLES, is_active=True)
        .filter(is_service_account=False)
        .distinct()
        .annotate(
            open_cases=Subquery(
                Case.objects.filter(key_worker=OuterRef("pk"), team__service_id__in=managed)
                .exclude(status=CaseStatus.CLOSED)
                .order_by()
                .values("key_worker")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            overdue=Subquery(
                Task.objects.filter(
                    assignee=OuterRef("pk"),
                    case__team__service_id__in=managed,
                    done_at__isnull=True,
                    due_on__lt=today,
                )
                .order_by()
                .values("assignee")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
        )
        .only("pk", "username", "first_name", "last_name")
        .order_by("first_name", "last_name", "username")
    )
    return [
        WorkerLoad(worker=w, open_cases=w.open_cases or 0, overdue_tasks=w.overdue or 0)
        for w in workers
    ]


def team_overdue_tasks(user: AnyUser, *, today: datetime.date) -> list[Task]:
    """For a manager: the overdue open tasks of her services' cases, oldest first: one query."""
    managed = memberships_of(user).filter(role=Role.MANAGER).values("team__service_id")
    return list(
        visible_to(user, Task)
        .filter(case__team__service_id__in=managed, done_at__isnull=True, due_on__lt=today)
        .select_related("case", "assignee")
        .order_by("due_on", "pk")[:HOME_ROWS]
    )
