"""Shared by the consent tests: consents recorded through the services, a child in her
household, and the pages' URLs."""

import datetime
from typing import Any

from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind
from accord.people import services
from accord.people.models import (
    Consent,
    ConsentGiver,
    ConsentMethod,
    ConsentScope,
    Person,
    Relationship,
)
from accord.testing import Casework, World

CAREGIVER = "Marta Ruiz"
WITNESS = "Sofía Lindqvist"


def consent_url(case: Case, action: str = "") -> str:
    return f"/cases/{case.reference}/consent/{action + '/' if action else ''}"


def record(
    world: World,
    person: Person,
    *,
    case: Case | None = None,
    scope: str = ConsentScope.CONFERENCE_SHARING,
    given_by: str = ConsentGiver.PERSON,
    method: str = ConsentMethod.WRITTEN,
    given_on: datetime.date = datetime.date(2025, 1, 10),
    **fields: Any,
) -> Consent:
    return services.consent_record(
        actor=Actor.for_user(world.caseworker),
        person=person,
        case=case,
        scope=scope,
        given_by=given_by,
        method=method,
        given_on=given_on,
        **fields,
    )


def add_child(
    world: World, casework: Casework, *, date_of_birth: datetime.date | None
) -> tuple[Person, Case]:
    """Her child in her household, with a child case at Women's Aid A."""
    actor = Actor.for_user(world.caseworker)
    child = services.person_create(
        actor=actor, organisation=world.womens_aid, given_name="Lía", date_of_birth=date_of_birth
    )
    services.household_member_add(
        actor=actor, household=casework.household, person=child, relationship=Relationship.CHILD
    )
    case = cases.case_open(
        actor=actor,
        kind=CaseKind.CHILD,
        person=child,
        team=world.outreach,
        key_worker=world.caseworker,
        household=casework.household,
    )
    return child, case
