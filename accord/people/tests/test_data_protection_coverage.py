"""Retention, erasure and the subject-access export know every kind of record held about a
person. A new model that points at a person, a case or a record already held about her fails
here until it is handled (cleared when anonymising, deleted with her, and exported to her),
rather than being forgotten."""

from django.apps import apps
from django.db import models

from accord.cases.models import Case
from accord.people.models import HouseholdMember, Person
from accord.people.retention import CASE_RECORDS, PERSON_RECORDS
from accord.people.subject_access import (
    WITHHELD_FROM_EXPORT,
    held_person_records,
    held_records,
)
from accord.referrals.models import Notification
from accord.testing import Casework

RECORD_MODELS = {kind.model for kind in CASE_RECORDS}
PERSON_RECORD_MODELS = {kind.model for kind in PERSON_RECORDS}

# Handled by name: her cases, and her household memberships (deleted with her record; kept,
# with no personal data in them, when she is anonymised).
HANDLED = {Case, HouseholdMember, *RECORD_MODELS, *PERSON_RECORD_MODELS}
# A team's notice about a referral holds its reference and organisations only, never anything
# about her, and goes with the referral (CASCADE).
HANDLED |= {Notification}


def test_every_record_about_a_person_or_a_case_is_handled() -> None:
    # A model pointing at one of her records (a plan's items point at the plan) holds data
    # about her as surely as one pointing at her case.
    about_her = {Person, Case, *RECORD_MODELS, *PERSON_RECORD_MODELS}
    pointing = {
        model
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in about_her
    }

    unhandled = sorted(model._meta.label for model in pointing - HANDLED)
    assert not unhandled, (
        f"{unhandled} hold data about a person: add them to accord.people.retention.CASE_RECORDS "
        "or PERSON_RECORDS (or handle them there) and to the subject-access export "
        "(accord.people.subject_access)."
    )


def test_every_record_kind_leads_to_its_case_and_goes_with_it() -> None:
    for kind in CASE_RECORDS:
        model: type[models.Model] = kind.model
        for name in kind.to_case.split("__"):
            field = model._meta.get_field(name)
            # Deleting her cases deletes the record (no PROTECT or RESTRICT on the way).
            assert field.remote_field.on_delete is models.CASCADE, (kind.model, name)
            model = field.related_model
        assert model is Case, kind


def test_the_export_holds_every_record_kind(casework: Casework) -> None:
    # Safety information about him is withheld from his own export: it could point to her.
    assert set(held_records(casework.her_case)) >= RECORD_MODELS - WITHHELD_FROM_EXPORT
    assert not set(held_records(casework.his_case)) & WITHHELD_FROM_EXPORT


def test_every_person_record_kind_goes_with_her() -> None:
    for kind in PERSON_RECORDS:
        field = kind.model._meta.get_field(kind.to_person)
        # Deleting her record deletes it (erasure and retention delete her record last).
        assert field.remote_field.on_delete is models.CASCADE, kind
        assert field.related_model is Person, kind


def test_the_export_holds_every_person_record_kind(casework: Casework) -> None:
    assert set(held_person_records(casework.survivor)) >= PERSON_RECORD_MODELS
