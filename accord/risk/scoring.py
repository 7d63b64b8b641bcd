"""Scoring an instrument's answers: pure functions of the definition and the answers, with no
database and no settings, so every rule here is covered by table-driven and property tests.

Answers are a mapping of item key -> answer: "yes" / "no" / "unknown" for yes/no items, the
choice's value for choice items, an int for numbers, an ISO date string (or `datetime.date`) for
dates, a string for text. Call `answer_errors` first: `score` reads only well-formed answers and
ignores anything else.

How the score is counted:

- count_yes: the number of "yes" answers to the yes/no items of the *main sections*. Follow-up
  modules never count, because the thresholds of the established checklists (e.g. 14 of 24) are
  defined on the main items alone; a module informs red flags and professional judgement.
- weighted_sum: each "yes" adds its item's weight and each chosen choice adds that choice's
  weight, over the main sections *and the modules that are open* (a module's items count only
  when it is opened). Number, date and text items add nothing.

The loader refuses negative weights, so more "yes" answers can never lower a score or a level.
"""

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

from accord.cases.risk_levels import RiskLevel, highest
from accord.risk.definition import (
    YES,
    YES_NO_VALUES,
    AnswerType,
    Instrument,
    Item,
    ScoringMethod,
    Threshold,
)

TEXT_ANSWER_LIMIT = 2000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE_NUMBER = re.compile(r"[+-]?\d+")


@dataclass(frozen=True)
class Result:
    score: int
    level: RiskLevel  # computed_level raised by the red flags' forced levels
    computed_level: RiskLevel  # from the thresholds alone
    flags: tuple[str, ...]  # red-flag keys raised, in file order
    opened_modules: tuple[str, ...]
    missing: tuple[str, ...]  # required items unanswered (main sections + opened modules)


def _is_blank(answer: object) -> bool:
    return answer is None or (isinstance(answer, str) and not answer.strip())


def _asked_items(instrument: Instrument, opened_module_keys: Sequence[str]) -> tuple[Item, ...]:
    opened = [module for module in instrument.modules if module.key in opened_module_keys]
    return instrument.main_items() + tuple(item for module in opened for item in module.items)


def _item_points(item: Item, answer: object) -> int:
    if item.answer_type == AnswerType.YES_NO:
        return item.weight if answer == YES else 0
    if item.answer_type == AnswerType.CHOICE and isinstance(answer, str):
        return next((choice.weight for choice in item.choices if choice.value == answer), 0)
    return 0


def level_for(score: int, thresholds: Sequence[Threshold]) -> RiskLevel:
    return highest(*(threshold.level for threshold in thresholds if score >= threshold.minimum))


def score(instrument: Instrument, answers: Mapping[str, object]) -> Result:
    opened_modules = tuple(module.key for module in instrument.opened_modules(answers))
    asked = _asked_items(instrument, opened_modules)
    # Answers to a module that is not open were given to a question nobody should have asked:
    # they must not raise a flag or add to the score.
    asked_answers = {item.key: answers[item.key] for item in asked if item.key in answers}

    if instrument.scoring == ScoringMethod.COUNT_YES:
        total = sum(
            1
            for item in instrument.main_items()
            if item.answer_type == AnswerType.YES_NO and asked_answers.get(item.key) == YES
        )
    else:
        total = sum(_item_points(item, asked_answers.get(item.key)) for item in asked)

    computed_level = level_for(total, instrument.thresholds)
    raised = [flag for flag in instrument.red_flags if flag.when.holds(asked_answers)]
    return Result(
        score=total,
        level=highest(computed_level, *(flag.forces_level for flag in raised)),
        computed_level=computed_level,
        flags=tuple(flag.key for flag in raised),
        opened_modules=opened_modules,
        missing=tuple(
            item.key for item in asked if item.required and _is_blank(asked_answers.get(item.key))
        ),
    )


def _number_error(item: Item, answer: object) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int | str):
        return gettext("Enter a whole number.")
    if isinstance(answer, str):
        if not _WHOLE_NUMBER.fullmatch(answer.strip()):
            return gettext("Enter a whole number.")
        answer = int(answer)
    if item.minimum is not None and answer < item.minimum:
        return gettext("Enter a number of at least %(minimum)s.") % {"minimum": item.minimum}
    if item.maximum is not None and answer > item.maximum:
        return gettext("Enter a number of at most %(maximum)s.") % {"maximum": item.maximum}
    return None


def _date_error(answer: object) -> str | None:
    if isinstance(answer, datetime.date) and not isinstance(answer, datetime.datetime):
        return None
    if not isinstance(answer, str) or not _ISO_DATE.fullmatch(answer.strip()):
        return gettext("Enter the date as YYYY-MM-DD.")
    try:
        datetime.date.fromisoformat(answer.strip())
    except ValueError:
        return gettext("This date does not exist.")
    return None


def _answer_error(item: Item, answer: object) -> str | None:
    match item.answer_type:
        case AnswerType.YES_NO:
            if answer not in YES_NO_VALUES:
                return gettext("Answer yes, no or don't know.")
        case AnswerType.CHOICE:
            if answer not in item.answer_values():
                return gettext("Choose one of the options given.")
        case AnswerType.NUMBER:
            return _number_error(item, answer)
        case AnswerType.DATE:
            return _date_error(answer)
        case AnswerType.TEXT:
            if not isinstance(answer, str):
                return gettext("Enter text.")
            if len(answer) > TEXT_ANSWER_LIMIT:
                return gettext("Keep this to %(limit)s characters or fewer.") % {
                    "limit": TEXT_ANSWER_LIMIT
                }
    return None


def answer_errors(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, str]:
    """Item key -> what is wrong with its answer; empty when every answer is well formed. A blank
    answer is not an error here: `Result.missing` reports required items left blank."""
    errors: dict[str, str] = {}
    for key, answer in answers.items():
        try:
            item = instrument.item(key)
        except KeyError:
            errors[key] = gettext("This question is not part of the instrument.")
            continue
        if _is_blank(answer):
            continue
        message = _answer_error(item, answer)
        if message:
            errors[key] = message
    return errors


def judged_level(result_level: RiskLevel, judgement: RiskLevel | None) -> RiskLevel:
    """The level after professional judgement, which may raise the scored level but never lower
    it: a practitioner's worry adds safety, a lower judgement would take it away."""
    if judgement is None:
        return RiskLevel(result_level)
    if RiskLevel(judgement).rank < RiskLevel(result_level).rank:
        raise ValueError(gettext("Professional judgement may raise the level, never lower it."))
    return RiskLevel(judgement)
