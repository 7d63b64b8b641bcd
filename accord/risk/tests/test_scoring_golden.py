"""Golden tables for every shipped instrument: answers in, score / levels / flags / missing out.
A change to a shipped file or to scoring that moves any row is a change practitioners would see
on a real case, so it must show up here."""

import datetime
from typing import NamedTuple

import pytest

from accord.cases.risk_levels import RiskLevel
from accord.risk.definition import NO, UNKNOWN, YES, Instrument
from accord.risk.loader import SHIPPED_DIR, load_file
from accord.risk.scoring import answer_errors, judged_level, score

STANDARD, MEDIUM, HIGH = RiskLevel.STANDARD, RiskLevel.MEDIUM, RiskLevel.HIGH

SURVIVOR = load_file(SHIPPED_DIR / "survivor_checklist.yaml")
PERPETRATOR = load_file(SHIPPED_DIR / "perpetrator_review.yaml")
CHILD = load_file(SHIPPED_DIR / "child_safety_screen.yaml")


class Row(NamedTuple):
    answers: dict[str, object]
    score: int
    computed_level: RiskLevel
    level: RiskLevel
    flags: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    opened: tuple[str, ...] = ()


def check(instrument: Instrument, row: Row) -> None:
    result = score(instrument, row.answers)
    assert answer_errors(instrument, row.answers) == {}
    assert (
        result.score,
        result.computed_level,
        result.level,
        result.flags,
        result.missing,
        result.opened_modules,
    ) == (row.score, row.computed_level, row.level, row.flags, row.missing, row.opened)


# -- survivor checklist --------------------------------------------------------------------------

SURVIVOR_MAIN = [item.key for item in SURVIVOR.main_items()]
STALKING_ITEMS = [item.key for item in SURVIVOR.modules[0].items]
# Main items whose "yes" raises no red flag on its own or with the others in this list (the
# cluster needs "controlling"), in file order: the first n of them move only the count.
QUIET = [
    key
    for key in SURVIVOR_MAIN
    if key not in {"stalking", "strangled", "threats_to_kill", "controlling"}
]


def survivor(*yes: str, rest: str = NO, **others: str) -> dict[str, object]:
    """Every main item answered `rest`, the given ones "yes", and `others` as given."""
    return {key: rest for key in SURVIVOR_MAIN} | dict.fromkeys(yes, YES) | others


SURVIVOR_ROWS = {
    "all no": Row(survivor(), 0, STANDARD, STANDARD),
    "nothing answered": Row({}, 0, STANDARD, STANDARD, missing=tuple(SURVIVOR_MAIN)),
    "all don't know: answered, nothing counted": Row(survivor(rest=UNKNOWN), 0, STANDARD, STANDARD),
    "9 yes": Row(survivor(*QUIET[:9]), 9, STANDARD, STANDARD),
    "10 yes": Row(survivor(*QUIET[:10]), 10, MEDIUM, MEDIUM),
    "13 yes": Row(survivor(*QUIET[:13]), 13, MEDIUM, MEDIUM),
    "14 yes": Row(survivor(*QUIET[:14]), 14, HIGH, HIGH),
    "20 yes": Row(survivor(*QUIET), 20, HIGH, HIGH),
    "13 yes, the rest don't know": Row(survivor(*QUIET[:13], rest=UNKNOWN), 13, MEDIUM, MEDIUM),
    "10 yes, the rest unanswered": Row(
        {key: YES for key in QUIET[:10]},
        10,
        MEDIUM,
        MEDIUM,
        missing=tuple(key for key in SURVIVOR_MAIN if key not in QUIET[:10]),
    ),
    "strangulation alone forces high": Row(
        survivor("strangled"), 1, STANDARD, HIGH, flags=("strangulation",)
    ),
    "threats to kill alone forces high": Row(
        survivor("threats_to_kill"), 1, STANDARD, HIGH, flags=("threats_to_kill",)
    ),
    "strangulation with 9 other yes: counted 10, forced high": Row(
        survivor("strangled", *QUIET[:9]), 10, MEDIUM, HIGH, flags=("strangulation",)
    ),
    "strangled don't know: no flag": Row(survivor(strangled=UNKNOWN), 0, STANDARD, STANDARD),
    "stalking opens the follow-up, flag only": Row(
        survivor("stalking"),
        1,
        STANDARD,
        STANDARD,
        flags=("stalking",),
        missing=tuple(STALKING_ITEMS),
        opened=("stalking",),
    ),
    "follow-up answered yes: not counted": Row(
        survivor("stalking") | dict.fromkeys(STALKING_ITEMS, YES),
        1,
        STANDARD,
        STANDARD,
        flags=("stalking",),
        opened=("stalking",),
    ),
    "follow-up answered don't know counts as answered": Row(
        survivor("stalking") | dict.fromkeys(STALKING_ITEMS, UNKNOWN),
        1,
        STANDARD,
        STANDARD,
        flags=("stalking",),
        opened=("stalking",),
    ),
    "follow-up half answered": Row(
        survivor("stalking") | dict.fromkeys(STALKING_ITEMS[:5], YES),
        1,
        STANDARD,
        STANDARD,
        flags=("stalking",),
        missing=tuple(STALKING_ITEMS[5:]),
        opened=("stalking",),
    ),
    "follow-up answers without stalking are ignored": Row(
        survivor() | dict.fromkeys(STALKING_ITEMS, YES), 0, STANDARD, STANDARD
    ),
    "stalking don't know does not open the follow-up": Row(
        survivor(stalking=UNKNOWN), 0, STANDARD, STANDARD
    ),
    "separation cluster with injury": Row(
        survivor("separated", "controlling", "injured"),
        3,
        STANDARD,
        HIGH,
        flags=("separation_cluster",),
    ),
    "separation cluster with sexual violence": Row(
        survivor("separated", "controlling", "sexual_abuse"),
        3,
        STANDARD,
        HIGH,
        flags=("separation_cluster",),
    ),
    "separation cluster with strangulation: both flags in file order": Row(
        survivor("separated", "controlling", "strangled"),
        3,
        STANDARD,
        HIGH,
        flags=("strangulation", "separation_cluster"),
    ),
    "separation and control without violence: no cluster": Row(
        survivor("separated", "controlling"), 2, STANDARD, STANDARD
    ),
    "separation and injury without control: no cluster": Row(
        survivor("separated", "injured"), 2, STANDARD, STANDARD
    ),
    "control and violence, separation unknown: no cluster": Row(
        survivor("controlling", "injured", separated=UNKNOWN), 2, STANDARD, STANDARD
    ),
    "everything yes": Row(
        survivor(*SURVIVOR_MAIN) | dict.fromkeys(STALKING_ITEMS, YES),
        24,
        HIGH,
        HIGH,
        flags=("strangulation", "threats_to_kill", "stalking", "separation_cluster"),
        opened=("stalking",),
    ),
}


