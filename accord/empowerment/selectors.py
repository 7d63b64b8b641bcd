"""Reads of the empowerment work, each starting from the access rules (`access.py`)."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.http import Http404

from accord.access.policy import AnyUser, case_access
from accord.cases.models import Case
from accord.core.disclosure import Cell, primary
from accord.empowerment.access import survivor_side_cases
from accord.empowerment.models import Mentorship, Occasion, PlanGoal, ProfileSnapshot
from accord.empowerment.questions import QUESTIONS, Question


def case_for_work_or_404(user: AnyUser, reference: str) -> Case:
    """Her survivor-side case, for someone who works it; Http404 for anyone else, as for a
    case that does not exist."""
    try:
        case = (
            survivor_side_cases(user)
            .select_related("person", "team__service")
            .get(reference=reference)
        )
    except (Case.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
    if not case_access(user, case).may_work:
        raise Http404
    return case


@dataclass(frozen=True)
class ChangeRow:
    question: Question
    # Her answer at each snapshot, in date order; `changed` when the last differs from the first.
    answers: list[str]
    changed: bool


@dataclass(frozen=True)
class CaseEmpowerment:
    snapshots: list[ProfileSnapshot]
    change: list[ChangeRow]
    goals: list[PlanGoal]
    mentorships: list[Mentorship]


def case_empowerment(case: Case) -> CaseEmpowerment:
    """Everything on her case page of empowerment work: three queries, however many snapshots,
    goals and meetings."""
    snapshots = list(case.profile_snapshots.order_by("taken_on", "pk"))
    change = [
        ChangeRow(
            question=question,
            answers=[question.label(s.answers.get(question.key, "")) for s in snapshots],
            changed=len(snapshots) > 1
            and snapshots[0].answers.get(question.key) != snapshots[-1].answers.get(question.key),
        )
        for question in QUESTIONS
    ]
    return CaseEmpowerment(
        snapshots=snapshots,
        change=change,
        goals=list(case.empowerment_goals.order_by("pk")),
        mentorships=list(case.mentorships.prefetch_related("meetings").order_by("started_on")),
    )


@dataclass(frozen=True)
class ShareCell:
    cell: Cell
    base: int

    @property
    def share(self) -> int | None:
        """Per cent of the base, or None when the count is suppressed or the base is empty."""
        if self.cell.value is None or not self.base:
            return None
        return round(100 * self.cell.value / self.base)


@dataclass(frozen=True)
class AnswerRow:
    question: Question
    value: str
    label: str
    entry: ShareCell
    follow_up: ShareCell


@dataclass(frozen=True)
class ProfileAggregate:
    # Women with an entry profile and a later one (exit or follow-up): the paired base.
    women: Cell
    base: int
    rows: list[AnswerRow]


def profile_aggregate(user: AnyUser, *, since: datetime.date | None = None) -> ProfileAggregate:
    """Shares at entry and at her latest later profile, over the women the reader works with who
    have both (so that both columns count the same women). Every count below the small-cell
    threshold is suppressed (accord/core/disclosure.py). One query, however many women."""
    snapshots = ProfileSnapshot.objects.filter(
        case__in=survivor_side_cases(user).values("pk")
    ).order_by("case_id", "taken_on", "pk")
    if since is not None:
        snapshots = snapshots.filter(taken_on__gte=since)
    first: dict[int, dict[str, str]] = {}
    last: dict[int, dict[str, str]] = {}
    for snapshot in snapshots.only("uid", "case_id", "occasion", "answers", "taken_on"):
        if snapshot.occasion == Occasion.ENTRY:
            first[snapshot.case_id] = snapshot.answers
        elif snapshot.case_id in first:
            last[snapshot.case_id] = snapshot.answers
    paired = [case_id for case_id in last if case_id in first]
    base = len(paired)
    rows = []
    for question in QUESTIONS:
        at_entry = Counter(first[case_id].get(question.key) for case_id in paired)
        later = Counter(last[case_id].get(question.key) for case_id in paired)
        for value, label in question.answers:
            rows.append(
                AnswerRow(
                    question=question,
                    value=value,
                    label=str(label),
                    entry=ShareCell(primary(at_entry[value]), base),
                    follow_up=ShareCell(primary(later[value]), base),
                )
            )
    return ProfileAggregate(women=primary(base), base=base, rows=rows)
