"""Properties that must hold for every answer set, not just the golden rows: more risk never
lowers a score or a level, red flags only ever raise, and professional judgement never lowers.

Besides the shipped instruments, the monotonicity properties run on instruments generated at
random within what the loader accepts (weights of 0 or more, conditions on yes/no items that
test [yes] or [yes, unknown]): the loader's rules are what make these properties true."""

from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.cases.risk_levels import RiskLevel
from accord.risk.definition import (
    NO,
    UNKNOWN,
    YES,
    AllOf,
    AnswerType,
    AnyOf,
    Choice,
    Condition,
    Instrument,
    Item,
    ItemIs,
    Module,
    RedFlag,
    ScoringMethod,
    Section,
    Threshold,
)
from accord.risk.loader import SHIPPED_DIR, load_file, shipped
from accord.risk.scoring import judged_level, score

SURVIVOR = load_file(SHIPPED_DIR / "survivor_checklist.yaml")
PERPETRATOR = load_file(SHIPPED_DIR / "perpetrator_review.yaml")
SHIPPED = shipped()
LEVELS = list(RiskLevel)
MAYBE_LEVEL = st.sampled_from([None, *LEVELS])


def answer_for(item: Item) -> st.SearchStrategy[object]:
    if item.answer_type == AnswerType.YES_NO:
        return st.sampled_from([YES, NO, UNKNOWN])
    if item.answer_type == AnswerType.CHOICE:
        return st.sampled_from([choice.value for choice in item.choices])
    return st.just("")


def answers_for(instrument: Instrument) -> st.SearchStrategy[dict[str, object]]:
    """Any subset of the items answered, any well-formed way (modules included, open or not)."""
    return st.fixed_dictionaries(
        {}, optional={item.key: answer_for(item) for item in instrument.items()}
    )


@st.composite
def answers_and_a_new_yes(
    draw: st.DrawFn, instrument: Instrument
) -> tuple[dict[str, object], dict[str, object]]:
    answers = draw(answers_for(instrument))
    yes_no_keys = [item.key for item in instrument.items() if item.answer_type == AnswerType.YES_NO]
    return answers, answers | {draw(st.sampled_from(yes_no_keys)): YES}


def assert_not_lower(
    before: Mapping[str, object], after: Mapping[str, object], instrument: Instrument
) -> None:
    old, new = score(instrument, before), score(instrument, after)
    assert new.score >= old.score
    assert new.computed_level.rank >= old.computed_level.rank
    assert new.level.rank >= old.level.rank
    assert set(new.flags) >= set(old.flags)


@given(st.data())
@settings(max_examples=300)
def test_a_new_yes_never_lowers_anything_on_a_shipped_instrument(data: st.DataObject) -> None:
    instrument = data.draw(st.sampled_from(SHIPPED))
    before, after = data.draw(answers_and_a_new_yes(instrument))
    assert_not_lower(before, after, instrument)


@given(answers_and_a_new_yes(SURVIVOR))
@settings(max_examples=300)
def test_count_yes_is_the_number_of_main_yes(pair: tuple[dict, dict]) -> None:
    for answers in pair:
        main_yes = [item.key for item in SURVIVOR.main_items() if answers.get(item.key) == YES]
        assert score(SURVIVOR, answers).score == len(main_yes)


@given(answers_for(PERPETRATOR), st.data())
@settings(max_examples=300)
def test_weighted_sum_monotone_in_choices_ordered_by_weight(
    answers: dict[str, object], data: st.DataObject
) -> None:
    """Moving a choice to one with a higher weight never lowers the score (the review's choices
    are ordered from least to most concerning)."""
    item = data.draw(
        st.sampled_from(
            [item for item in PERPETRATOR.items() if item.answer_type == AnswerType.CHOICE]
        )
    )
    heavier = data.draw(st.sampled_from(item.choices))
    current = answers.get(item.key)
    if current is not None and item.choice(current).weight > heavier.weight:
        return
    assert (
        score(PERPETRATOR, answers | {item.key: heavier.value}).score
        >= score(PERPETRATOR, answers).score
    )


