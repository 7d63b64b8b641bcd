"""Her risk assessments, for the DPO's subject-access export, retention and erasure
(accord/people/dpo_registry.py): exported with her answers and red flags in the instrument's own
words; anonymising clears the answers and the reasons and keeps scores, levels and flags."""

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import get_language, gettext_lazy

from accord.people import dpo_registry
from accord.people.dpo_registry import CaseRecordKind
from accord.people.subject_access import shown_value
from accord.risk.definition import NO, UNKNOWN, YES
from accord.risk.models import Assessment

ANSWER_WORDS = {
    YES: gettext_lazy("yes"),
    NO: gettext_lazy("no"),
    UNKNOWN: gettext_lazy("don't know"),
}


def _assessment_shown(assessment: Any, name: str, value: Any) -> str | None:
    """Her answers and red flags in the instrument's own words, in the reader's language."""
    spec = assessment.instrument.spec
    language = get_language() or "en"

    def text(key: str, fallback: str) -> str:
        try:
            return spec.text(key, language)
        except KeyError:
            return fallback

    if name == "answers" and isinstance(value, dict):
        return (
            "; ".join(
                f"{text(f'items.{key}', key)}: {ANSWER_WORDS.get(answer, shown_value(answer))}"
                for key, answer in value.items()
            )
            or "—"
        )
    if name == "flags" and isinstance(value, list):
        return ", ".join(text(f"flags.{key}", key) for key in value) or "—"
    return None


dpo_registry.register_case_records(
    CaseRecordKind(
        Assessment,
        counted_as="assessments",
        held=lambda case: list(case.assessments.all()),
        section="assessments",
        heading=gettext_lazy("Risk assessments"),
        order=40,
        # Its version is its lock counter, like the case's.
        exported_without=frozenset({"id", "case", "version"}),
        shown=_assessment_shown,
        prefetch=(
            Prefetch(
                "assessments",
                Assessment.objects.select_related(
                    "instrument", "created_by", "completed_by"
                ).order_by("assessed_on", "pk"),
            ),
        ),
    ),
)
