"""Reads of programmes, groups, registers and enrolments, and of the partner-contact loop. Each
starts from the access rules (accord.programmes.access) and owns its joins, so that a page costs
the same number of queries however many men are in the group."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accord.access.policy import AnyUser, CaseAccess, case_workers, visible_to, worked_teams
from accord.accounts.models import ServiceKind, Team, User
from accord.cases.models import Case, CaseKind
from accord.people.models import Relationship
from accord.programmes.access import EnrolmentAccess, enrolment_access, groups
from accord.programmes.models import (
    Attendance,
    ComplianceReport,
    Enrolment,
    EnrolmentStatus,
    Group,
    PartnerContact,
    PartnerLink,
    Programme,
    SafetyInformation,
    Session,
)
from accord.programmes.partner_contact import DueContact, next_contacts
from accord.programmes.transitions import allowed_moves

# Who is on a group's register: everyone placed in it who has started.
ON_REGISTER = (EnrolmentStatus.ON_PROGRAMME, EnrolmentStatus.BREACH)


def _get_or_404[M](queryset: QuerySet, **lookup: object) -> M:
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


# --- programmes and groups ------------------------------------------------------------------------


def programmes_run_by(user: AnyUser) -> list[Programme]:
    """The programmes of the services the user works in, or whose groups she facilitates, with
    their groups (one query each)."""
    run = visible_to(user, Programme).filter(groups__in=groups(user)) | visible_to(
        user, Programme
    ).filter(service__teams__memberships__user=user)
    return list(
        run.distinct()
        .select_related("service__organisation")
        .prefetch_related(
            Prefetch(
                "groups",
                queryset=groups(user).order_by("first_session_at", "pk"),
                to_attr="visible_groups",
            )
        )
        .order_by("name", "pk")
    )


def programme_or_404(user: AnyUser, pk: int) -> Programme:
    return _get_or_404(visible_to(user, Programme).select_related("service"), pk=pk)


@dataclass(frozen=True)
class ProgrammePage:
    programme: Programme
    modules: list
    groups: list[Group]


def programme_page(user: AnyUser, programme: Programme) -> ProgrammePage:
    """The plan and the groups the user reaches, with their numbers: three queries."""
    return ProgrammePage(
        programme=programme,
        modules=list(programme.modules.order_by("position")),
        groups=list(
            groups(user)
            .filter(programme=programme)
            .select_related("lead_facilitator", "co_facilitator")
            .annotate(
                on_programme=Count("enrolments", filter=Q(enrolments__status__in=ON_REGISTER)),
                waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
            )
            .order_by("first_session_at", "pk")
        ),
    )


def programme_workers(programme: Programme) -> QuerySet[User]:
    """Who may facilitate its groups: those who work cases in the programme's service's teams."""
    ids: set[int] = set()
    for team in Team.objects.filter(service_id=programme.service_id):
        ids |= set(case_workers(team).values_list("pk", flat=True))
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


def group_or_404(user: AnyUser, pk: int) -> Group:
    return _get_or_404(
        groups(user).select_related("programme__service", "lead_facilitator", "co_facilitator"),
        pk=pk,
    )


@dataclass(frozen=True)
class GroupPage:
    group: Group
    sessions: list[Session]
    members: list[Enrolment]
    waitlist: list[Enrolment]

    @property
    def places_taken(self) -> int:
        # The services' rule (accord.programmes.services.group_places_taken): the men on it.
        return sum(1 for e in self.members if e.status == EnrolmentStatus.ON_PROGRAMME)


def group_page(group: Group) -> GroupPage:
    """Sessions with their attendance counts, members and waitlist: two queries."""
    sessions = list(
        group.sessions.select_related("module")
        .annotate(recorded=Count("attendances"))
        .order_by("starts_at", "pk")
    )
    enrolled = list(
        group.enrolments.exclude(status__in=[EnrolmentStatus.REFERRED])
        .select_related("case__person")
        .order_by("status_changed_at", "pk")
    )
    return GroupPage(
        group=group,
        sessions=sessions,
        members=[e for e in enrolled if e.status != EnrolmentStatus.WAITING],
        waitlist=[e for e in enrolled if e.status == EnrolmentStatus.WAITING],
    )


def session_or_404(user: AnyUser, pk: int) -> Session:
    return _get_or_404(
        visible_to(user, Session).select_related(
            "group", "programme__service", "module", "enrolment__case", "enrolment__group"
        ),
        pk=pk,
    )


@dataclass
class RegisterRow:
    enrolment: Enrolment
    attendance: Attendance | None
    error: str = ""


def register_rows(session: Session) -> list[RegisterRow]:
    """Everyone on the session's register and what is recorded for them: two queries."""
    if session.group_id is not None and session.enrolment_id is None:
        enrolled = Enrolment.objects.filter(group_id=session.group_id, status__in=ON_REGISTER)
    else:
        enrolled = Enrolment.objects.filter(pk=session.enrolment_id)
    recorded = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    return [
        RegisterRow(enrolment=e, attendance=recorded.get(e.pk))
        for e in enrolled.select_related("case__person").order_by("pk")
    ]