@given(st.data())
@settings(max_examples=300)
def test_the_level_is_never_below_the_thresholds_nor_a_raised_flag(data: st.DataObject) -> None:
    instrument = data.draw(st.sampled_from(SHIPPED))
    result = score(instrument, data.draw(answers_for(instrument)))
    forced = [flag.forces_level for flag in instrument.red_flags if flag.key in result.flags]
    assert result.level.rank >= result.computed_level.rank
    assert all(result.level.rank >= RiskLevel(level).rank for level in forced if level)


# -- instruments generated within the loader's rules -----------------------------------------------

KEYS = [f"q{number}" for number in range(10)]


def conditions_on(items: list[Item]) -> st.SearchStrategy[Condition]:
    def tests(item: Item) -> st.SearchStrategy[Condition]:
        if item.answer_type == AnswerType.YES_NO:
            values = st.sampled_from([frozenset({YES}), frozenset({YES, UNKNOWN})])
        else:
            values = st.sets(
                st.sampled_from([choice.value for choice in item.choices]), min_size=1
            ).map(frozenset)
        return values.map(lambda chosen: ItemIs(item.key, chosen))

    leaf = st.sampled_from(items).flatmap(tests)
    return st.recursive(
        leaf,
        lambda inner: st.lists(inner, min_size=1, max_size=3).flatmap(
            lambda parts: st.sampled_from([AllOf(tuple(parts)), AnyOf(tuple(parts))])
        ),
        max_leaves=5,
    )


@st.composite
def items(draw: st.DrawFn, keys: list[str]) -> list[Item]:
    made = []
    for key in keys:
        if draw(st.booleans()):
            made.append(Item(key, key, AnswerType.YES_NO, weight=draw(st.integers(0, 5))))
        else:
            weights = draw(st.lists(st.integers(0, 5), min_size=2, max_size=4))
            choices = tuple(Choice(f"c{index}", "", weight) for index, weight in enumerate(weights))
            made.append(Item(key, key, AnswerType.CHOICE, choices=choices))
    return made


@st.composite
def instruments(draw: st.DrawFn) -> Instrument:
    split = draw(st.integers(2, len(KEYS) - 1))
    main, follow_up = draw(items(KEYS[:split])), draw(items(KEYS[split:]))
    minimums = sorted(draw(st.sets(st.integers(1, 20), min_size=1, max_size=2)))
    levels = [RiskLevel.MEDIUM, RiskLevel.HIGH][-len(minimums) :]
    flags = draw(
        st.lists(
            st.tuples(conditions_on(main + follow_up), st.sampled_from([None, *LEVELS[1:]])),
            max_size=3,
        )
    )
    return Instrument(
        slug="generated",
        version="1",
        title="",
        description="",
        case_kinds=frozenset({"child"}),
        sections=(Section("main", "", tuple(main)),),
        modules=(Module("more", "", draw(conditions_on(main)), tuple(follow_up)),),
        scoring=draw(st.sampled_from(ScoringMethod)),
        thresholds=tuple(map(Threshold, levels, minimums)),
        red_flags=tuple(
            RedFlag(f"flag{index}", "", when, forces) for index, (when, forces) in enumerate(flags)
        ),
    )


@given(st.data())
@settings(max_examples=300)
def test_a_new_yes_never_lowers_anything_on_any_valid_instrument(data: st.DataObject) -> None:
    instrument = data.draw(instruments())
    if not any(item.answer_type == AnswerType.YES_NO for item in instrument.items()):
        return
    before, after = data.draw(answers_and_a_new_yes(instrument))
    assert_not_lower(before, after, instrument)


# -- professional judgement ----------------------------------------------------------------------


@given(st.sampled_from(LEVELS), MAYBE_LEVEL)
def test_judgement_never_returns_below_the_result(
    result_level: RiskLevel, judgement: RiskLevel | None
) -> None:
    try:
        judged = judged_level(result_level, judgement)
    except ValueError as error:
        assert judgement is not None and judgement.rank < result_level.rank
        assert "never lower" in str(error)
    else:
        assert judged.rank >= result_level.rank
        assert judged == (judgement or result_level)


@given(MAYBE_LEVEL)
def test_an_override_never_lowers_high(judgement: RiskLevel | None) -> None:
    try:
        assert judged_level(RiskLevel.HIGH, judgement) == RiskLevel.HIGH
    except ValueError:
        assert judgement in (RiskLevel.STANDARD, RiskLevel.MEDIUM)
