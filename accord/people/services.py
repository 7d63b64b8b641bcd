"""Writes to people and households. Each validates, saves and audits in one transaction; no
event ever carries a name or an address."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.accounts.models import Organisation
from accord.audit.context import Actor
from accord.audit.services import audit_event_record, audit_reveal
from accord.core.crypto import blind_index
from accord.core.locking import lock_for_update
from accord.core.references import new_reference
from accord.people.models import Household, HouseholdMember, Person, Relationship

NAME_DOB_PURPOSE = "person.name_dob"

# What a person_update may change; everything else has its own service.
EDITABLE_PERSON_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "aliases",
        "date_of_birth",
        "gender",
        "languages",
        "nationality",
        "residence_status",
        "disability",
        "interpreter_needed",
        "phone",
        "email",
        "safe_contact_times",
        "substitute_address",
        "real_address",
    }
)


def name_dob_index(
    given_name: str, family_name: str | None, date_of_birth: datetime.date | None
) -> str:
    if date_of_birth is None:
        return ""
    return blind_index(
        f"{given_name} {family_name or ''}|{date_of_birth.isoformat()}", purpose=NAME_DOB_PURPOSE
    )


def _check_dates(person: Person) -> None:
    if person.date_of_birth and person.date_of_birth > datetime.date.today():
        raise ValidationError({"date_of_birth": _("A date of birth cannot be in the future.")})
    if person.date_of_birth and person.date_of_birth.year < 1900:
        raise ValidationError({"date_of_birth": _("Check the year of birth.")})


@transaction.atomic
def person_create(
    *, actor: Actor, organisation: Organisation, given_name: str, **fields: Any
) -> Person:
    unknown = set(fields) - EDITABLE_PERSON_FIELDS
    if unknown:
        raise TypeError(f"person_create() got unexpected fields: {sorted(unknown)}")
    person = Person(organisation=organisation, given_name=given_name, **fields)
    _check_dates(person)
    person.name_dob_index = name_dob_index(
        person.given_name, person.family_name, person.date_of_birth
    )
    person.full_clean()
    person.save()
    audit_event_record(
        actor=actor, action="person.created", obj=person, subject_organisation_id=organisation.pk
    )
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, expected_version: int, **changes: Any) -> Person:
    unknown = set(changes) - EDITABLE_PERSON_FIELDS
    if unknown:
        raise TypeError(f"person_update() got unexpected fields: {sorted(unknown)}")
    current = lock_for_update(person, expected_version=expected_version)
    for name, value in changes.items():
        setattr(current, name, value)
    _check_dates(current)
    current.name_dob_index = name_dob_index(
        current.given_name, current.family_name, current.date_of_birth
    )
    current.version += 1
    current.full_clean()
    current.save()
    audit_event_record(
        actor=actor,
        action="person.changed",
        obj=current,
        subject_organisation_id=current.organisation_id,
        # Which fields, never their values.
        reason=", ".join(sorted(changes)),
    )
    return current


@transaction.atomic
def person_address_reveal(*, actor: Actor, person: Person, reason: str) -> str:
    """The real address for one page view. The caller has checked the reveal right (access
    module) and re-authentication; this records who, when, from where and why."""
    audit_reveal(
        actor=actor,
        action="person.address_revealed",
        obj=person,
        subject_organisation_id=person.organisation_id,
        reason=reason,
    )
    return person.real_address or ""


@transaction.atomic
def household_create(*, actor: Actor, organisation: Organisation) -> Household:
    household = Household(reference=new_reference("HH"), created_by_organisation=organisation)
    household.full_clean()
    household.save()
    audit_event_record(
        actor=actor,
        action="household.created",
        obj=household,
        subject_organisation_id=organisation.pk,
    )
    return household


@transaction.atomic
def household_member_add(
    *, actor: Actor, household: Household, person: Person, relationship: Relationship
) -> HouseholdMember:
    if HouseholdMember.objects.filter(household=household, person=person).exists():
        raise ValidationError({"person": _("This person is already in the household.")})
    member = HouseholdMember(
        household=household, person=person, relationship=relationship, added_by=actor.user
    )
    member.full_clean()
    member.save()
    audit_event_record(
        actor=actor,
        action="household.member_added",
        obj=household,
        subject_organisation_id=person.organisation_id,
        reason=str(relationship),
    )
    return member


@transaction.atomic
def person_viewed(*, actor: Actor, person: Person) -> None:
    """Reads of a person's record are audited too (DESIGN.md §4.5), whichever way they come."""
    audit_event_record(
        actor=actor,
        action="person.viewed",
        obj=person,
        subject_organisation_id=person.organisation_id,
    )


@transaction.atomic
def person_search_recorded(*, actor: Actor, matches: int) -> None:
    """An "is she known to us?" search is a read about people: recorded with how many cases it
    found, never with the name or date of birth searched for."""
    audit_event_record(
        actor=actor,
        action="person.searched",
        object_type="people.person",
        subject_organisation_id=actor.organisation_id,
        reason=str(matches),
    )
