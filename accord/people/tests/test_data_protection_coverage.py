"""Retention, erasure and the subject-access export know every kind of record held about a
person: each app declares its own in its dataprotection.py (accord/people/dpo_registry.py). A
new model that points at a person, a case or a record already held about her fails here until
its app declares it (cleared when anonymising, deleted with her, and exported to her or
withheld with a reason), rather than being forgotten."""

from django.apps import apps
from django.db import models

from accord.cases.models import Case
from accord.people import dpo_registry
from accord.people.models import HouseholdMember, Person
from accord.people.subject_access import held_person_records, held_records
from accord.referrals.models import Notification
from accord.testing import Casework

CASE_RECORDS = dpo_registry.case_record_kinds()
PERSON_RECORDS = dpo_registry.person_record_kinds()
WITHHELD_FROM_EXPORT = dpo_registry.withheld_from_export()
RECORD_MODELS = {kind.model for kind in CASE_RECORDS}
PERSON_RECORD_MODELS = {kind.model for kind in PERSON_RECORDS}

# Handled by name: her cases (the hub the cases app declares), and her household memberships
# (deleted with her record; kept, with no personal data in them, when she is anonymised).
HANDLED = {dpo_registry.her_cases().model, HouseholdMember, *RECORD_MODELS, *PERSON_RECORD_MODELS}
# Declared as holding nothing about her: a team's notice about a referral holds its reference
# and organisations only, and goes with the referral (CASCADE).
HANDLED |= {declared.model for declared in dpo_registry.nothing_held()}


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
        f"{unhandled} hold data about a person: declare them in their app's dataprotection.py "
        "(accord.people.dpo_registry: how they are exported or why withheld, cleared and "
        "erased)."
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


def test_the_notice_of_a_referral_is_declared_as_holding_nothing() -> None:
    assert Notification in {declared.model for declared in dpo_registry.nothing_held()}


def test_every_kind_is_declared_by_its_own_app() -> None:
    # Each app declares its own models in its dataprotection.py: the people app's machinery
    # names none of them (accord/core/tests/test_layers.py checks its imports).
    declared = [
        *(kind.model for kind in (*CASE_RECORDS, *PERSON_RECORDS)),
        *(declared.model for declared in dpo_registry.nothing_held()),
        dpo_registry.her_cases().model,
    ]
    for model in declared:
        expected = f"{model._meta.app_config.name}.dataprotection"
        assert dpo_registry.declared_in(model) == expected, model


def test_a_withheld_kind_says_why() -> None:
    for kind in CASE_RECORDS:
        assert (kind.held is None) == bool(kind.withheld), kind
