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
