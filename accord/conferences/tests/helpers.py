"""A conference world for the tests, built through the real services: Riverton-like, with a
coordinator, three member agencies (her Women's Aid outreach team, the police, housing) and an
agency that is not a member."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accord.accounts import services as accounts
from accord.accounts.models import Role, ServiceKind, Team, User
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind
from accord.conferences import services
from accord.conferences.models import Conference, ConferenceReferral, Meeting
from accord.people import services as people
from accord.people.models import ConsentGiver, ConsentMethod, ConsentScope, Relationship
from accord.testing import Casework, World, make_user


@dataclass(frozen=True)
class ConferenceWorld:
    world: World
    casework: Casework
    conference: Conference
    coordinator: User
    police_team: Team
    housing_team: Team
    housing_officer: User


def _team(slug: str, name: str, kind: ServiceKind, team: str) -> Team:
    actor = Actor.system()
    organisation = accounts.organisation_create(
        actor=actor, name=name, slug=slug, country="GB", languages=["en"]
    )
    service = accounts.service_create(actor=actor, organisation=organisation, name=name, kind=kind)
    return accounts.team_create(actor=actor, service=service, name=team)


def build_conference_world(world: World, casework: Casework) -> ConferenceWorld:
    actor = Actor.system()
    council = _team("council", "Council", ServiceKind.SOCIAL_SERVICES, "Risk Conference")
    coordinator = make_user("coordinator", council, Role.COORDINATOR)
    housing = _team("housing", "Housing", ServiceKind.HOUSING, "Tenancy")
    housing_officer = make_user("housing_officer", housing, Role.CASEWORKER)
    police_team = world.police_liaison.memberships.get().team
    conference = services.conference_create(
        actor=actor,
        name="Riverton MARAC",
        area="Riverton",
        team=council,
        schedule="FREQ=MONTHLY;BYDAY=+2TU",
        first_meeting_at=timezone.now() - datetime.timedelta(days=1),
        time_zone="Europe/London",
    )
    for team, representative in [
        (world.outreach, world.caseworker),
        (police_team, world.police_liaison),
        (housing, housing_officer),
    ]:
        services.conference_member_add(
            actor=actor, conference=conference, team=team, representative=representative
        )
    return ConferenceWorld(
        world=world,
        casework=casework,
        conference=conference,
        coordinator=coordinator,
        police_team=police_team,
        housing_team=housing,
        housing_officer=housing_officer,
    )


def meets_criteria(case: Case, *criteria: str, level: str = "high") -> None:
    # The risk services keep these derived columns from completed assessments; the tests set
    # them directly, as `case_risk_refresh` would.
    Case.objects.filter(pk=case.pk).update(conference_criteria=list(criteria), risk_level=level)
    case.conference_criteria = list(criteria)
    case.risk_level = level


def consent_to_conference(world: World, case: Case) -> None:
    people.consent_record(
        actor=Actor.for_user(world.caseworker),
        person=case.person,
        scope=ConsentScope.CONFERENCE_SHARING,
        given_by=ConsentGiver.PERSON,
        method=ConsentMethod.WRITTEN,
        given_on=timezone.localdate(),
        case=case,
    )


def survivor_case(world: World, given_name: str, born: datetime.date, children: int = 0) -> Case:
    """Another woman's case at the outreach team, with `children` children in her household."""
    actor = Actor.for_user(world.caseworker)
    person = people.person_create(
        actor=actor,
        organisation=world.womens_aid,
        given_name=given_name,
        family_name="Example",
        date_of_birth=born,
        phone="07700 900123",
        real_address="1 Hidden Street",
    )
    household = people.household_create(actor=actor, organisation=world.womens_aid)
    people.household_member_add(
        actor=actor, household=household, person=person, relationship=Relationship.SURVIVOR
    )
    for index in range(children):
        child = people.person_create(
            actor=actor, organisation=world.womens_aid, given_name=f"Child{index}"
        )
        people.household_member_add(
            actor=actor, household=household, person=child, relationship=Relationship.CHILD
        )
    return cases.case_open(
        actor=actor,
        kind=CaseKind.SURVIVOR_SUPPORT,
        person=person,
        team=world.outreach,
        key_worker=world.caseworker,
        household=household,
    )


def refer(cw: ConferenceWorld, case: Case, **extra: str) -> ConferenceReferral:
    if "override_reason" not in extra:
        consent_to_conference(cw.world, case)
    return services.conference_referral_make(
        actor=Actor.for_user(cw.world.caseworker),
        conference=cw.conference,
        case=case,
        risk_summary=extra.pop("risk_summary", "Threats to kill, escalating."),
        **extra,
    )


def open_meeting(cw: ConferenceWorld) -> Meeting:
    return services.meeting_schedule_next(
        actor=Actor.for_user(cw.coordinator), conference=cw.conference
    )


def accept(user: User, meeting: Meeting) -> None:
    services.confidentiality_accept(actor=Actor.for_user(user), meeting=meeting)
