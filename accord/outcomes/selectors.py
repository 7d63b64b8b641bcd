"""Reads of outcome measurement, each starting from the access rules (`access.py`)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from accord.access.policy import (
    AnyUser,
    CaseAccess,
    case_access,
    owning_side_cases,
    visible_to,
)
from accord.cases.access import household_programme_cases
from accord.cases.models import Case, CaseKind
from accord.core.disclosure import Cell, primary
from accord.outcomes import definition
from accord.outcomes.models import OutcomeResponse, OutcomeSchedule, Respondent
from accord.programmes.models import Enrolment, EnrolmentStatus


def case_for_work_or_404(user: AnyUser, reference: str) -> Case:
    """A case the user works (its owning side); Http404 for anyone else."""
    try:
        return (
            owning_side_cases(user)
            .select_related("person", "team__service", "key_worker")
            .get(reference=reference)
        )
    except (Case.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def programme_start(user: AnyUser, case: Case) -> datetime.date:
    """Where his time points count from: the day he went on the programme (his first move to
    "on the programme" in the engine's history), else the day he was referred, else the day
    his case opened."""
    enrolment = visible_to(user, Enrolment).filter(case=case).order_by("referred_on", "pk").first()
    if enrolment is None:
        return case.opened_on
    started = (
        enrolment.history.filter(to_status=EnrolmentStatus.ON_PROGRAMME)
        .order_by("changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )
    return timezone.localdate(started) if started is not None else enrolment.referred_on


@dataclass(frozen=True)
class PairedCell:
    construct: str
    title: str
    his: int | None
    hers: int | None
    # Flagged to her worker only: his report and hers differ by at least the gap.
    gap: bool


@dataclass(frozen=True)
class PairedRow:
    schedule: OutcomeSchedule
    time_point: definition.TimePoint
    due_on: datetime.date
    cells: list[PairedCell]
    her_response: OutcomeResponse | None
    review_prompt: bool


def schedules_for_her(access: CaseAccess) -> list[OutcomeSchedule]:
    """His outcome schedules in her household, for her survivor-side worker: only the schedule
    itself (dates), nothing of his case. Empty for anyone else."""
    if not access.case.is_survivor_side or access.case.kind == CaseKind.CHILD:
        return []
    his_cases = household_programme_cases(access)
    return list(
        OutcomeSchedule.objects.filter(case_id__in=[case.pk for case in his_cases]).only(
            "pk", "case_id", "instrument_slug", "start_on"
        )
    )


def schedule_of(user: AnyUser, case: Case) -> OutcomeSchedule | None:
    """The schedule a case's answers belong to: his own on his programme case; on hers, the
    first of his schedules in her household (`schedules_for_her`)."""
    if case.kind == CaseKind.PERPETRATOR_PROGRAMME:
        return visible_to(user, OutcomeSchedule).filter(case=case).first()
    schedules = schedules_for_her(case_access(user, case))
    return schedules[0] if schedules else None


def paired_view(user: AnyUser, access: CaseAccess) -> list[PairedRow]:
    """His report beside hers, per construct and time point, on her case, for her worker.
    Deliberately outside `visible_to` for his side: only his construct scores are read (his
    outcome, of the programme-status class the survivor side of his household reads), never his
    answers. Four queries however many time points (her case's access is the caller's)."""
    schedules = schedules_for_her(access)
    if not schedules:
        return []
    from accord.outcomes.services import reaches_review_level

    his_scores: dict[tuple[int, str], dict[str, int]] = {
        (row.schedule_id, row.time_point): row.scores
        for row in OutcomeResponse.objects.filter(
            schedule__in=schedules, respondent=Respondent.HIM
        ).only("uid", "schedule_id", "time_point", "scores")
    }
    hers = {
        (row.schedule_id, row.time_point): row
        for row in visible_to(user, OutcomeResponse).filter(case=access.case)
    }
    spec = definition.instrument()
    language = get_language() or "en"
    gap = definition.gap_threshold()
    rows = []
    for schedule in schedules:
        for point in definition.time_points():
            his = his_scores.get((schedule.pk, point.key))
            her = hers.get((schedule.pk, point.key))
            cells = []
            for section in spec.sections:
                his_value = his.get(section.key) if his is not None else None
                her_value = her.scores.get(section.key) if her is not None else None
                cells.append(
                    PairedCell(
                        construct=section.key,
                        title=spec.text(f"sections.{section.key}", language),
                        his=his_value,
                        hers=her_value,
                        gap=his_value is not None
                        and her_value is not None
                        and abs(his_value - her_value) >= gap,
                    )
                )
            rows.append(
                PairedRow(
                    schedule=schedule,
                    time_point=point,
                    due_on=definition.due_on(schedule.start_on, point),
                    cells=cells,
                    her_response=her,
                    review_prompt=her is not None and reaches_review_level(her.answers),
                )
            )
    return rows


@dataclass(frozen=True)
class ReportCell:
    respondent: str
    time_point: definition.TimePoint
    construct: str
    answered: Cell
    mean: float | None


def outcome_report(user: AnyUser) -> list[ReportCell]:
    """Mean construct scores per respondent and time point over the answers on cases the reader
    works: a programme reads his side, a survivor service hers — never the other. The base (how
    many answered) is shown with every mean; a base below the small-cell threshold shows as
    "fewer than N" and its mean is not shown. One query."""
    totals: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for response in visible_to(user, OutcomeResponse).only(
        "uid", "respondent", "time_point", "scores"
    ):
        for construct, value in response.scores.items():
            totals[response.respondent, response.time_point, construct].append(value)
    spec = definition.instrument()
    language = get_language() or "en"
    answered_by = {respondent for respondent, _point, _construct in totals}
    cells = []
    for respondent in [value for value in Respondent.values if value in answered_by]:
        for point in definition.time_points():
            for section in spec.sections:
                values = totals.get((respondent, point.key, section.key), [])
                answered = primary(len(values))
                mean = (
                    round(sum(values) / len(values), 1)
                    if values and not answered.suppressed
                    else None
                )
                cells.append(
                    ReportCell(
                        respondent=respondent,
                        time_point=point,
                        construct=spec.text(f"sections.{section.key}", language),
                        answered=answered,
                        mean=mean,
                    )
                )
    return cells
