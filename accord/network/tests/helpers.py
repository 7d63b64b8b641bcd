"""The network's test personas and records, built through the real services."""

import datetime
from dataclasses import dataclass

from rest_framework.authtoken.models import Token

from accord.accounts import services as accounts
from accord.accounts.models import Role, User
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind, IncidentSource, ViolenceForm
from accord.network.models import Member, PartnershipModel
from accord.network.services import indicators_load_shipped, member_create
from accord.people import services as people
from accord.people.models import ConsentGiver, ConsentMethod, ConsentScope, Gender, Person
from accord.testing import World, make_user

Q3_DAY = datetime.date(2026, 8, 10)


@dataclass(frozen=True)
class Network:
    analyst: User
    second_analyst: User
    member: Member
    member_token: str
    other_member: Member
    other_token: str


def _member(slug: str, name: str, country: str) -> tuple[Member, str]:
    actor = Actor.system()
    account = accounts.user_create(
        actor=actor, username=f"network-{slug}", email="", password=None, is_service_account=True
    )
    member = member_create(
        actor=actor,
        slug=slug,
        name=name,
        country=country,
        partnership_model=PartnershipModel.ESTABLISHED,
        member_since=datetime.date(2020, 1, 1),
        account=account,
    )
    return member, Token.objects.create(user=account).key


def build_network(world: World) -> Network:
    indicators_load_shipped(actor=Actor.system())
    member, token = _member("riverton", "Riverton Partnership", "ES")
    other, other_token = _member("elsewhere", "Elsewhere Network", "IT")
    return Network(
        analyst=make_user("analyst_a", world.outreach, Role.ANALYST),
        second_analyst=make_user("analyst_b", world.outreach, Role.ANALYST),
        member=member,
        member_token=token,
        other_member=other,
        other_token=other_token,
    )


def survivor_with_incident(
    world: World,
    *,
    name: str,
    gender: str = Gender.WOMAN,
    born: datetime.date | None = datetime.date(1990, 1, 1),
    on: datetime.date = Q3_DAY,
    forms: tuple[str, ...] = (ViolenceForm.PHYSICAL,),
    incidents: int = 1,
) -> tuple[Person, Case]:
    actor = Actor.for_user(world.caseworker)
    person = people.person_create(
        actor=actor,
        organisation=world.womens_aid,
        given_name=name,
        gender=gender,
        date_of_birth=born,
    )
    case = cases.case_open(
        actor=actor,
        kind=CaseKind.SURVIVOR_SUPPORT,
        person=person,
        team=world.outreach,
        key_worker=world.caseworker,
        opened_on=on,
    )
    for _number in range(incidents):
        cases.incident_record(
            actor=actor,
            case=case,
            forms=list(forms),
            source=IncidentSource.SURVIVOR,
            occurred_on=on,
        )
    return person, case


def withdraw_statistics_consent(world: World, person: Person) -> None:
    actor = Actor.for_user(world.caseworker)
    consent = people.consent_record(
        actor=actor,
        person=person,
        scope=ConsentScope.STATISTICS,
        given_by=ConsentGiver.PERSON,
        method=ConsentMethod.WRITTEN,
        given_on=datetime.date(2026, 1, 5),
    )
    people.consent_withdraw(actor=actor, consent=consent)


def answer_statistics_consent(
    world: World, person: Person, *, answer: str, given_on: datetime.date
) -> None:
    """Her answer when asked about inclusion in statistics: given or refused."""
    people.consent_record(
        actor=Actor.for_user(world.caseworker),
        person=person,
        scope=ConsentScope.STATISTICS,
        given_by=ConsentGiver.PERSON,
        method=ConsentMethod.WRITTEN,
        given_on=given_on,
        answer=answer,
    )


def build_barometer(areas: int = 3, *, year: int = 2025) -> None:
    """The shipped scoring and `areas` municipalities with a year's figures; the second is a
    small one (few inhabitants, wide intervals)."""
    from accord.network.models import AreaKind, ScoringScheme
    from accord.network.services import area_create, area_return_record, scoring_load_shipped

    actor = Actor.system()
    if not ScoringScheme.objects.exists():
        scoring_load_shipped(actor=actor)
    scheme = ScoringScheme.objects.get()
    for number in range(areas):
        area = area_create(
            actor=actor,
            slug=f"area-{number}",
            name=f"Area {number:02d}",
            country="ES" if number % 2 else "IT",
            kind=AreaKind.MUNICIPALITY,
        )
        small = number == 1
        area_return_record(
            actor=actor,
            area=area,
            year=year,
            population=3_000 if small else 100_000 + 1_000 * number,
            scheme=scheme,
            figures={
                "shelter-places": 1 if small else 4 + number,
                "advocates": 0 if small else 5,
                "protocols-in-force": [2, 4] if small else [3, 4],
                "programme-available": [0, 1] if small else [1, 1],
                "answer-days": 5 if small else 2 + number % 3,
                "reported-incidents": 9 if small else 300 + number,
            },
        )
