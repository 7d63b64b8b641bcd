"""A mentor's accompaniments of her, and the early contact that led to a referral of hers, for
the DPO's subject-access export, retention and erasure (accord/people/dpo_registry.py). An early
contact is anonymous until it leads to a referral; from then it goes with that referral."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch

from accord.community.models import Accompaniment, EarlyContact
from accord.people import dpo_registry
from accord.people.dpo_registry import CaseRecordKind

# In each case of the file, after the casework apps' own sections (accord/people/dpo_registry.py).
ORDER = 62


def _early_contacts(case: Any) -> list[EarlyContact]:
    found = []
    for referral in case.referrals_sent.all():
        try:
            found.append(referral.early_contact)
        except ObjectDoesNotExist:
            continue
    return found


dpo_registry.register_case_records(
    CaseRecordKind(
        Accompaniment,
        order=ORDER,
        held=lambda case: list(case.accompaniments.all()),
        prefetch=(
            Prefetch("accompaniments", Accompaniment.objects.order_by("appointment_on", "pk")),
        ),
    ),
    CaseRecordKind(
        EarlyContact,
        order=ORDER,
        to_case="referral__from_case",
        held=_early_contacts,
        # Joined to the referrals of her case, which the referral's own kind prefetches.
        joined_to={"referrals_sent": ("early_contact",)},
    ),
)
