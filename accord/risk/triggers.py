"""What a case's risk picture is after something changed: its level, the next review, and
whether it meets the criteria for referral to a risk conference.

Derived state, kept on the case so that the caseload reads it without touching assessments;
recomputed by the services that change what it derives from (an assessment completed, an
incident recorded, a review task added or done), in their transaction: the case's services reach
`case_risk_refresh` through the hook risk registers (accord/cases/risk_hooks.py).
"""

import datetime

from django.conf import settings
from django.db.models import Min

from accord.cases.models import Case, Task, TaskPurpose
from accord.cases.risk_levels import ConferenceCriterion, RiskLevel, highest
from accord.cases.selectors import is_escalating, with_case_figures
from accord.risk.models import Assessment, AssessmentStatus


def review_interval(level: RiskLevel | str) -> datetime.timedelta:
    return datetime.timedelta(days=settings.ACCORD_RISK_REVIEW_DAYS[RiskLevel(level)])


def latest_completed(case: Case) -> list[Assessment]:
    """The latest completed assessment with each instrument: together they are the case's
    current picture (a children's screen does not replace her checklist, a newer checklist
    does)."""
    latest: dict[str, Assessment] = {}
    completed = (
        Assessment.objects.filter(case=case, status=AssessmentStatus.COMPLETE)
        .select_related("instrument")
        .order_by("-assessed_on", "-completed_at")
    )
    for assessment in completed:
        latest.setdefault(assessment.instrument.slug, assessment)
    return list(latest.values())


def conference_criteria(current: list[Assessment], *, escalating: bool) -> list[str]:
    """High from the instrument itself (its score or a red flag), high by professional judgement
    over a lower result, and escalating incidents."""
    criteria = []
    if any(a.computed_level == RiskLevel.HIGH for a in current):
        criteria.append(ConferenceCriterion.HIGH_RISK.value)
    if any(a.level == RiskLevel.HIGH != a.computed_level for a in current):
        criteria.append(ConferenceCriterion.JUDGEMENT.value)
    if escalating:
        criteria.append(ConferenceCriterion.ESCALATION.value)
    return criteria


def _flag_labels(current: list[Assessment]) -> list[dict[str, str]]:
    """Each red flag of the current assessments, as its label in every site language."""
    languages = [code for code, _name in settings.LANGUAGES]
    return [
        {code: assessment.instrument.spec.text(f"flags.{key}", code) for code in languages}
        for assessment in current
        for key in assessment.flags
    ]


def case_risk_refresh(case: Case) -> None:
    """Recompute the case's level, next review and conference criteria, on the row and on
    `case`. An update of those columns only: the case's version (what a user editing the key
    worker or status holds) does not change, so her edit does not turn stale because of it."""
    current = latest_completed(case)
    figures = with_case_figures(Case.objects.filter(pk=case.pk)).only("pk").get()
    next_review = Task.objects.filter(
        case=case, purpose=TaskPurpose.RISK_REVIEW, done_at__isnull=True
    ).aggregate(due=Min("due_on"))["due"]
    level = highest(*(a.level for a in current)).value if current else ""
    changes = {
        "risk_level": level,
        "risk_flags": _flag_labels(current),
        "risk_review_on": next_review,
        "conference_criteria": conference_criteria(current, escalating=is_escalating(figures)),
    }
    Case.objects.filter(pk=case.pk).update(**changes)
    for name, value in changes.items():
        setattr(case, name, value)
