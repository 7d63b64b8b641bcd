"""Her outcome schedule, answers and self-completion links on her case, for the DPO's
subject-access export, retention and erasure (accord/people/dpo_registry.py). A link's token
hash is no data about her and is left out of the file."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch

from accord.outcomes.models import OutcomeResponse, OutcomeSchedule, SelfCompletionLink
from accord.people import dpo_registry
from accord.people.dpo_registry import CaseRecordKind

# In each case of the file, after the casework apps' own sections (accord/people/dpo_registry.py).
ORDER = 63


def _schedules(case: Any) -> list[OutcomeSchedule]:
    try:
        return [case.outcome_schedule]
    except ObjectDoesNotExist:
        return []


dpo_registry.register_case_records(
    CaseRecordKind(
        OutcomeSchedule, order=ORDER, held=_schedules, select_related=("outcome_schedule",)
    ),
    CaseRecordKind(
        OutcomeResponse,
        order=ORDER,
        held=lambda case: list(case.outcome_responses.all()),
        prefetch=(
            Prefetch("outcome_responses", OutcomeResponse.objects.order_by("answered_on", "pk")),
        ),
    ),
    CaseRecordKind(
        SelfCompletionLink,
        order=ORDER,
        held=lambda case: list(case.self_completion_links.all()),
        prefetch=(
            Prefetch(
                "self_completion_links", SelfCompletionLink.objects.order_by("created_at", "pk")
            ),
        ),
    ),
)
