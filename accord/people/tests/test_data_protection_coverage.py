"""Retention, erasure and the subject-access export know every kind of record held about a
person. A new model that points at a person or a case fails here until it is handled (cleared
when anonymising, deleted with her, and exported to her), rather than being forgotten."""

from django.apps import apps

from accord.cases.models import Case
from accord.people.models import HouseholdMember, Person
from accord.people.retention import CASE_RECORDS

# Handled by name: her cases, and her household memberships (deleted with her record; kept,
# with no personal data in them, when she is anonymised).
HANDLED = {Case, HouseholdMember, *CASE_RECORDS}


def test_every_record_about_a_person_or_a_case_is_handled() -> None:
    pointing = {
        model
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in (Person, Case)
    }

    unhandled = sorted(model._meta.label for model in pointing - HANDLED)
    assert not unhandled, (
        f"{unhandled} hold data about a person: add them to accord.people.retention.CASE_RECORDS "
        "(or handle them there) and to the subject-access export (accord.people.subject_access)."
    )
