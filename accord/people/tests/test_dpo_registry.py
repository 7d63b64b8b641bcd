"""The registry each app declares its records of a person in (accord/people/dpo_registry.py)."""

import pytest
from django.db.models import Prefetch

from accord.community.models import EarlyContact
from accord.people import dpo_registry
from accord.people.dpo_registry import AlreadyRegistered, CaseRecordKind
from accord.programmes.models import SafetyInformation
from accord.referrals.models import Referral


def test_a_kind_says_how_it_is_exported_or_why_it_is_withheld() -> None:
    with pytest.raises(ValueError, match="withheld"):
        CaseRecordKind(SafetyInformation, to_case="enrolment__case")
    with pytest.raises(ValueError, match="withheld"):
        CaseRecordKind(SafetyInformation, held=lambda case: [], withheld="both")


def test_a_model_is_declared_once() -> None:
    with pytest.raises(AlreadyRegistered):
        dpo_registry.register_case_records(CaseRecordKind(Referral, withheld="twice"))


def test_the_safety_information_about_him_is_withheld_from_his_export() -> None:
    assert SafetyInformation in dpo_registry.withheld_from_export()


def test_a_join_to_another_kinds_prefetch_rides_on_its_query(casework) -> None:
    # The early contact is joined to the referrals' prefetch, not prefetched on its own.
    cases = dpo_registry.cases_for_export(casework.survivor)
    [referrals] = [
        lookup
        for lookup in cases._prefetch_related_lookups
        if isinstance(lookup, Prefetch) and lookup.prefetch_through == "referrals_sent"
    ]
    assert "early_contact" in referrals.queryset.query.select_related
    assert EarlyContact in {kind.model for kind in dpo_registry.exported_kinds()}
