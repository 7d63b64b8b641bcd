"""Outcome questionnaires are risk-instrument files (accord/risk/loader.py: the same format, the
same checks and errors by line, the same translations), read with two conventions: each section
is a construct, and a construct's score is the sum of its answers' weights (a number item counts
its value). Time points are configuration: days from the start of his programme."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accord.risk.definition import AnswerType, Instrument
from accord.risk.loader import load_file

INSTRUMENTS_DIR = Path(__file__).parent / "instruments"
DEFAULT_INSTRUMENT = "relationship-outcomes"


@dataclass(frozen=True)
class TimePoint:
    key: str
    label: str | Promise
    days: int


# (key, days from the start); a deployment changes them with ACCORD_OUTCOME_TIME_POINTS.
DEFAULT_TIME_POINTS: tuple[tuple[str, int], ...] = (
    ("intake", 0),
    ("mid_programme", 91),
    ("end", 182),
    ("plus_6_months", 365),
    ("plus_12_months", 547),
)
TIME_POINT_LABELS: dict[str, str | Promise] = {
    "intake": _("Intake"),
    "mid_programme": _("Mid-programme"),
    "end": _("End of the programme"),
    "plus_6_months": _("Six months after"),
    "plus_12_months": _("Twelve months after"),
}
# A difference of at least this many points on a construct between his report and hers is
# flagged to her worker (ACCORD_OUTCOME_GAP).
DEFAULT_GAP = 3


def time_points() -> tuple[TimePoint, ...]:
    configured = getattr(settings, "ACCORD_OUTCOME_TIME_POINTS", DEFAULT_TIME_POINTS)
    return tuple(
        TimePoint(key=key, label=TIME_POINT_LABELS.get(key, key), days=days)
        for key, days in configured
    )


def time_point(key: str) -> TimePoint:
    for point in time_points():
        if point.key == key:
            return point
    raise KeyError(key)


def due_on(start_on: datetime.date, point: TimePoint) -> datetime.date:
    return start_on + datetime.timedelta(days=point.days)


def gap_threshold() -> int:
    return getattr(settings, "ACCORD_OUTCOME_GAP", DEFAULT_GAP)


@cache
def instrument(slug: str = DEFAULT_INSTRUMENT) -> Instrument:
    """A shipped outcome questionnaire, loaded (and checked) once per process."""
    for path in sorted(INSTRUMENTS_DIR.glob("*.yaml")):
        loaded = load_file(path)
        if loaded.slug == slug:
            return loaded
    raise KeyError(slug)


def construct_scores(spec: Instrument, answers: Mapping[str, object]) -> dict[str, int]:
    scores = {}
    for section in spec.sections:
        total = 0
        for item in section.items:
            answer = answers.get(item.key)
            if answer in (None, ""):
                continue
            if item.answer_type == AnswerType.CHOICE:
                total += item.choice(str(answer)).weight
            elif item.answer_type == AnswerType.NUMBER:
                total += int(answer)
        scores[section.key] = total
    return scores