def today_sessions(user: AnyUser, day: datetime.date | None = None) -> list[Session]:
    """The sessions the user facilitates today (home panel)."""
    day = day or timezone.localdate()
    return list(
        Session.objects.filter(
            Q(group__lead_facilitator=user) | Q(group__co_facilitator=user),
            starts_at__date=day,
            cancelled_at__isnull=True,
        )
        .select_related("group__programme")
        .order_by("starts_at")
    )


# --- enrolments -----------------------------------------------------------------------------------


def programmes_offered(user: AnyUser, case: Case) -> QuerySet[Programme]:
    """The programmes a case may be enrolled on: its own service's, taking enrolments."""
    return visible_to(user, Programme).filter(service_id=case.team.service_id, active=True)


# The services whose teams mandate a programme (and receive its compliance reports).
MANDATING_SERVICE_KINDS = (
    ServiceKind.PROBATION,
    ServiceKind.SOCIAL_SERVICES,
    ServiceKind.CHILDRENS_SERVICES,
)


def mandating_teams() -> QuerySet[Team]:
    """The teams that may mandate a programme: a directory of teams, no person data."""
    return Team.objects.filter(service__kind__in=MANDATING_SERVICE_KINDS).select_related(
        "service__organisation"
    )


def placeable_groups(user: AnyUser, enrolment: Enrolment) -> QuerySet[Group]:
    """The groups of his programme the user reaches, to place him in."""
    return groups(user).filter(programme_id=enrolment.programme_id)


def enrolment_or_404(user: AnyUser, uid: object) -> Enrolment:
    return _get_or_404(
        visible_to(user, Enrolment).select_related(
            "programme__service",
            "group",
            "case__team__service",
            "case__person",
            "mandating_team__service__organisation",
        ),
        uid=uid,
    )


@dataclass(frozen=True)
class EnrolmentPage:
    access: EnrolmentAccess
    history: list
    attendance: list[Attendance]
    safety_information: list[SafetyInformation]
    reports: list[ComplianceReport]
    moves: list
    unacceptable: int
    # His catch-up and one-to-one sessions, for him alone.
    own_sessions: list[Session] = field(default_factory=list)


def enrolment_page(user: AnyUser, enrolment: Enrolment) -> EnrolmentPage:
    access = enrolment_access(user, enrolment)
    attendance = list(
        enrolment.attendances.select_related("session", "recorded_by").order_by(
            "session__starts_at"
        )
    )
    return EnrolmentPage(
        access=access,
        history=list(enrolment.history.select_related("changed_by").order_by("changed_at", "pk")),
        attendance=attendance,
        # Released items only, for whoever reads this page: never the unreleased ones.
        safety_information=list(
            visible_to(user, SafetyInformation).filter(
                enrolment=enrolment, released_on__isnull=False
            )
        )
        if access.may_work
        else [],
        reports=list(enrolment.compliance_reports.order_by("-made_at")),
        moves=allowed_moves(enrolment.status, mandated=enrolment.mandated),
        unacceptable=sum(1 for a in attendance if a.code == "unacceptable_absence"),
        own_sessions=list(enrolment.individual_sessions.order_by("starts_at", "pk"))
        if access.may_work
        else [],
    )


def safety_item_or_404(user: AnyUser, uid: object) -> SafetyInformation:
    return _get_or_404(
        visible_to(user, SafetyInformation).select_related("enrolment__programme__service"),
        uid=uid,
    )


def report_or_404(user: AnyUser, reference: str) -> ComplianceReport:
    return _get_or_404(
        visible_to(user, ComplianceReport).select_related(
            "enrolment__programme", "enrolment__case__person", "to_team", "protocol"
        ),
        reference=reference,
    )


def reports_received(user: AnyUser) -> list[ComplianceReport]:
    """The reports delivered to the teams whose cases the user works (probation's list)."""
    return list(
        visible_to(user, ComplianceReport)
        .filter(to_team__in=worked_teams(user))
        .select_related("enrolment__programme", "to_team")
        .order_by("-made_at")[:100]
    )


# --- his case page: the enrolment panel -----------------------------------------------------------


def his_enrolments(user: AnyUser, case: Case) -> list[Enrolment]:
    return list(
        visible_to(user, Enrolment)
        .filter(case=case)
        .select_related("programme", "group")
        .annotate(
            unacceptable=Count("attendances", filter=Q(attendances__code="unacceptable_absence")),
            attended=Count("attendances"),
        )
        .order_by("-referred_on", "pk")
    )


# --- her side: his programme status, partner contact ---------------------------------------------


@dataclass(frozen=True)
class ProgrammeStatus:
    """His programme status as her side sees it: the programme, the status and the pattern of
    attendance codes, in session order. Never a note, a reason or a name."""

    programme: str
    status: str
    status_since: datetime.date
    pattern: list[tuple[int, str, str]]


