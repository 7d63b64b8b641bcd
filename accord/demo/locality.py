"""The demo locality: a fictional town, Riverton, whose agencies work on the same families.

Created through the real services (so the audit log is true) and idempotent: what exists is
left alone. Later record kinds extend `seed_demo_locality`.

Casework: four households, each worked from both sides of the barrier where the story has two
sides. The caseworker holds the survivors' cases, the partner-support worker the new partner's,
the facilitator the men's programme cases and the children's social worker the children's.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.accounts import services as accounts
from accord.accounts.models import Organisation, Role, Service, ServiceKind, Team, User
from accord.audit.context import Actor
from accord.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    ClosureReason,
    ContactType,
    IncidentSource,
    NoteVisibility,
    ProtectionOrder,
    ViolenceForm,
)
from accord.demo.risk import seed_demo_assessments, seed_demo_instruments
from accord.people.models import Gender, Household, Relationship

DEMO_PASSWORD = "Riverton-demo-2026"  # noqa: S105 - published on purpose: a demo sign-in

# A refuge's real address is the most dangerous fact the platform holds (fictional, of course).
CONFIDENTIAL_ADDRESSES: dict[str, str] = {
    "Riverton Refuge": "14 Willow Lane, Riverton RV3 8QT",
}

# organisation slug, name, [(service name, kind, public phone, [team names])]
ORGANISATIONS: list[tuple[str, str, list[tuple[str, ServiceKind, str, list[str]]]]] = [
    (
        "riverton-womens-aid",
        "Riverton Women's Aid",
        [
            (
                "Women's Support Service",
                ServiceKind.SURVIVOR_SUPPORT,
                "0800 555 0100",
                ["Outreach", "Empowerment", "Data Protection", "Administration"],
            ),
            ("Riverton Refuge", ServiceKind.SURVIVOR_SUPPORT, "", ["Refuge Staff"]),
            ("Partner Support", ServiceKind.PARTNER_SUPPORT, "", ["Partner Support"]),
        ],
    ),
    (
        "riverton-change",
        "Riverton Change Programme",
        [
            (
                "Men's Behaviour Change Programme",
                ServiceKind.PERPETRATOR_PROGRAMME,
                "0800 555 0200",
                ["Group Work"],
            )
        ],
    ),
    (
        "riverton-police",
        "Riverton Police",
        [("Domestic Abuse Unit", ServiceKind.POLICE, "", ["Domestic Abuse Unit"])],
    ),
    (
        "riverton-probation",
        "Riverton Probation Service",
        [("Probation", ServiceKind.PROBATION, "", ["Offender Management"])],
    ),
    (
        "riverton-council",
        "Riverton Council",
        [
            ("Children's Services", ServiceKind.CHILDRENS_SERVICES, "", ["Family Safeguarding"]),
            ("Community Safety", ServiceKind.SOCIAL_SERVICES, "", ["Risk Conference"]),
        ],
    ),
    (
        "riverton-health",
        "Riverton Health",
        [("Health Safeguarding", ServiceKind.HEALTH, "", ["Safeguarding"])],
    ),
    (
        "riverton-housing",
        "Riverton Housing",
        [("Housing Options", ServiceKind.HOUSING, "", ["Tenancy"])],
    ),
    (
        "riverton-migrant-womens-network",
        "Riverton Migrant Women's Network",
        [("Community Mentors", ServiceKind.COMMUNITY, "0800 555 0300", ["Mentors"])],
    ),
    (
        "network-hub",
        "European Network Hub",
        [("Network Hub", ServiceKind.NETWORK_HUB, "", ["Analysts"])],
    ),
]

# username, first name, last name, organisation slug, team, role, persona (docs/product.md §1)
PERSONAS: list[tuple[str, str, str, str, str, Role, str]] = [
    (
        "caseworker",
        "Maria",
        "Lopez",
        "riverton-womens-aid",
        "Outreach",
        Role.CASEWORKER,
        "survivor caseworker / independent advocate",
    ),
    (
        "manager",
        "Helen",
        "Okafor",
        "riverton-womens-aid",
        "Outreach",
        Role.MANAGER,
        "manager of the women's support service",
    ),
    (
        "partnerworker",
        "Sofia",
        "Rossi",
        "riverton-womens-aid",
        "Partner Support",
        Role.CASEWORKER,
        "partner-support worker",
    ),
    (
        "trainer",
        "Eleni",
        "Papadopoulou",
        "riverton-womens-aid",
        "Empowerment",
        Role.CASEWORKER,
        "empowerment trainer",
    ),
    (
        "dpo",
        "Anna",
        "Lindqvist",
        "riverton-womens-aid",
        "Data Protection",
        Role.DPO,
        "data-protection officer",
    ),
    (
        "admin",
        "Grace",
        "Mensah",
        "riverton-womens-aid",
        "Administration",
        Role.ADMIN,
        "organisation admin",
    ),
    (
        "facilitator",
        "Tom",
        "Hughes",
        "riverton-change",
        "Group Work",
        Role.FACILITATOR,
        "programme facilitator",
    ),
    (
        "programmemanager",
        "David",
        "Novak",
        "riverton-change",
        "Group Work",
        Role.MANAGER,
        "programme manager",
    ),
    (
        "police",
        "James",
        "Carter",
        "riverton-police",
        "Domestic Abuse Unit",
        Role.CASEWORKER,
        "police liaison",
    ),
    (
        "probation",
        "Priya",
        "Shah",
        "riverton-probation",
        "Offender Management",
        Role.CASEWORKER,
        "probation liaison",
    ),
    (
        "coordinator",
        "Claire",
        "Dubois",
        "riverton-council",
        "Risk Conference",
        Role.COORDINATOR,
        "risk conference coordinator / chair",
    ),
    (
        "socialworker",
        "Lucy",
        "Brennan",
        "riverton-council",
        "Family Safeguarding",
        Role.CASEWORKER,
        "children's social worker",
    ),
    (
        "mentor",
        "Amina",
        "Haddad",
        "riverton-migrant-womens-network",
        "Mentors",
        Role.MENTOR,
        "community mentor",
    ),
    ("analyst", "Jonas", "Berg", "network-hub", "Analysts", Role.ANALYST, "network analyst"),
    # Two more members of the risk conference (accord/demo/conferences.py).
    (
        "health",
        "Nora",
        "Fitzgerald",
        "riverton-health",
        "Safeguarding",
        Role.CASEWORKER,
        "health safeguarding lead",
    ),
    ("housing", "Omar", "Said", "riverton-housing", "Tenancy", Role.CASEWORKER, "housing officer"),
    (
        "hubcoordinator",
        "Ines",
        "Moreau",
        "network-hub",
        "Analysts",
        Role.MANAGER,
        "network hub coordinator (surveys, compendium, campaigns)",
    ),
]


@dataclass
class DemoResult:
    created: list[str] = field(default_factory=list)
    households: list[str] = field(default_factory=list)
    personas: list[tuple[str, str]] = field(default_factory=list)


@transaction.atomic
def seed_demo_locality() -> DemoResult:
    actor = Actor.system()
    result = DemoResult()
    teams: dict[tuple[str, str], Team] = {}
    for slug, name, services in ORGANISATIONS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            organisation = accounts.organisation_create(
                actor=actor, name=name, slug=slug, country="GB", languages=["en"]
            )
            result.created.append(name)
        for service_name, kind, phone, team_names in services:
            service = Service.objects.filter(organisation=organisation, name=service_name).first()
            address = CONFIDENTIAL_ADDRESSES.get(service_name, "")
            if service is None:
                service = accounts.service_create(
                    actor=actor,
                    organisation=organisation,
                    name=service_name,
                    kind=kind,
                    public_phone=phone,
                    confidential_address=address,
                )
            elif address and service.confidential_address is None:
                # A demo database seeded before addresses existed.
                accounts.service_address_set(actor=actor, service=service, address=address)
            for team_name in team_names:
                team = Team.objects.filter(service=service, name=team_name).first()
                if team is None:
                    team = accounts.team_create(actor=actor, service=service, name=team_name)
                teams[slug, team_name] = team

    for username, first, last, slug, team_name, role, persona in PERSONAS:
        result.personas.append((username, persona))
        if User.objects.filter(username=username).exists():
            continue
        user = accounts.user_create(
            actor=actor,
            username=username,
            email=f"{username}@riverton.example",
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            is_staff=role == Role.ADMIN,
        )
        accounts.membership_create(actor=actor, user=user, team=teams[slug, team_name], role=role)
        accounts.user_totp_enrol(actor=actor, user=user)
    # Every deployment loads the shipped instruments (`load_instrument --shipped`); the demo too.
    seed_demo_instruments()
    seed_demo_casework(teams, result)
    # Imported here: the safety demo finds its women among this module's households.
    from accord.demo.safety import seed_demo_safety_plans

    seed_demo_safety_plans()
    # Imported here as well: the directory describes this module's services.
    from accord.demo.directory import seed_demo_directory_and_protocols

    seed_demo_directory_and_protocols()
    # The referrals follow the directory's protocols.
    from accord.demo.referrals import seed_demo_referrals

    seed_demo_referrals()
    # And the programme: its men are this module's, its protocols the directory's.
    from accord.demo.programmes import seed_demo_programmes

    seed_demo_programmes()
    # The conference hears this module's cases.
    from accord.demo.conferences import seed_demo_conferences

    seed_demo_conferences()
    # Community mentors, empowerment paths and outcomes use the households and the directory.
    from accord.demo.community import seed_demo_community
    from accord.demo.empowerment import seed_demo_empowerment
    from accord.demo.outcomes import seed_demo_outcomes

    seed_demo_community()
    seed_demo_empowerment()
    seed_demo_outcomes()
    from accord.demo.network import seed_demo_network

    seed_demo_network()
    # The network hub's knowledge exchange: surveys, compendium, glossary, campaign, events.
    from accord.demo.knowledge import seed_demo_knowledge

    seed_demo_knowledge()
    return result


# --- casework: fictional households worked from both sides of the barrier -----------------------
#
# Names are obviously invented ("Sample", "Example", "Fictional", "Placeholder"); phone numbers
# are in the range Ofcom keeps for drama (07700 900xxx); addresses are in the fictional Riverton.
# Dates are relative to the day of seeding, so overdue tasks stay overdue in a demo seeded today.


@dataclass(frozen=True)
class DemoIncident:
    days_ago: int
    forms: list[ViolenceForm]
    source: IncidentSource = IncidentSource.SURVIVOR
    narrative: str = ""
    penetration: bool = False
    injuries: bool = False
    weapons: bool = False
    children_present: bool = False
    police_called: bool = False
    protection_order: ProtectionOrder = ProtectionOrder.NONE


@dataclass(frozen=True)
class DemoNote:
    days_ago: int
    contact_type: ContactType
    text: str
    visibility: NoteVisibility = NoteVisibility.DISCLOSURE


@dataclass(frozen=True)
class DemoTask:
    title: str
    # Negative: overdue by that many days.
    due_in_days: int
    done: bool = False


@dataclass(frozen=True)
class DemoMember:
    """One person in a household, recorded by the organisation of the worker who opens her case."""

    relationship: Relationship
    given_name: str
    family_name: str
    date_of_birth: datetime.date
    gender: Gender
    worker: str  # username of the key worker (a persona)
    team: tuple[str, str]  # organisation slug, team name
    kind: CaseKind
    opened_days_ago: int
    person: dict[str, Any] = field(default_factory=dict)
    status: CaseStatus = CaseStatus.OPEN
    closed_days_ago: int = 0
    closure_reason: ClosureReason | None = None
    # The level her history of assessments (accord.demo.risk) ends at; empty: none yet.
    risk_level: str = ""
    partner_first_name_as_given: str = ""
    incidents: list[DemoIncident] = field(default_factory=list)
    notes: list[DemoNote] = field(default_factory=list)
    tasks: list[DemoTask] = field(default_factory=list)


OUTREACH = ("riverton-womens-aid", "Outreach")
PARTNER_SUPPORT = ("riverton-womens-aid", "Partner Support")
GROUP_WORK = ("riverton-change", "Group Work")
FAMILY_SAFEGUARDING = ("riverton-council", "Family Safeguarding")

_F = ViolenceForm
_C = ContactType
_ADMIN = NoteVisibility.ADMINISTRATIVE

# Each household's first member is the one whose case opened first: her caseworker creates the
# household. A household already present (found by its first member's name and date of birth,
# through the blind index) is left alone.
HOUSEHOLDS: list[list[DemoMember]] = [
    [
        DemoMember(
            Relationship.SURVIVOR,
            "Alice",
            "Sample",
            datetime.date(1988, 3, 14),
            Gender.WOMAN,
            "caseworker",
            OUTREACH,
            CaseKind.SURVIVOR_SUPPORT,
            opened_days_ago=95,
            person={
                "phone": "07700 900101",
                "safe_contact_times": "Weekdays 10:00-12:00, never evenings",
                "languages": ["en"],
                "real_address": "3 Ferry Road, Riverton RV2 4LP",
                "substitute_address": "c/o Riverton Women's Aid, PO Box 40, Riverton RV1 0ZZ",
            },
            risk_level="high",
            incidents=[
                DemoIncident(
                    120,
                    [_F.PHYSICAL, _F.COERCIVE_CONTROL],
                    IncidentSource.POLICE,
                    "Police called by a neighbour; he had taken her keys and phone.",
                    injuries=True,
                    children_present=True,
                    police_called=True,
                    protection_order=ProtectionOrder.APPLIED,
                ),
                DemoIncident(
                    60,
                    [_F.SEXUAL, _F.PSYCHOLOGICAL],
                    narrative="Told at the second visit.",
                    penetration=True,
                ),
                DemoIncident(
                    12,
                    [_F.STALKING, _F.DIGITAL],
                    narrative="Messages from new accounts every night; he waited outside school.",
                    protection_order=ProtectionOrder.IN_FORCE,
                ),
            ],
            notes=[
                DemoNote(94, _C.PHONE, "First call. Safe to talk weekday mornings only."),
                DemoNote(
                    60,
                    _C.VISIT,
                    "Visit at the children's centre. Talked through the night "
                    "he locked the doors; she wants to stay in Riverton.",
                ),
                DemoNote(
                    30, _C.LETTER, "Letter sent to the substitute address: court date.", _ADMIN
                ),
                DemoNote(
                    11,
                    _C.PHONE,
                    "She reports the messages from new accounts. Safety plan "
                    "reviewed: new phone, school told.",
                ),
            ],
            tasks=[
                DemoTask("Review the safety plan after the new incident", -4),
                DemoTask("Call the school's safeguarding lead", 3),
                DemoTask("Send the court date letter", -25, done=True),
            ],
        ),
        DemoMember(
            Relationship.PERSON_USING_VIOLENCE,
            "Mark",
            "Sample",
            datetime.date(1985, 7, 2),
            Gender.MAN,
            "facilitator",
            GROUP_WORK,
            CaseKind.PERPETRATOR_PROGRAMME,
            opened_days_ago=70,
            person={"phone": "07700 900102", "languages": ["en"]},
            partner_first_name_as_given="Ali",
            notes=[
                DemoNote(
                    70, _C.VISIT, "Assessment interview. Accepts the group agreement.", _ADMIN
                ),
                DemoNote(
                    21,
                    _C.GROUP,
                    "Session 4: minimised the March incident, challenged by the group.",
                ),
            ],
            tasks=[DemoTask("Send attendance report to probation", -2)],
        ),
        DemoMember(
            Relationship.CHILD,
            "Sam",
            "Sample",
            datetime.date(2016, 9, 30),
            Gender.NOT_STATED,
            "socialworker",
            FAMILY_SAFEGUARDING,
            CaseKind.CHILD,
            opened_days_ago=110,
            notes=[
                DemoNote(
                    100,
                    _C.VISIT,
                    "Home visit with his mother present. Sam is quiet at school, teacher reports.",
                ),
                DemoNote(40, _C.NOTE, "Child protection plan review booked.", _ADMIN),
            ],
            tasks=[DemoTask("Child protection plan review", 9)],
        ),
    ],
    [
        DemoMember(
            Relationship.SURVIVOR,
            "Bea",
            "Example",
            datetime.date(1979, 11, 21),
            Gender.WOMAN,
            "caseworker",
            OUTREACH,
            CaseKind.SURVIVOR_SUPPORT,
            opened_days_ago=240,
            person={
                "phone": "07700 900201",
                "languages": ["en", "it"],
                "interpreter_needed": False,
                "real_address": "Flat 2, 18 Lock Street, Riverton RV4 1DW",
                "substitute_address": "PO Box 41, Riverton RV1 0ZZ",
            },
            status=CaseStatus.ON_HOLD,
            risk_level="medium",
            incidents=[
                DemoIncident(
                    250,
                    [_F.ECONOMIC, _F.PSYCHOLOGICAL],
                    narrative="He kept her wages in his account and checked every receipt.",
                ),
                DemoIncident(
                    200,
                    [_F.PHYSICAL],
                    IncidentSource.OTHER_AGENCY,
                    "Reported by the GP surgery.",
                    injuries=True,
                ),
            ],
            notes=[
                DemoNote(239, _C.VISIT, "First meeting at the drop-in. Separated last month."),
                DemoNote(150, _C.PHONE, "Own bank account opened; benefits claim started."),
                DemoNote(
                    45, _C.NOTE, "On hold at her request while she visits family abroad.", _ADMIN
                ),
            ],
            tasks=[DemoTask("Check in when she is back", 14)],
        ),
        DemoMember(
            Relationship.PERSON_USING_VIOLENCE,
            "Ken",
            "Example",
            datetime.date(1976, 1, 8),
            Gender.MAN,
            "facilitator",
            GROUP_WORK,
            CaseKind.PERPETRATOR_PROGRAMME,
            opened_days_ago=180,
            person={"phone": "07700 900202"},
            partner_first_name_as_given="Beatrice",
            notes=[
                DemoNote(
                    180,
                    _C.VISIT,
                    "Referred by the family court. Agreed to partner "
                    "contact for his ex-partner and his new partner.",
                    _ADMIN,
                ),
                DemoNote(35, _C.GROUP, "Session 11: talked about money as control."),
            ],
            tasks=[DemoTask("Mid-programme review", -6)],
        ),
        DemoMember(
            Relationship.NEW_PARTNER,
            "Nina",
            "Example",
            datetime.date(1990, 5, 17),
            Gender.WOMAN,
            "partnerworker",
            PARTNER_SUPPORT,
            CaseKind.PARTNER_SUPPORT,
            opened_days_ago=150,
            person={"phone": "07700 900203", "safe_contact_times": "Any time by text"},
            risk_level="standard",
            notes=[
                DemoNote(
                    150,
                    _C.PHONE,
                    "Partner contact: told her about the programme and what it cannot promise.",
                ),
                DemoNote(60, _C.PHONE, "She says he is calmer; no incidents she wants to report."),
                DemoNote(59, _C.LETTER, "Information leaflet posted.", _ADMIN),
            ],
            tasks=[
                DemoTask("Three-month partner contact call", -1),
                DemoTask("First partner contact call", -140, done=True),
            ],
        ),
    ],
    [
        DemoMember(
            Relationship.SURVIVOR,
            "Cora",
            "Fictional",
            datetime.date(1995, 2, 3),
            Gender.WOMAN,
            "caseworker",
            OUTREACH,
            CaseKind.SURVIVOR_SUPPORT,
            opened_days_ago=400,
            person={
                "phone": "07700 900301",
                "real_address": "27 Bridge Terrace, Riverton RV3 9HN",
                "substitute_address": "PO Box 42, Riverton RV1 0ZZ",
            },
            status=CaseStatus.CLOSED,
            closed_days_ago=30,
            closure_reason=ClosureReason.SUPPORT_COMPLETED,
            risk_level="standard",
            incidents=[
                DemoIncident(
                    420,
                    [_F.STALKING, _F.DIGITAL],
                    narrative="Tracking app found on her phone after she left.",
                ),
                DemoIncident(380, [_F.PSYCHOLOGICAL], narrative="Threats by message."),
            ],
            notes=[
                DemoNote(399, _C.PHONE, "Helpline call passed on; she wants help with her phone."),
                DemoNote(300, _C.VISIT, "Phone checked with her; the tracking app is gone."),
                DemoNote(31, _C.NOTE, "Closing letter sent; she knows she can come back.", _ADMIN),
            ],
            tasks=[DemoTask("Closing review", -31, done=True)],
        ),
        DemoMember(
            Relationship.PERSON_USING_VIOLENCE,
            "Len",
            "Fictional",
            datetime.date(1993, 6, 19),
            Gender.MAN,
            "facilitator",
            GROUP_WORK,
            CaseKind.PERPETRATOR_PROGRAMME,
            opened_days_ago=360,
            partner_first_name_as_given="Cora",
            status=CaseStatus.CLOSED,
            closed_days_ago=200,
            closure_reason=ClosureReason.DROPPED_OUT,
            notes=[
                DemoNote(360, _C.VISIT, "Assessment: self-referred.", _ADMIN),
                DemoNote(205, _C.LETTER, "Third missed session; dropout letter sent.", _ADMIN),
            ],
        ),
    ],
    [
        DemoMember(
            Relationship.SURVIVOR,
            "Dora",
            "Placeholder",
            datetime.date(2001, 12, 1),
            Gender.WOMAN,
            "caseworker",
            OUTREACH,
            CaseKind.SURVIVOR_SUPPORT,
            opened_days_ago=20,
            person={
                "phone": "07700 900401",
                "languages": ["en", "ur"],
                "interpreter_needed": True,
                "safe_contact_times": "Only through her college counsellor",
                "substitute_address": "PO Box 43, Riverton RV1 0ZZ",
            },
            risk_level="high",
            incidents=[
                DemoIncident(
                    25,
                    [_F.HONOUR_BASED, _F.FORCED_MARRIAGE, _F.PSYCHOLOGICAL],
                    IncidentSource.OTHER_AGENCY,
                    "Her college counsellor reports a planned marriage abroad this summer.",
                ),
            ],
            notes=[
                DemoNote(
                    19,
                    _C.VISIT,
                    "Met at college with an interpreter. She does not want her family contacted.",
                ),
                DemoNote(18, _C.NOTE, "Interpreter booked for the next three meetings.", _ADMIN),
            ],
            tasks=[
                DemoTask("Ask about a forced marriage protection order", -2),
                DemoTask("Next meeting at college", 5),
            ],
        ),
        DemoMember(
            Relationship.CHILD,
            "Pip",
            "Placeholder",
            datetime.date(2012, 4, 22),
            Gender.NOT_STATED,
            "socialworker",
            FAMILY_SAFEGUARDING,
            CaseKind.CHILD,
            opened_days_ago=18,
            status=CaseStatus.CLOSED,
            closed_days_ago=4,
            closure_reason=ClosureReason.TRANSFERRED,
            notes=[
                DemoNote(17, _C.VISIT, "Pip (her younger brother) seen at school."),
                DemoNote(4, _C.LETTER, "Transferred to the neighbouring council's team.", _ADMIN),
            ],
        ),
    ],
]


def _seed_member(
    member: DemoMember,
    *,
    household: Household | None,
    teams: dict[tuple[str, str], Team],
    today: datetime.date,
) -> tuple[Household, Case]:
    from accord.cases import services as cases
    from accord.people import services as people

    worker = User.objects.get(username=member.worker)
    actor = Actor.for_user(worker)
    team = teams[member.team]
    organisation = team.service.organisation
    now = timezone.now()
    person = people.person_create(
        actor=actor,
        organisation=organisation,
        given_name=member.given_name,
        family_name=member.family_name,
        date_of_birth=member.date_of_birth,
        gender=member.gender,
        **member.person,
    )
    if household is None:
        household = people.household_create(actor=actor, organisation=organisation)
    people.household_member_add(
        actor=actor, household=household, person=person, relationship=member.relationship
    )
    case = cases.case_open(
        actor=actor,
        kind=member.kind,
        person=person,
        team=team,
        key_worker=worker,
        household=household,
        opened_on=today - datetime.timedelta(days=member.opened_days_ago),
        partner_first_name_as_given=member.partner_first_name_as_given,
    )
    for incident in member.incidents:
        cases.incident_record(
            actor=actor,
            case=case,
            forms=incident.forms,
            source=incident.source,
            occurred_on=today - datetime.timedelta(days=incident.days_ago),
            penetration=incident.penetration,
            injuries=incident.injuries,
            weapons=incident.weapons,
            children_present=incident.children_present,
            police_called=incident.police_called,
            protection_order=incident.protection_order,
            narrative=incident.narrative,
        )
    for note in member.notes:
        cases.note_add(
            actor=actor,
            case=case,
            contact_type=note.contact_type,
            text=note.text,
            visibility=note.visibility,
            written_at=now - datetime.timedelta(days=note.days_ago, hours=2),
        )
    for spec in member.tasks:
        task = cases.task_add(
            actor=actor,
            case=case,
            title=spec.title,
            due_on=today + datetime.timedelta(days=spec.due_in_days),
            assignee=worker,
        )
        if spec.done:
            cases.task_complete(actor=actor, task=task)
    if member.risk_level:
        seed_demo_assessments(case=case, level=member.risk_level, worker=worker)
        case.refresh_from_db()
    if member.status == CaseStatus.ON_HOLD:
        case = cases.case_update(
            actor=actor,
            case=case,
            expected_version=case.version,
            key_worker=worker,
            status=CaseStatus.ON_HOLD,
        )
    if member.status == CaseStatus.CLOSED:
        assert member.closure_reason is not None
        case = cases.case_close(
            actor=actor,
            case=case,
            expected_version=case.version,
            reason=member.closure_reason,
            closed_on=today - datetime.timedelta(days=member.closed_days_ago),
        )
    return household, case


def _already_seeded(member: DemoMember, teams: dict[tuple[str, str], Team]) -> bool:
    from accord.people.models import Person
    from accord.people.services import name_dob_index

    return Person.objects.filter(
        organisation=teams[member.team].service.organisation,
        name_dob_index=name_dob_index(member.given_name, member.family_name, member.date_of_birth),
    ).exists()


def seed_demo_casework(teams: dict[tuple[str, str], Team], result: DemoResult) -> None:
    today = timezone.localdate()
    for members in HOUSEHOLDS:
        if _already_seeded(members[0], teams):
            continue
        household = None
        for member in members:
            household, _ = _seed_member(member, household=household, teams=teams, today=today)
        result.households.append(f"the {members[0].family_name} household")
