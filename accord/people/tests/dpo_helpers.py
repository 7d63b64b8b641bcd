"""Shared by the data-protection tests (subject access, retention, erasure): people whose cases
closed a given number of years ago, built through the real services, and the DPO's client
after a fresh re-authentication."""

import datetime

from django.test import Client
from django.utils import timezone

from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import (
    Case,
    CaseKind,
    ClosureReason,
    ContactType,
    IncidentSource,
    ViolenceForm,
)
from accord.cases.risk_levels import RiskLevel
from accord.demo.risk import MAIN_INSTRUMENT, answers_reaching, seed_demo_instruments
from accord.people import services as people
from accord.people.models import Household, Person, Relationship
from accord.people.retention import years_before
from accord.risk import services as risk
from accord.risk.models import Assessment, Instrument
from accord.safety import services as safety
from accord.safety.models import ItemOwner, SafetyPlan
from accord.testing import World, client_for, reauthenticate

# Denied on every data-protection page: 404, as if the page did not exist.
DENIED = ["caseworker", "manager", "facilitator", "admin", "police_liaison", "outsider"]

CLOSED_NOTE = "She moved to her sister's in Valverde."
CLOSED_NARRATIVE = "He pushed her down the stairs."
CLOSED_TASK = "Call her sister Marta"
CLOSED_PHONE = "+34 611 000 999"
JUDGEMENT_REASON = "He told her sister he knows where the new flat is."
PLAN_ITEMS = ("Leave a bag with her passport at Marta's", "Code word with her sister: umbrella")


def dpo_client(world: World) -> Client:
    client = client_for(world.dpo)
    reauthenticate(client, world.dpo)
    return client


def today() -> datetime.date:
    return timezone.localdate()


def person_with_case(
    world: World,
    *,
    closed_years_ago: int | None,
    household: Household | None = None,
    given_name: str = "Rosa",
    risk_and_safety: bool = False,
) -> tuple[Person, Case]:
    """A survivor at Women's Aid A with one case, with an incident, a note and a task (and with
    `risk_and_safety` an assessment and a safety plan); the case closed `closed_years_ago` years
    ago (a day more, so "more than N years" is unambiguous), or still open when None."""
    actor = Actor.for_user(world.caseworker)
    person = people.person_create(
        actor=actor,
        organisation=world.womens_aid,
        given_name=given_name,
        family_name="Llorente",
        date_of_birth=datetime.date(1984, 1, 9),
        phone=CLOSED_PHONE,
        real_address="3 Mill Lane, Riverton",
        aliases=["R. Ll."],
        languages=["es"],
    )
    if household is not None:
        people.household_member_add(
            actor=actor, household=household, person=person, relationship=Relationship.CHILD
        )
    return person, case_with_records(
        world,
        person,
        closed_years_ago=closed_years_ago,
        household=household,
        risk_and_safety=risk_and_safety,
    )


def case_with_records(
    world: World,
    person: Person,
    *,
    closed_years_ago: int | None,
    household: Household | None = None,
    risk_and_safety: bool = False,
) -> Case:
    """With `risk_and_safety`, the case also holds an assessment and a safety plan (see
    `add_risk_and_safety`)."""
    actor = Actor.for_user(world.caseworker)
    opened_on = years_before(today(), (closed_years_ago or 0) + 2)
    case = cases.case_open(
        actor=actor,
        kind=CaseKind.SURVIVOR_SUPPORT,
        person=person,
        team=world.outreach,
        key_worker=world.caseworker,
        household=household,
        opened_on=opened_on,
    )
    cases.incident_record(
        actor=actor,
        case=case,
        forms=[ViolenceForm.PHYSICAL],
        source=IncidentSource.SURVIVOR,
        occurred_on=opened_on,
        narrative=CLOSED_NARRATIVE,
    )
    cases.note_add(actor=actor, case=case, contact_type=ContactType.PHONE, text=CLOSED_NOTE)
    cases.task_add(
        actor=actor, case=case, title=CLOSED_TASK, due_on=opened_on, assignee=world.caseworker
    )
    if risk_and_safety:
        # Before closing: an assessment is only started on an open case.
        add_risk_and_safety(world, case, assessed_on=opened_on)
    if closed_years_ago is not None:
        case = cases.case_close(
            actor=actor,
            case=case,
            expected_version=case.version,
            reason=ClosureReason.SUPPORT_COMPLETED,
            closed_on=years_before(today(), closed_years_ago) - datetime.timedelta(days=1),
        )
    return case


def survivor_checklist() -> Instrument:
    """The shipped survivor checklist, loaded on first use (loading it twice is refused)."""
    slug = MAIN_INSTRUMENT[CaseKind.SURVIVOR_SUPPORT]
    checklist = Instrument.objects.filter(organisation=None, slug=slug).first()
    if checklist is None:
        [checklist] = [i for i in seed_demo_instruments() if i.slug == slug]
    return checklist


def add_risk_and_safety(
    world: World, case: Case, *, assessed_on: datetime.date
) -> tuple[Assessment, SafetyPlan]:
    """A completed assessment (medium by her answers, raised to high by judgement, with a
    reason) and a safety plan with the two PLAN_ITEMS (three versions)."""
    actor = Actor.for_user(world.caseworker)
    checklist = survivor_checklist()
    assessment = risk.assessment_start(
        actor=actor, case=case, instrument=checklist, assessed_on=assessed_on
    )
    assessment = risk.assessment_complete(
        actor=actor,
        assessment=assessment,
        expected_version=assessment.version,
        answers=answers_reaching(checklist.spec, RiskLevel.MEDIUM),
        judgement_level=RiskLevel.HIGH,
        judgement_reason=JUDGEMENT_REASON,
    )
    plan = safety.safety_plan_start(actor=actor, case=case)
    section = safety.plan_sections_ensure(actor=actor, organisation=world.womens_aid)[0]
    for text in PLAN_ITEMS:
        safety.safety_plan_item_add(
            actor=actor, plan=plan, section=section, text=text, owner=ItemOwner.HER
        )
    return assessment, plan