def _status(enrolment: Enrolment) -> ProgrammeStatus:
    return ProgrammeStatus(
        programme=enrolment.programme.name,
        status=enrolment.get_status_display(),
        status_since=timezone.localdate(enrolment.status_changed_at),
        pattern=[
            (a.session.number, a.code, a.get_code_display()) for a in enrolment.attendances.all()
        ],
    )


def _her_side_filter(access: CaseAccess) -> Q:
    """His enrolments her side may see the status of: those of the programme cases of the man
    who uses violence in her household, and those her partner-support case follows. The rule
    table's "programme status" of his record, given to the survivor side of his household;
    outside `visible_to(Enrolment)` on purpose, as his enrolment is not hers to open."""
    case = access.case
    if not access.reads_household_programme_status():
        return Q(pk__in=[])
    linked = Q(pk__in=PartnerLink.objects.filter(partner_case=case).values("enrolment_id"))
    if case.household_id is None:
        return linked
    his = Case.objects.filter(
        household_id=case.household_id,
        kind=CaseKind.PERPETRATOR_PROGRAMME,
        person__household_memberships__household_id=case.household_id,
        person__household_memberships__relationship=Relationship.PERSON_USING_VIOLENCE,
    )
    return Q(case__in=his.values("pk")) | linked


@dataclass(frozen=True)
class CasePanels:
    """The case page's programme panels: the enrolments on this case, and his programme status
    for her side. One query (two when there are enrolments to show)."""

    enrolments: list[Enrolment]
    statuses: list[ProgrammeStatus]


def case_panels(user: AnyUser, access: CaseAccess) -> CasePanels:
    case = access.case
    rows = list(
        (
            visible_to(user, Enrolment).filter(case=case)
            | Enrolment.objects.filter(_her_side_filter(access))
        )
        .distinct()
        .select_related("programme", "group")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("session")
                .only("enrolment_id", "code", "session__number", "session__starts_at")
                .order_by("session__starts_at"),
            )
        )
        .order_by("-status_changed_at", "pk")
    )
    own = [e for e in rows if e.case_id == case.pk]
    for enrolment in own:
        codes = [a.code for a in enrolment.attendances.all()]
        enrolment.attended = len(codes)
        enrolment.unacceptable = codes.count("unacceptable_absence")
    return CasePanels(enrolments=own, statuses=[_status(e) for e in rows if e.case_id != case.pk])


def her_side_programme_status(access: CaseAccess) -> list[ProgrammeStatus]:
    """His programme status for her partner-contact page (see `_her_side_filter`)."""
    rows = (
        Enrolment.objects.filter(_her_side_filter(access))
        .distinct()
        .select_related("programme")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("session").order_by(
                    "session__starts_at"
                ),
            )
        )
        .order_by("-status_changed_at")
    )
    return [_status(e) for e in rows]


@dataclass
class PartnerRow:
    link: PartnerLink
    due: list[DueContact] = field(default_factory=list)

    @property
    def next_due(self) -> DueContact | None:
        return min(self.due, key=lambda d: d.due_on) if self.due else None


def _links(queryset: QuerySet[PartnerLink]) -> QuerySet[PartnerLink]:
    return queryset.select_related(
        "enrolment__programme", "partner_case__person", "offer_task"
    ).prefetch_related("enrolment__history", "contacts")


def partner_links_of_case(user: AnyUser, case: Case) -> list[PartnerRow]:
    return [
        PartnerRow(link=link, due=next_contacts(link))
        for link in _links(visible_to(user, PartnerLink).filter(partner_case=case)).order_by("pk")
    ]


def partner_link_or_404(user: AnyUser, pk: int) -> PartnerLink:
    return _get_or_404(
        _links(visible_to(user, PartnerLink)).select_related("partner_case__team__service"),
        pk=pk,
    )


def partner_schedule(user: AnyUser) -> list[PartnerRow]:
    """The partner-support worker's contact schedule: every partner on the cases she works,
    soonest due first. Three queries however many partners."""
    links = _links(visible_to(user, PartnerLink).filter(partner_case__team__in=worked_teams(user)))
    rows = [PartnerRow(link=link, due=next_contacts(link)) for link in links]
    far = datetime.date.max
    return sorted(rows, key=lambda r: (r.next_due.due_on if r.next_due else far, r.link.pk))


def contacts_of(link: PartnerLink) -> list[PartnerContact]:
    return list(link.contacts.select_related("recorded_by").order_by("-at", "-pk"))


def safety_items_written(user: AnyUser, link: PartnerLink) -> list[SafetyInformation]:
    """On her side: the items written from this partner link, with their fate."""
    return list(
        visible_to(user, SafetyInformation)
        .filter(source__link=link)
        .select_related("source")
        .order_by("-source__written_at")
    )
