"""The demo's perpetrator programme: Riverton's Change Programme runs a Tuesday group of eight
men (Mark and Ken from the households, six more), six sessions held with mixed attendance, one
man in breach review after his third unacceptable absence, one dropped out. Their partners on
Women's Aid's books have partner-support cases with contacts; one safety-information item has
reached the programme without its source; probation has a compliance report.

Built through the real services (so the audit log is true) and idempotent: a programme that
exists is left alone. Dates are relative to the day of seeding.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import Organisation, Team, User
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind, CaseStatus
from accord.demo.directory import _seed_protocol
from accord.directory.models import Protocol
from accord.people import services as people
from accord.programmes import partner_contact, services
from accord.programmes.compliance import compliance_report_make
from accord.programmes.models import (
    AttendanceCode,
    Enrolment,
    EnrolmentStatus,
    PartnerLink,
    Programme,
    ProgrammeKind,
    ProgrammeModule,
    Route,
    SafetyInformationSource,
    SessionKind,
)

PROGRAMME = "Change Programme"
PROBATION_PROTOCOL = "Probation and the Change Programme"
HELD = 6

C = AttendanceCode.ATTENDED_COMPLIED
N = AttendanceCode.ATTENDED_NOT_COMPLIED
A = AttendanceCode.ACCEPTABLE_ABSENCE
U = AttendanceCode.UNACCEPTABLE_ABSENCE
L = AttendanceCode.LATE
D = AttendanceCode.DID_NOT_ENGAGE

# given name, family name (invented), route, mandated by probation, codes of the held sessions
MEN: list[tuple[str, str, Route, bool, list[str]]] = [
    ("Mark", "Sample", Route.PROBATION_LICENCE, True, [C, C, L, C, N, C]),
    ("Ken", "Example", Route.FAMILY_COURT, False, [C, A, C, C, C, L]),
    ("Adam", "Placeholder", Route.COURT_ORDER, True, [U, C, U, U, D, C]),
    ("Carl", "Specimen", Route.VOLUNTARY, False, [C, U]),
    ("Dev", "Mockup", Route.VOLUNTARY, False, [C, C, C, C, C, C]),
    ("Eli", "Invented", Route.PROBATION_LICENCE, True, [L, C, C, A, C, C]),
    ("Finn", "Madeup", Route.VOLUNTARY, False, [C, N, C, C, U, C]),
    ("Gus", "Fictive", Route.VOLUNTARY, False, [C, C, D, C, C, C]),
]


def _his_case(facilitator: User, team: Team, given: str, family: str) -> Case:
    """His open programme case from the households, or a new one."""
    for case in Case.objects.filter(
        team=team, kind=CaseKind.PERPETRATOR_PROGRAMME, status=CaseStatus.OPEN
    ).select_related("person"):
        if case.person.given_name == given and case.person.family_name == family:
            return case
    actor = Actor.for_user(facilitator)
    person = people.person_create(
        actor=actor, organisation=team.service.organisation, given_name=given, family_name=family
    )
    return cases.case_open(
        actor=actor,
        kind=CaseKind.PERPETRATOR_PROGRAMME,
        person=person,
        team=team,
        key_worker=facilitator,
        opened_on=timezone.localdate() - datetime.timedelta(weeks=10),
    )


def _programme(team: Team) -> Programme:
    programme = Programme.objects.create(
        service=team.service,
        name=PROGRAMME,
        kind=ProgrammeKind.BEHAVIOUR_CHANGE_GROUP,
        description="Two intake sessions with a social worker, then 22 weekly group sessions.",
        minimum_attendance_percent=80,
        absence_limit=3,
        partner_contact_interval_days=28,
        partner_contact_months_after=3,
        follow_up_months=[6, 24],
    )
    ProgrammeModule.objects.create(
        programme=programme,
        position=1,
        title="Intake and assessment",
        sessions=2,
        session_kind=SessionKind.ONE_TO_ONE,
        led_by="social worker",
    )
    ProgrammeModule.objects.create(
        programme=programme,
        position=2,
        title="Group work",
        sessions=22,
        session_kind=SessionKind.GROUP,
        led_by="psychologist",
    )
    return programme


def _probation_protocol() -> None:
    if Protocol.objects.filter(title=PROBATION_PROTOCOL).exists():
        return
    _seed_protocol(
        Actor.system(),
        PROBATION_PROTOCOL,
        # Signed after the pilot (accord.demo.directory) expired, and in force since.
        datetime.date(2026, 4, 1),
        None,
        {
            "riverton-change": ("Sample Lead", "Programme director"),
            "riverton-probation": ("Sample Manager", "Head of probation delivery"),
        },
        {("riverton-change", "riverton-probation"): ["programme_status"]},
    )


@transaction.atomic
def seed_demo_programmes() -> None:
    change = Organisation.objects.get(slug="riverton-change")
    team = Team.objects.get(service__organisation=change, name="Group Work")
    if Programme.objects.filter(service=team.service, name=PROGRAMME).exists():
        return
    _probation_protocol()
    facilitator = User.objects.get(username="facilitator")
    co_facilitator = User.objects.get(username="programmemanager")
    partner_worker = User.objects.get(username="partnerworker")
    probation = Team.objects.get(
        service__organisation__slug="riverton-probation", name="Offender Management"
    )
    programme = _programme(team)
    now = timezone.now()
    first = (now - datetime.timedelta(weeks=HELD, hours=2)).replace(
        minute=0, second=0, microsecond=0
    )
    group = services.group_create(
        actor=Actor.for_user(facilitator),
        programme=programme,
        name="Tuesday evening group",
        lead_facilitator=facilitator,
        co_facilitator=co_facilitator,
        first_session_at=first,
        schedule="FREQ=WEEKLY;COUNT=22",
        room="Room 2, Riverton Community Centre",
        capacity=10,
    )
    actor = Actor.for_user(facilitator)
    sessions = list(group.sessions.order_by("number")[:HELD])
    enrolments: dict[str, Enrolment] = {}
    for given, family, route, mandated, codes in MEN:
        case = _his_case(facilitator, team, given, family)
        enrolment = services.enrolment_create(
            actor=actor,
            programme=programme,
            case=case,
            route=route,
            mandated=mandated,
            mandating_team=probation if mandated else None,
            referred_on=first.date() - datetime.timedelta(weeks=4),
        )
        enrolment = services.enrolment_move(
            actor=actor,
            enrolment=enrolment,
            expected_version=enrolment.version,
            to_status=EnrolmentStatus.ASSESSED,
        )
        enrolment = services.enrolment_understanding_record(
            actor=actor,
            enrolment=enrolment,
            expected_version=enrolment.version,
            given_on=first.date() - datetime.timedelta(weeks=2),
        )
        enrolment = services.enrolment_group_set(
            actor=actor, enrolment=enrolment, expected_version=enrolment.version, group=group
        )
        enrolment = services.enrolment_move(
            actor=actor,
            enrolment=enrolment,
            expected_version=enrolment.version,
            to_status=EnrolmentStatus.ON_PROGRAMME,
        )
        for session, code in zip(sessions, codes, strict=False):
            services.attendance_record(
                actor=actor,
                session=session,
                enrolment=enrolment,
                code=code,
                absence_reason="Hospital appointment" if code == A else "",
            )
        enrolments[given] = enrolment
    carl = Enrolment.objects.get(pk=enrolments["Carl"].pk)
    services.enrolment_move(
        actor=actor,
        enrolment=carl,
        expected_version=carl.version,
        to_status=EnrolmentStatus.DROPPED_OUT,
        reason="Stopped coming after the second session; does not answer calls.",
    )
    _partner_contacts(partner_worker, now)
    _safety_information(partner_worker, enrolments["Mark"], now)
    adam = Enrolment.objects.get(pk=enrolments["Adam"].pk)
    compliance_report_make(
        actor=actor, enrolment=adam, start=first.date(), end=timezone.localdate()
    )


def _partner_contacts(partner_worker: User, now: datetime.datetime) -> None:
    """Each partner reached once, on the phone, in her safe times."""
    actor = Actor.for_user(partner_worker)
    for link in PartnerLink.objects.select_related("partner_case__person", "enrolment__group"):
        partner_contact.partner_channels_set(actor=actor, link=link, channels=["phone", "text"])
        partner_contact.partner_contact_record(
            actor=actor,
            link=link,
            at=now - datetime.timedelta(days=10, hours=3),
            channel="phone",
            outcome="accepted_support",
            within_safe_times=True,
            notes="Told her about the programme, what it can and cannot promise, and his "
            "attendance so far.",
        )


def _safety_information(partner_worker: User, enrolment: Enrolment, now: datetime.datetime) -> None:
    """One item about Mark, written three weeks ago and released in this week's batch."""
    link = PartnerLink.objects.filter(enrolment=enrolment).first()
    if link is None:
        return
    item = partner_contact.safety_information_record(
        actor=Actor.for_user(partner_worker),
        link=link,
        category="controlling",
        urgency="routine",
        text="He has been checking who she talks to and asking the children about her "
        "friends. Worth working on in the group on control.",
    )
    written = now - datetime.timedelta(weeks=3)
    # The demo's story is dated: the item was written three weeks ago, so it is due now.
    SafetyInformationSource.objects.filter(item=item).update(
        written_at=written, release_after=partner_contact.release_after(written)
    )
    partner_contact.safety_information_release(now=now)
