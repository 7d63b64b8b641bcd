"""The demo locality: a fictional town, Riverton, whose agencies work on the same families.

Created through the real services (so the audit log is true) and idempotent: what exists is
left alone. Later record kinds extend `seed_demo_locality`.
"""

from dataclasses import dataclass, field

from django.db import transaction

from accord.accounts import services as accounts
from accord.accounts.models import Organisation, Role, Service, ServiceKind, Team, User
from accord.audit.context import Actor

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
            ("Women's Support Service", ServiceKind.SURVIVOR_SUPPORT, "0800 555 0100",
             ["Outreach", "Empowerment", "Data Protection", "Administration"]),
            ("Riverton Refuge", ServiceKind.SURVIVOR_SUPPORT, "", ["Refuge Staff"]),
            ("Partner Support", ServiceKind.PARTNER_SUPPORT, "", ["Partner Support"]),
        ],
    ),
    (
        "riverton-change",
        "Riverton Change Programme",
        [("Men's Behaviour Change Programme", ServiceKind.PERPETRATOR_PROGRAMME, "0800 555 0200",
          ["Group Work"])],
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

# username, first name, last name, organisation slug, team, role, persona (DESIGN.md §1)
PERSONAS: list[tuple[str, str, str, str, str, Role, str]] = [
    ("caseworker", "Maria", "Lopez", "riverton-womens-aid", "Outreach", Role.CASEWORKER,
     "survivor caseworker / independent advocate"),
    ("manager", "Helen", "Okafor", "riverton-womens-aid", "Outreach", Role.MANAGER,
     "manager of the women's support service"),
    ("partnerworker", "Sofia", "Rossi", "riverton-womens-aid", "Partner Support",
     Role.CASEWORKER, "partner-support worker"),
    ("trainer", "Eleni", "Papadopoulou", "riverton-womens-aid", "Empowerment", Role.CASEWORKER,
     "empowerment trainer"),
    ("dpo", "Anna", "Lindqvist", "riverton-womens-aid", "Data Protection", Role.DPO,
     "data-protection officer"),
    ("admin", "Grace", "Mensah", "riverton-womens-aid", "Administration", Role.ADMIN,
     "organisation admin"),
    ("facilitator", "Tom", "Hughes", "riverton-change", "Group Work", Role.FACILITATOR,
     "programme facilitator"),
    ("programmemanager", "David", "Novak", "riverton-change", "Group Work", Role.MANAGER,
     "programme manager"),
    ("police", "James", "Carter", "riverton-police", "Domestic Abuse Unit", Role.CASEWORKER,
     "police liaison"),
    ("probation", "Priya", "Shah", "riverton-probation", "Offender Management", Role.CASEWORKER,
     "probation liaison"),
    ("coordinator", "Claire", "Dubois", "riverton-council", "Risk Conference", Role.COORDINATOR,
     "risk conference coordinator / chair"),
    ("socialworker", "Lucy", "Brennan", "riverton-council", "Family Safeguarding",
     Role.CASEWORKER, "children's social worker"),
    ("mentor", "Amina", "Haddad", "riverton-migrant-womens-network", "Mentors", Role.MENTOR,
     "community mentor"),
    ("analyst", "Jonas", "Berg", "network-hub", "Analysts", Role.ANALYST, "network analyst"),
]


@dataclass
class DemoResult:
    created: list[str] = field(default_factory=list)
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
    return result
