"""A risk conference's referral of her case, with what the agencies brought and agreed, for the
DPO's subject-access export, retention and erasure (accord/people/dpo_registry.py)."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from accord.conferences.models import Action, ConferenceReferral, Minute, Research
from accord.people import dpo_registry
from accord.people.dpo_registry import CaseRecordKind

# In each case of the file, after the casework apps' own sections (accord/people/dpo_registry.py).
ORDER = 65


def _minutes(case: Any) -> list[Minute]:
    found = []
    for referral in case.conference_referrals.all():
        try:
            found.append(referral.minute)
        except ObjectDoesNotExist:
            continue
    return found


dpo_registry.register_case_records(
    CaseRecordKind(
        ConferenceReferral,
        order=ORDER,
        held=lambda case: list(case.conference_referrals.all()),
        prefetch=("conference_referrals",),
    ),
    CaseRecordKind(
        Research,
        to_case="referral__case",
        order=ORDER,
        held=lambda case: [x for r in case.conference_referrals.all() for x in r.research.all()],
        prefetch=("conference_referrals__research",),
    ),
    CaseRecordKind(
        Minute,
        to_case="referral__case",
        order=ORDER,
        held=_minutes,
        prefetch=("conference_referrals__minute",),
    ),
    CaseRecordKind(
        Action,
        to_case="referral__case",
        order=ORDER,
        held=lambda case: [x for r in case.conference_referrals.all() for x in r.actions.all()],
        prefetch=("conference_referrals__actions",),
    ),
)