@pytest.mark.parametrize("row", SURVIVOR_ROWS.values(), ids=SURVIVOR_ROWS.keys())
def test_survivor_checklist(row: Row) -> None:
    check(SURVIVOR, row)


def test_survivor_checklist_shape() -> None:
    """The established shape: 24 yes/no items scored, an 11-item stalking follow-up."""
    assert len(SURVIVOR.main_items()) == 24
    assert {item.answer_type for item in SURVIVOR.items()} == {"yes_no"}
    assert [module.key for module in SURVIVOR.modules] == ["stalking"]
    assert len(STALKING_ITEMS) == 11
    assert [(t.level, t.minimum) for t in SURVIVOR.thresholds] == [(MEDIUM, 10), (HIGH, 14)]


# -- perpetrator programme review ------------------------------------------------------------------

PERPETRATOR_REQUIRED = tuple(item.key for item in PERPETRATOR.main_items() if item.required)


def review(**answers: str) -> dict[str, object]:
    """The quietest complete review, with `answers` changed."""
    quiet = {
        "attendance": "full",
        "compliance": "engaged",
        "new_incident": NO,
        "partner_safety_info": NO,
        "breached_orders": NO,
        "substance_use": NO,
        "weapons_access": NO,
        "child_contact": "no_children",
    }
    return quiet | answers


