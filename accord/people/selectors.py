"""Reads about people and households, always through the access module."""

import datetime

from accord.access.policy import AnyUser, visible_to
from accord.cases.models import Case
from accord.people.models import Household, Person
from accord.people.services import name_dob_index


def household_by_reference(user: AnyUser, reference: str) -> Household | None:
    """A household the user reaches through one of her cases, by its reference; None whether
    it does not exist or is not hers to see."""
    return visible_to(user, Household).filter(reference=reference).first()


def known_case_references(
    user: AnyUser, *, given_name: str, family_name: str | None, date_of_birth: datetime.date
) -> list[str]:
    """ "Is she known to us?": the references of the user's visible cases of anyone with exactly
    this name and date of birth (blind index, so nothing is decrypted to compare)."""
    index = name_dob_index(given_name, family_name, date_of_birth)
    if not index:
        return []
    people = visible_to(user, Person).filter(name_dob_index=index)
    return list(
        visible_to(user, Case)
        .filter(person__in=people)
        .order_by("reference")
        .values_list("reference", flat=True)
    )


def cases_for_data_protection(person: Person) -> list[Case]:
    """A person's cases for the DPO's subject-access and erasure pages (the caller has the
    person from `get_person_for_data_protection_or_404`): administrative data only, enough to
    confirm she has the right record, nothing of the identity or the disclosures."""
    return list(
        Case.objects.filter(person=person)
        .select_related("team__service__organisation")
        .order_by("opened_on", "pk")
    )


def relationships_in_household(household: Household, *, person_ids: list[int]) -> dict[int, str]:
    """How each of these people belongs to the household (the caller reached their cases)."""
    return dict(
        household.memberships.filter(person_id__in=person_ids).values_list(
            "person_id", "relationship"
        )
    )
