"""The programme world the tests start from, built through the real services on top of the
persona world: the Change Programme's behaviour-change programme and a group with two
facilitators, a partner-support service at Women's Aid A with its worker, the protocols in force
(programme ↔ Women's Aid, programme → probation), and the casework household's man enrolled."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accord.accounts import services as accounts
from accord.accounts.models import Role, Service, ServiceKind, Team, User
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind
from accord.directory.tests.helpers import complete, draft
from accord.people import services as people
from accord.people.models import Relationship
from accord.programmes import services
from accord.programmes.models import (
    Enrolment,
    EnrolmentStatus,
    Group,
    PartnerLink,
    Programme,
    ProgrammeKind,
    ProgrammeModule,
    Route,
    Session,
    SessionKind,
)
from accord.testing import Casework, World, make_user


@dataclass(frozen=True)
class ProgrammeWorld:
    programme: Programme
    group: Group
    co_facilitator: User
    partner_service: Service
    partner_team: Team
    partner_worker: User
    probation_team: Team
    probation_officer: User
    enrolment: Enrolment
    link: PartnerLink


def make_programme(world: World, *, absence_limit: int = 3) -> Programme:
    programme = Programme.objects.create(
        service=world.group_work.service,
        name="Change Programme",
        kind=ProgrammeKind.BEHAVIOUR_CHANGE_GROUP,
        absence_limit=absence_limit,
        follow_up_months=[6, 24],
    )
    ProgrammeModule.objects.create(
        programme=programme,
        position=1,
        title="Intake",
        sessions=2,
        session_kind=SessionKind.ONE_TO_ONE,
        led_by="social worker",
    )
    ProgrammeModule.objects.create(
        programme=programme, position=2, title="Group work", sessions=22, led_by="psychologist"
    )
    return programme


def make_group(
    programme: Programme, lead: User, co: User, *, held: int = 3, count: int = 24
) -> Group:
    """A weekly group whose first `held` sessions are in the past."""
    first = timezone.now().replace(microsecond=0) - datetime.timedelta(weeks=held, hours=1)
    return services.group_create(
        actor=Actor.system(),
        programme=programme,
        name="Tuesday group",
        lead_facilitator=lead,
        co_facilitator=co,
        first_session_at=first,
        schedule=f"FREQ=WEEKLY;COUNT={count}",
        room="Room 2",
        capacity=12,
    )


def enrol(
    programme: Programme,
    case: Case,
    *,
    group: Group | None = None,
    mandated_by: Team | None = None,
    actor: Actor | None = None,
) -> Enrolment:
    """Enrolled, assessed and on the programme in `group`."""
    actor = actor or Actor.system()
    enrolment = services.enrolment_create(
        actor=actor,
        programme=programme,
        case=case,
        route=Route.COURT_ORDER if mandated_by else Route.VOLUNTARY,
        mandated=mandated_by is not None,
        mandating_team=mandated_by,
    )
    enrolment = services.enrolment_move(
        actor=actor,
        enrolment=enrolment,
        expected_version=enrolment.version,
        to_status=EnrolmentStatus.ASSESSED,
    )
    if group is not None:
        enrolment = services.enrolment_group_set(
            actor=actor, enrolment=enrolment, expected_version=enrolment.version, group=group
        )
    return services.enrolment_move(
        actor=actor,
        enrolment=enrolment,
        expected_version=enrolment.version,
        to_status=EnrolmentStatus.ON_PROGRAMME,
    )


def another_man(world: World, name: str, household_partner: str | None = None) -> Case:
    """A man with a programme case (and, if named, a partner on Women's Aid A's books)."""
    actor = Actor.for_user(world.facilitator)
    man = people.person_create(actor=actor, organisation=world.programme, given_name=name)
    household = None
    if household_partner:
        her_actor = Actor.for_user(world.caseworker)
        her = people.person_create(
            actor=her_actor, organisation=world.womens_aid, given_name=household_partner
        )
        household = people.household_create(actor=her_actor, organisation=world.womens_aid)
        people.household_member_add(
            actor=her_actor, household=household, person=her, relationship=Relationship.SURVIVOR
        )
        people.household_member_add(
            actor=actor,
            household=household,
            person=man,
            relationship=Relationship.PERSON_USING_VIOLENCE,
        )
    return cases.case_open(
        actor=actor,
        kind=CaseKind.PERPETRATOR_PROGRAMME,
        person=man,
        team=world.group_work,
        key_worker=world.facilitator,
        household=household,
    )


def build_programme_world(world: World, casework: Casework) -> ProgrammeWorld:
    system = Actor.system()
    partner_service = accounts.service_create(
        actor=system,
        organisation=world.womens_aid,
        name="Partner Support",
        kind=ServiceKind.PARTNER_SUPPORT,
    )
    partner_team = accounts.team_create(actor=system, service=partner_service, name="Partner")
    partner_worker = make_user("partner_worker", partner_team, Role.CASEWORKER)
    probation = accounts.organisation_create(
        actor=system, name="Probation", slug="probation", country="ES", languages=["es"]
    )
    probation_service = accounts.service_create(
        actor=system, organisation=probation, name="Probation", kind=ServiceKind.PROBATION
    )
    probation_team = accounts.team_create(actor=system, service=probation_service, name="OM")
    probation_officer = make_user("probation_officer", probation_team, Role.CASEWORKER)
    complete(
        draft(world, world.programme),
        {
            (world.programme, world.womens_aid): ["programme_status"],
            (world.womens_aid, world.programme): ["risk"],
        },
    )
    complete(
        draft(world, world.programme, probation, title="Change and probation"),
        {(world.programme, probation): ["programme_status"]},
    )
    co_facilitator = make_user("co_facilitator", world.group_work, Role.FACILITATOR)
    programme = make_programme(world)
    group = make_group(programme, world.facilitator, co_facilitator)
    enrolment = enrol(programme, casework.his_case, group=group, mandated_by=probation_team)
    link = PartnerLink.objects.select_related("partner_case").get(enrolment=enrolment)
    return ProgrammeWorld(
        programme=programme,
        group=group,
        co_facilitator=co_facilitator,
        partner_service=partner_service,
        partner_team=partner_team,
        partner_worker=partner_worker,
        probation_team=probation_team,
        probation_officer=probation_officer,
        enrolment=enrolment,
        link=link,
    )


def held_sessions(group: Group) -> list[Session]:
    """The group's sessions already held (before now), in their order."""
    return list(group.sessions.filter(starts_at__lt=timezone.now()).order_by("number"))