PERPETRATOR_ROWS = {
    "quiet review": Row(review(), 0, STANDARD, STANDARD),
    "nothing answered: the note is optional": Row(
        {}, 0, STANDARD, STANDARD, missing=PERPETRATOR_REQUIRED
    ),
    "a note changes nothing": Row(review(note="Calm in group."), 0, STANDARD, STANDARD),
    "all don't know": Row(
        review(
            new_incident=UNKNOWN,
            partner_safety_info=UNKNOWN,
            breached_orders=UNKNOWN,
            substance_use=UNKNOWN,
            weapons_access=UNKNOWN,
        ),
        0,
        STANDARD,
        STANDARD,
    ),
    "4: missed some, partial, substance use": Row(
        review(attendance="some_missed", compliance="partial", substance_use=YES),
        4,
        STANDARD,
        STANDARD,
    ),
    "5: the same with supervised contact": Row(
        review(
            attendance="some_missed",
            compliance="partial",
            substance_use=YES,
            child_contact="supervised",
        ),
        5,
        MEDIUM,
        MEDIUM,
    ),
    "a new incident alone is medium": Row(review(new_incident=YES), 5, MEDIUM, MEDIUM),
    "concerning safety information alone is medium": Row(
        review(partner_safety_info=YES), 5, MEDIUM, MEDIUM
    ),
    "dropping out is medium and flagged": Row(
        review(attendance="dropped_out"), 5, MEDIUM, MEDIUM, flags=("dropped_out",)
    ),
    "9: new incident, often missed, partial": Row(
        review(new_incident=YES, attendance="often_missed", compliance="partial"),
        9,
        MEDIUM,
        MEDIUM,
    ),
    "10: the same with supervised contact": Row(
        review(
            new_incident=YES,
            attendance="often_missed",
            compliance="partial",
            child_contact="supervised",
        ),
        10,
        HIGH,
        HIGH,
    ),
    "new incident and a breach is high": Row(
        review(new_incident=YES, breached_orders=YES), 10, HIGH, HIGH
    ),
    "weapons alone: counted, no flag": Row(review(weapons_access=YES), 3, STANDARD, STANDARD),
    "weapons with a new incident forces high": Row(
        review(weapons_access=YES, new_incident=YES),
        8,
        MEDIUM,
        HIGH,
        flags=("weapons_with_new_risk",),
    ),
    "weapons with a breach forces high": Row(
        review(weapons_access=YES, breached_orders=YES),
        8,
        MEDIUM,
        HIGH,
        flags=("weapons_with_new_risk",),
    ),
    "unsupervised contact with concerning information forces high": Row(
        review(child_contact="unsupervised", partner_safety_info=YES),
        7,
        MEDIUM,
        HIGH,
        flags=("children_exposed",),
    ),
    "disputed contact with a new incident forces high": Row(
        review(child_contact="disputed", new_incident=YES),
        8,
        MEDIUM,
        HIGH,
        flags=("children_exposed",),
    ),
    "supervised contact with a new incident: no flag": Row(
        review(child_contact="supervised", new_incident=YES), 6, MEDIUM, MEDIUM
    ),
    "everything at its worst": Row(
        review(
            attendance="dropped_out",
            compliance="not_engaged",
            new_incident=YES,
            partner_safety_info=YES,
            breached_orders=YES,
            substance_use=YES,
            weapons_access=YES,
            child_contact="disputed",
        ),
        31,
        HIGH,
        HIGH,
        flags=("dropped_out", "weapons_with_new_risk", "children_exposed"),
    ),
}


@pytest.mark.parametrize("row", PERPETRATOR_ROWS.values(), ids=PERPETRATOR_ROWS.keys())
def test_perpetrator_review(row: Row) -> None:
    check(PERPETRATOR, row)


# -- children's safety screen ----------------------------------------------------------------------

CHILD_ITEMS = [item.key for item in CHILD.main_items()]
CHILD_QUIET = [key for key in CHILD_ITEMS if key not in {"harmed", "abduction_threat"}]


def screen(*yes: str, rest: str = NO) -> dict[str, object]:
    return {key: rest for key in CHILD_ITEMS} | dict.fromkeys(yes, YES)


CHILD_ROWS = {
    "all no": Row(screen(), 0, STANDARD, STANDARD),
    "nothing answered": Row({}, 0, STANDARD, STANDARD, missing=tuple(CHILD_ITEMS)),
    "all don't know": Row(screen(rest=UNKNOWN), 0, STANDARD, STANDARD),
    "2 yes": Row(screen(*CHILD_QUIET[:2]), 2, STANDARD, STANDARD),
    "3 yes": Row(screen(*CHILD_QUIET[:3]), 3, MEDIUM, MEDIUM),
    "4 yes": Row(screen(*CHILD_QUIET[:4]), 4, MEDIUM, MEDIUM),
    "5 yes": Row(screen(*CHILD_QUIET[:5]), 5, HIGH, HIGH),
    "6 yes": Row(screen(*CHILD_QUIET), 6, HIGH, HIGH),
    "harm alone forces high": Row(screen("harmed"), 1, STANDARD, HIGH, flags=("child_harmed",)),
    "abduction threat alone forces high": Row(
        screen("abduction_threat"), 1, STANDARD, HIGH, flags=("abduction",)
    ),
    "everything yes": Row(screen(*CHILD_ITEMS), 8, HIGH, HIGH, flags=("child_harmed", "abduction")),
}


@pytest.mark.parametrize("row", CHILD_ROWS.values(), ids=CHILD_ROWS.keys())
def test_child_safety_screen(row: Row) -> None:
    check(CHILD, row)


