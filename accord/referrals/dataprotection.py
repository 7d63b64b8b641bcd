"""The referrals made from her cases, for the DPO's subject-access export, retention and erasure
(accord/people/dpo_registry.py): what was sent of her and what became of it goes with the case
it was sent from; the receiver's own case is its own record."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from accord.access.fields import FieldClass
from accord.people import dpo_registry
from accord.people.dpo_registry import CaseRecordKind
from accord.people.subject_access import coded_lists
from accord.referrals.models import Notification, Referral

dpo_registry.register_case_records(
    # What was sent of her to another service (the payload, why, any override's reason).
    CaseRecordKind(
        Referral,
        "from_case",
        counted_as="referrals",
        held=lambda case: list(case.referrals_sent.all()),
        section="referrals",
        heading=gettext_lazy("Referrals from this case"),
        order=50,
        # Not the receiver's own case (another organisation's record) nor the daily run's
        # bookkeeping.
        exported_without=frozenset(
            {"id", "from_case", "receiver_case", "version", "overdue_notified_at"}
        ),
        shown=coded_lists({"categories": FieldClass}),
        prefetch=(
            Prefetch(
                "referrals_sent",
                Referral.objects.select_related(
                    "from_team",
                    "to_service",
                    "protocol",
                    "consent",
                    "created_by",
                    "sent_by",
                    "responded_by",
                    "closed_by",
                ).order_by("created_at", "pk"),
            ),
        ),
    ),
)

dpo_registry.register_nothing_held(
    Notification,
    why="A team's notice about a referral holds its reference and organisations only, never "
    "anything about her, and goes with the referral (CASCADE).",
)
