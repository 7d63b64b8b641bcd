"""Demo risk histories: the shipped instruments loaded, and for a demo case a few completed
assessments over the months that end at the level the demo names (docs/product.md §3 fictional
locality). Built through the services, so the demo's audit log and review tasks are real."""

import datetime
from typing import Any

from django.utils import timezone

from accord.audit.context import Actor
from accord.cases.models import Case
from accord.cases.risk_levels import RiskLevel
from accord.risk import selectors, services
from accord.risk.definition import NO, YES, AnswerType, Instrument, Item
from accord.risk.loader import SHIPPED_DIR
from accord.risk.models import Instrument as StoredInstrument
from accord.risk.models import Occasion
from accord.risk.scoring import score

# Where each history starts and how it climbs: (days ago, level reached then).
HISTORIES: dict[RiskLevel, tuple[tuple[int, RiskLevel], ...]] = {
    RiskLevel.HIGH: ((80, RiskLevel.STANDARD), (40, RiskLevel.MEDIUM), (6, RiskLevel.HIGH)),
    RiskLevel.MEDIUM: ((60, RiskLevel.STANDARD), (12, RiskLevel.MEDIUM)),
    RiskLevel.STANDARD: ((20, RiskLevel.STANDARD),),
}


# The instrument a demo history uses for each kind of case.
MAIN_INSTRUMENT = {
    "survivor_support": "survivor-checklist",
    "partner_support": "survivor-checklist",
    "perpetrator_programme": "perpetrator-review",
    "child": "child-safety-screen",
}


def seed_demo_instruments() -> list[StoredInstrument]:
    return [
        services.instrument_load(actor=Actor.system(), text=path.read_text(encoding="utf-8"))
        for path in sorted(SHIPPED_DIR.iterdir())
        if path.suffix in {".yaml", ".json"}
    ]


def _quiet_answer(item: Item) -> Any:
    """The answer that adds nothing to the score."""
    if item.answer_type == AnswerType.YES_NO:
        return NO
    if item.choices:
        return min(item.choices, key=lambda choice: choice.weight).value
    if item.answer_type == AnswerType.NUMBER:
        return item.minimum or 0
    if item.answer_type == AnswerType.DATE:
        return timezone.localdate().isoformat()
    return None


def _middle_of_band(spec: Instrument, level: RiskLevel) -> int:
    """A score inside `level`'s band, halfway up it (the lowest score of the top band)."""
    starts = {RiskLevel.STANDARD: 0} | {t.level: t.minimum for t in spec.thresholds}
    above = [start for band, start in starts.items() if band.rank > level.rank]
    return starts[level] + (min(above) - starts[level]) // 2 if above else starts[level]


def answers_reaching(spec: Instrument, level: RiskLevel) -> dict[str, Any]:
    """Answers whose result is exactly `level`, with a score about halfway up its band:
    everything quiet, then "yes" item by item (in the form's order); an item that would
    overshoot (e.g. a red flag) is skipped."""
    answers = {item.key: _quiet_answer(item) for item in spec.main_items()}
    answers = {key: value for key, value in answers.items() if value is not None}
    goal = _middle_of_band(spec, level)
    for item in spec.main_items():
        result = score(spec, answers)
        if result.level == level and result.score >= goal:
            break
        if item.answer_type != AnswerType.YES_NO:
            continue
        trial = {**answers, item.key: YES}
        if score(spec, trial).level.rank <= level.rank:
            answers = trial
    for module in spec.opened_modules(answers):
        for item in module.items:
            answer = _quiet_answer(item)
            if answer is not None:
                answers[item.key] = answer
    return answers


def seed_demo_assessments(*, case: Case, level: RiskLevel | str, worker: Any) -> None:
    """A history for `case` ending at `level`, completed by its key worker."""
    instruments = {i.slug: i for i in selectors.instruments_for(case)}
    instrument = instruments.get(MAIN_INSTRUMENT[case.kind])
    if instrument is None:
        return
    actor = Actor.for_user(worker)
    today = timezone.localdate()
    oldest = (today - case.opened_on).days
    for number, (days_ago, reached) in enumerate(HISTORIES[RiskLevel(level)]):
        assessment = services.assessment_start(
            actor=actor,
            case=case,
            instrument=instrument,
            occasion=Occasion.FIRST if number == 0 else Occasion.SCHEDULED,
            assessed_on=today - datetime.timedelta(days=min(days_ago, oldest)),
        )
        services.assessment_complete(
            actor=actor,
            assessment=assessment,
            expected_version=assessment.version,
            answers=answers_reaching(instrument.spec, reached),
        )
