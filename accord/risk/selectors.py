"""Reads for risk work. A case's assessments are reached through the case (the access module
decides whether the user reads its risk class at all); instruments through `instruments_for`."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from accord.access.policy import AnyUser, organisation_ids_of
from accord.cases.models import Case
from accord.risk.definition import AnswerType
from accord.risk.forms import YES_NO_LABELS
from accord.risk.models import Assessment, AssessmentStatus, Instrument


def instruments_visible_to(user: AnyUser) -> QuerySet[Instrument]:
    """The instruments Accord ships and those of the user's own organisations (an
    organisation's licensed checklist is its own)."""
    if not user.is_authenticated:
        return Instrument.objects.none()
    return Instrument.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id__in=organisation_ids_of(user))
    ).order_by("title", "slug", "-loaded_at")


def instruments_for(case: Case) -> list[Instrument]:
    """The forms offered for a new assessment on `case`: the active version of each instrument
    shipped or loaded by the case's organisation, used for its kind of case."""
    candidates = Instrument.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=case.team.service.organisation_id),
        active=True,
    ).order_by("title")
    return [instrument for instrument in candidates if case.kind in instrument.spec.case_kinds]


def case_assessments(case: Case) -> list[Assessment]:
    """Every assessment of the case, newest first: the history is never pruned."""
    return list(
        Assessment.objects.filter(case=case)
        .select_related("instrument", "created_by", "completed_by")
        .order_by("-assessed_on", "-created_at")
    )


def completed_in_order(assessments: list[Assessment]) -> list[Assessment]:
    """Completed assessments, oldest first, for the chart."""
    done = [a for a in assessments if a.status == AssessmentStatus.COMPLETE]
    return sorted(done, key=lambda a: (a.assessed_on, a.completed_at))


def case_assessment_or_404(case: Case, uid: Any) -> Assessment:
    try:
        found = Assessment.objects.select_related("instrument", "created_by", "completed_by").get(
            case=case, uid=uid
        )
    # A malformed uid (e.g. "?earlier=x" on the comparison) is a ValidationError from the
    # UUID field: missing, like any other uid that names nothing.
    except (Assessment.DoesNotExist, ValidationError, ValueError, TypeError) as missing:
        raise Http404 from missing
    # The case as the caller holds it (with its team and service): the audit event and the
    # page read it from here instead of fetching it again.
    found.case = case
    return found


@dataclass(frozen=True)
class ComparedItem:
    text: str
    earlier: str
    later: str

    @property
    def changed(self) -> bool:
        return self.earlier != self.later


def answer_text(assessment: Assessment, key: str, language: str) -> str:
    """An answer as its form words it: a choice by its label, yes/no/don't know translated."""
    answer = assessment.answers.get(key)
    if answer in (None, ""):
        return ""
    spec = assessment.instrument.spec
    try:
        item = spec.item(key)
    except KeyError:
        return str(answer)
    if item.choices:
        return spec.text(f"choices.{key}.{answer}", language)
    return (
        str(YES_NO_LABELS.get(answer, answer))
        if item.answer_type == AnswerType.YES_NO
        else str(answer)
    )


def answered(assessment: Assessment, language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """A completed assessment as read back: each section, then each follow-up its answers
    opened, with every question and its answer as the form words them."""
    spec = assessment.instrument.spec
    blocks = [(f"sections.{section.key}", section.items) for section in spec.sections]
    blocks += [
        (f"modules.{module.key}", module.items)
        for module in spec.opened_modules(assessment.answers)
    ]
    return [
        (
            spec.text(title_key, language),
            [
                (
                    spec.text(f"items.{item.key}", language),
                    answer_text(assessment, item.key, language),
                )
                for item in items
            ],
        )
        for title_key, items in blocks
    ]


def compare(earlier: Assessment, later: Assessment, language: str) -> list[ComparedItem]:
    """Two assessments with the same instrument, item by item in the later form's order; items
    only the earlier version asked come last."""
    rows = []
    seen: set[str] = set()
    for spec in (later.instrument.spec, earlier.instrument.spec):
        for item in spec.items():
            if item.key in seen:
                continue
            seen.add(item.key)
            rows.append(
                ComparedItem(
                    text=spec.text(f"items.{item.key}", language),
                    earlier=answer_text(earlier, item.key, language),
                    later=answer_text(later, item.key, language),
                )
            )
    return rows