# -- answers that are not well formed ----------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "answers", "errors"),
    [
        (SURVIVOR, {"injured": "maybe"}, {"injured": "Answer yes, no or don't know."}),
        (SURVIVOR, {"injured": True}, {"injured": "Answer yes, no or don't know."}),
        (SURVIVOR, {"injurd": YES}, {"injurd": "This question is not part of the instrument."}),
        (
            PERPETRATOR,
            {"attendance": "sometimes"},
            {"attendance": "Choose one of the options given."},
        ),
        (PERPETRATOR, {"note": "x" * 2001}, {"note": "Keep this to 2000 characters or fewer."}),
        (PERPETRATOR, {"note": 12}, {"note": "Enter text."}),
        (PERPETRATOR, {"note": "x" * 2000}, {}),
        (SURVIVOR, {"injured": "", "frightened": None}, {}),
        (SURVIVOR, survivor(*SURVIVOR_MAIN) | dict.fromkeys(STALKING_ITEMS, UNKNOWN), {}),
    ],
)
def test_answer_errors(
    instrument: Instrument, answers: dict[str, object], errors: dict[str, str]
) -> None:
    assert answer_errors(instrument, answers) == errors


def _with_number_and_date() -> Instrument:
    from accord.risk.loader import load_definition

    return load_definition(
        """
slug: numbers
version: "1"
title: Numbers and dates
case_kinds: [child]
scoring: count_yes
thresholds: [{level: high, minimum: 1}]
sections:
  - key: main
    title: Main
    items:
      - {key: flag, text: Flag, type: yes_no}
      - {key: visits, text: Visits, type: number, minimum: 0, maximum: 50}
      - {key: since, text: Since, type: date}
"""
    )


NUMBERS = _with_number_and_date()


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (3, None),
        ("12", None),
        (0, None),
        (50, None),
        (-1, "Enter a number of at least 0."),
        (51, "Enter a number of at most 50."),
        (2.5, "Enter a whole number."),
        ("2.5", "Enter a whole number."),
        ("ten", "Enter a whole number."),
        (True, "Enter a whole number."),
    ],
)
def test_number_answers(answer: object, error: str | None) -> None:
    assert answer_errors(NUMBERS, {"visits": answer}).get("visits") == error


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ("2026-02-28", None),
        ("2024-02-29", None),
        (datetime.date(2026, 1, 5), None),
        ("2026-02-30", "This date does not exist."),
        ("2025-02-29", "This date does not exist."),
        ("2026-13-01", "This date does not exist."),
        ("05/01/2026", "Enter the date as YYYY-MM-DD."),
        ("20260105", "Enter the date as YYYY-MM-DD."),
        (datetime.datetime(2026, 1, 5, 10, 0), "Enter the date as YYYY-MM-DD."),
        (20260105, "Enter the date as YYYY-MM-DD."),
    ],
)
def test_date_answers(answer: object, error: str | None) -> None:
    assert answer_errors(NUMBERS, {"since": answer}).get("since") == error


def test_number_and_date_items_add_nothing_to_the_score() -> None:
    result = score(NUMBERS, {"flag": NO, "visits": 40, "since": "2026-01-05"})
    assert (result.score, result.level, result.missing) == (0, STANDARD, ())


# -- professional judgement ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result_level", "judgement", "judged"),
    [
        (STANDARD, None, STANDARD),
        (STANDARD, MEDIUM, MEDIUM),
        (STANDARD, HIGH, HIGH),
        (MEDIUM, MEDIUM, MEDIUM),
        (MEDIUM, HIGH, HIGH),
        (HIGH, None, HIGH),
        (HIGH, HIGH, HIGH),
    ],
)
def test_judgement_raises_or_keeps(
    result_level: RiskLevel, judgement: RiskLevel | None, judged: RiskLevel
) -> None:
    assert judged_level(result_level, judgement) == judged


@pytest.mark.parametrize(
    ("result_level", "judgement"), [(HIGH, MEDIUM), (HIGH, STANDARD), (MEDIUM, STANDARD)]
)
def test_judgement_never_lowers(result_level: RiskLevel, judgement: RiskLevel) -> None:
    with pytest.raises(ValueError, match="may raise the level, never lower it"):
        judged_level(result_level, judgement)


# -- texts -------------------------------------------------------------------------------------


def test_text_in_a_language_falls_back_to_the_file_wording() -> None:
    assert SURVIVOR.text("flags.threats_to_kill", "es") == "Amenazas de muerte"
    assert SURVIVOR.text("flags.threats_to_kill", "es-es") == "Amenazas de muerte"
    assert SURVIVOR.text("flags.threats_to_kill", "en") == "Threats to kill"
    assert SURVIVOR.text("flags.threats_to_kill", "fr") == "Threats to kill"
    assert PERPETRATOR.text("choices.attendance.dropped_out", "sv") == "Har slutat komma"
    with pytest.raises(KeyError):
        SURVIVOR.text("items.nothing", "es")


def test_item_lookup() -> None:
    assert SURVIVOR.item("stalk_tracking").answer_type == "yes_no"
    assert [item.key for item in SURVIVOR.items()] == SURVIVOR_MAIN + STALKING_ITEMS
    with pytest.raises(KeyError):
        SURVIVOR.item("nothing")
