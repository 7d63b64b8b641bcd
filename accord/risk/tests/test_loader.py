"""The loader on broken files: every message must name the line and the field path, so that
someone who is not a programmer can find and fix the problem; and every problem is reported at
once. Then the shipped files and the JSON round trip the database relies on."""

import json
from pathlib import Path

import pytest

from accord.cases.risk_levels import RiskLevel
from accord.risk.definition import AnswerType, ScoringMethod
from accord.risk.loader import (
    MAX_FILE_BYTES,
    SHIPPED_DIR,
    InstrumentError,
    from_data,
    load_definition,
    load_file,
    shipped,
    to_data,
)

VALID = """\
slug: demo
version: "1"
title: Demo
case_kinds: [survivor_support]
scoring: count_yes
thresholds:
  - {level: medium, minimum: 1}
  - {level: high, minimum: 2}
sections:
  - key: main
    title: Main
    items:
      - key: hit
        text: Hit
        type: yes_no
      - key: feared
        text: Feared
        type: yes_no
      - key: contact
        text: Contact
        type: choice
        choices:
          - {value: none, label: None}
          - {value: weekly, label: Weekly}
modules:
  - key: more
    title: More
    opened_by: {item: hit, is: [yes]}
    items:
      - {key: more_hit, text: More, type: yes_no}
red_flags:
  - key: danger
    label: Danger
    when: {all: [{item: hit, is: [yes]}, {item: contact, is: [weekly]}]}
    forces_level: high
translations:
  es:
    title: Demostración
    items.hit: Golpe
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line containing `needle`."""
    found = [number for number, line in enumerate(text.splitlines(), 1) if needle in line]
    return found[occurrence - 1]


def errors_of(text: str) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        load_definition(text)
    assert str(caught.value) == "\n".join(caught.value.errors)
    return caught.value.errors


def broken(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


def test_the_valid_file_loads() -> None:
    instrument = load_definition(VALID)
    assert instrument.slug == "demo"
    assert instrument.scoring == ScoringMethod.COUNT_YES
    assert instrument.item("contact").answer_type == AnswerType.CHOICE
    assert instrument.red_flags[0].forces_level == RiskLevel.HIGH
    assert instrument.text("items.hit", "es") == "Golpe"


# Each case: how to break the valid file, the line to expect (found by a text on it), and the
# message that must be on that line.
BROKEN = {
    "unknown field (a typo)": (
        ("        type: yes_no\n      - key: feared", "        wieght: 2\n      - key: feared"),
        "wieght",
        "sections[0].items[0].wieght: unknown field (expected one of key, text, type, required,"
        " weight, choices, help, minimum, maximum)",
    ),
    "bad answer type": (
        ("        text: Feared\n        type: yes_no", "        text: Feared\n        type: maybe"),
        "type: maybe",
        "sections[0].items[1].type: 'maybe' is not one of yes_no, choice, number, date, text",
    ),
    "a field given twice": (
        ('version: "1"\n', 'version: "1"\nversion: "2"\n'),
        'version: "2"',
        "version: given twice (first at line 2)",
    ),
    "an item key used twice, in a module": (
        ("{key: more_hit,", "{key: hit,"),
        "{key: hit,",
        "modules[0].items[0].key: 'hit' is already the key of an item at line 13",
    ),
    "a section key used twice": (
        (
            "modules:",
            "  - {key: main, title: Again, items: [{key: x, text: X, type: yes_no}]}\nmodules:",
        ),
        "Again",
        "sections[1].key: 'main' is already the key of sections[0]",
    ),
    "condition on an unknown item": (
        ("{item: contact, is: [weekly]}", "{item: contacts, is: [weekly]}"),
        "contacts",
        "red_flags[0].when.all[1].item: 'contacts' is not an item of this instrument",
    ),
    "condition on a value the item does not have": (
        ("{item: contact, is: [weekly]}", "{item: contact, is: [daily]}"),
        "daily",
        "red_flags[0].when.all[1].is: 'daily' is not an answer to 'contact' (answers: none,"
        " weekly)",
    ),
    "condition testing no": (
        ("opened_by: {item: hit, is: [yes]}", "opened_by: {item: hit, is: [no]}"),
        "is: [no]",
        "modules[0].opened_by.is: a yes/no item can be tested for [yes] or [yes, unknown] only",
    ),
    "module opened by a module item": (
        ("opened_by: {item: hit, is: [yes]}", "opened_by: {item: more_hit, is: [yes]}"),
        "opened_by",
        "modules[0].opened_by.item: a follow-up module can only be opened by an item of the"
        " main sections",
    ),
    "thresholds out of order": (
        ("{level: medium, minimum: 1}", "{level: high, minimum: 1}"),
        "{level: high, minimum: 2}",
        "thresholds[1].level: thresholds go from the lower level to the higher, each level once",
    ),
    "minimums not rising": (
        ("{level: high, minimum: 2}", "{level: high, minimum: 1}"),
        "{level: high, minimum: 1}",
        "thresholds[1].minimum: must be higher than the minimum for medium (1)",
    ),
    "threshold out of reach": (
        ("{level: high, minimum: 2}", "{level: high, minimum: 3}"),
        "{level: high, minimum: 3}",
        "thresholds[1].minimum: can never be reached: the highest possible score is 2",
    ),
    "standard as a threshold": (
        ("{level: medium, minimum: 1}", "{level: standard, minimum: 1}"),
        "standard",
        "thresholds[0].level: must be medium or high",
    ),
    "bad translation key": (
        ("    items.hit: Golpe", "    items.hot: Golpe"),
        "items.hot",
        "translations.es.items.hot: 'items.hot' is not a text of this instrument",
    ),
    "language the site does not have": (
        ("  es:\n", "  fr:\n"),
        "fr:",
        "translations.fr: 'fr' is not one of this site's languages (en, es, it, el, sv)",
    ),
    "weight on a count_yes instrument": (
        (
            "        type: yes_no\n      - key: feared",
            "        type: yes_no\n        weight: 2\n      - key: feared",
        ),
        "weight: 2",
        "sections[0].items[0].weight: weights count only with scoring: weighted_sum",
    ),
    "weight that is not a number": (
        ("scoring: count_yes", "scoring: weighted_sum"),
        None,
        None,
    ),
    "choice item without choices": (
        (
            "        type: choice\n        choices:\n          - {value: none, label: None}\n"
            "          - {value: weekly, label: Weekly}\n",
            "        type: choice\n",
        ),
        "key: contact",
        "sections[0].items[2].choices: a choice item needs its choices",
    ),
    "case kind that does not exist": (
        ("case_kinds: [survivor_support]", "case_kinds: [survivor]"),
        "case_kinds",
        "case_kinds[0]: 'survivor' is not one of survivor_support, partner_support,"
        " perpetrator_programme, child",
    ),
    "slug with capitals": (
        ("slug: demo", "slug: Demo_Checklist"),
        "slug",
        "slug: 'Demo_Checklist' must be lower-case letters and digits, joined by -",
    ),
    "empty version": (
        ('version: "1"', 'version: ""'),
        "version",
        "version: must not be empty",
    ),
    "missing title": (
        ("title: Demo\n", ""),
        "slug: demo",
        "title: is required",
    ),
    "required that is not true or false": (
        (
            "{key: more_hit, text: More, type: yes_no}",
            "{key: more_hit, text: More, type: yes_no, required: sometimes}",
        ),
        "sometimes",
        "modules[0].items[0].required: must be true or false",
    ),
    "forces a level that is not a level": (
        ("forces_level: high", "forces_level: extreme"),
        "extreme",
        "red_flags[0].forces_level: 'extreme' is not one of medium, high",
    ),
}


@pytest.mark.parametrize(
    ("change", "line_text", "message"),
    [case for case in BROKEN.values() if case[1] is not None],
    ids=[name for name, case in BROKEN.items() if case[1] is not None],
)
def test_broken_file_names_line_and_field(
    change: tuple[str, str], line_text: str, message: str
) -> None:
    text = broken(*change)
    expected = f"line {line_of(text, line_text)}: {message}"
    errors = errors_of(text)
    assert any(error.startswith(expected) for error in errors), errors


def test_a_weight_in_words_on_a_weighted_instrument() -> None:
    text = broken("scoring: count_yes", "scoring: weighted_sum").replace(
        "{key: more_hit, text: More, type: yes_no}",
        "{key: more_hit, text: More, type: yes_no, weight: heavy}",
    )
    assert errors_of(text) == [
        f"line {line_of(text, 'heavy')}: modules[0].items[0].weight: 'heavy' is not a whole number"
    ]


def test_a_negative_weight_is_refused() -> None:
    text = broken("scoring: count_yes", "scoring: weighted_sum").replace(
        "{value: weekly, label: Weekly}", "{value: weekly, label: Weekly, weight: -2}"
    )
    assert errors_of(text) == [
        f"line {line_of(text, 'weight: -2')}: sections[0].items[2].choices[1].weight: must be 0"
        " or more"
    ]


def test_every_problem_is_reported_at_once_in_file_order() -> None:
    text = (
        VALID.replace("slug: demo", "slug: Demo")
        .replace("type: yes_no\n      - key: feared", "type: maybe\n      - key: feared")
        .replace("{item: contact, is: [weekly]}", "{item: nobody, is: [weekly]}")
        .replace("items.hit: Golpe", "items.hot: Golpe")
    )
    errors = errors_of(text)
    assert [error.split(":")[1].strip() for error in errors] == [
        "slug",
        "sections[0].items[0].type",
        "red_flags[0].when.all[1].item",
        "translations.es.items.hot",
    ]
    lines = [int(error.split(":")[0].removeprefix("line ")) for error in errors]
    assert lines == sorted(lines)


def test_alias_refused() -> None:
    text = VALID.replace("title: Demo\n", "title: &name Demo\ndescription: *name\n")
    assert errors_of(text) == [
        f"line {line_of(text, '*name')}: aliases (*name) are not allowed; write the value out"
    ]


def test_alias_bomb_refused_before_it_expands() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)},"
        f" *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]\n"
        for n in range(8)
    )
    errors = errors_of(bomb)
    assert errors[0].startswith("line 2: aliases (*a) are not allowed")


def test_tags_refused() -> None:
    text = VALID.replace("title: Demo\n", "title: !!python/object:os.system Demo\n")
    errors = errors_of(text)
    assert errors == [
        f"line {line_of(text, '!!python')}: tags (!!python/object:os.system) are not allowed"
    ]


def test_yaml_syntax_error_names_its_line() -> None:
    text = VALID.replace(
        "      - {key: more_hit, text: More, type: yes_no}", "      - {key: more_hit, text: More"
    )
    errors = errors_of(text)
    assert len(errors) == 1
    assert errors[0].startswith(f"line {line_of(text, 'red_flags')}: not valid YAML:")


def test_bad_indentation_names_its_line() -> None:
    text = VALID.replace(
        "  - key: danger\n    label: Danger", "  - key: danger\n      label: Danger"
    )
    errors = errors_of(text)
    assert errors[0].startswith(f"line {line_of(text, 'label: Danger')}: not valid YAML:")


def test_a_question_mark_in_flow_text_is_a_syntax_error_on_its_line() -> None:
    """The trap the docs warn about: an unquoted "?" inside {…}."""
    text = VALID.replace(
        "{key: more_hit, text: More, type: yes_no}", "{key: more_hit, text: More?, type: yes_no}"
    )
    assert errors_of(text)[0].startswith(f"line {line_of(text, 'More?')}: not valid YAML:")


def test_json_files_load_and_their_errors_name_lines() -> None:
    data = to_data(load_definition(VALID))
    text = json.dumps(data, indent=2, ensure_ascii=False)
    assert load_definition(text) == load_definition(VALID)
    broken_text = text.replace('"type": "yes_no"', '"type": "boolean"', 1)
    assert errors_of(broken_text) == [
        f"line {line_of(broken_text, 'boolean')}: sections[0].items[0].type: 'boolean' is not"
        " one of yes_no, choice, number, date, text"
    ]
    missing_comma = '{"slug": "x",\n "version": "1"\n "title": "t"}'
    assert errors_of(missing_comma) == [
        "line 3: not valid YAML: expected ',' or '}', but got '<scalar>'"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1: the file is empty"),
        ("# only a comment\n", "line 1: the file is empty"),
        ("- a\n- b\n", "line 1: must be a set of fields (name: value)"),
        ("---\nslug: a\n---\nslug: b\n", "line 3: not valid YAML: but found another document"),
    ],
)
def test_not_an_instrument(text: str, message: str) -> None:
    assert errors_of(text)[0] == message


def test_missing_fields_all_named_at_the_top() -> None:
    assert errors_of("slug: demo\n") == [
        f"line 1: {field}: is required"
        for field in ("version", "title", "case_kinds", "scoring", "thresholds", "sections")
    ]


def test_files_over_one_megabyte_refused(tmp_path: Path) -> None:
    padding = "#" * MAX_FILE_BYTES + "\n"
    assert errors_of(padding + VALID) == ["The file is larger than 1 MB."]
    big = tmp_path / "big.yaml"
    big.write_text(padding + VALID, encoding="utf-8")
    with pytest.raises(InstrumentError, match="larger than 1 MB"):
        load_file(big)


def test_not_utf8_refused(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(VALID.replace("Demostración", "Demostraci\xf3n").encode("latin-1"))
    with pytest.raises(InstrumentError, match="not UTF-8"):
        load_file(latin)


# -- the shipped instruments ---------------------------------------------------------------------

SHIPPED = shipped()
SITE_LANGUAGES = ("es", "it", "el", "sv")


def test_every_shipped_file_loads_with_a_distinct_slug() -> None:
    assert sorted(instrument.slug for instrument in SHIPPED) == [
        "child-safety-screen",
        "perpetrator-review",
        "survivor-checklist",
    ]


@pytest.mark.parametrize("instrument", SHIPPED, ids=lambda instrument: instrument.slug)
def test_shipped_instrument_says_whose_wording(instrument) -> None:
    assert "Accord's own wording" in instrument.licence
    assert "not" in instrument.licence and "official" in instrument.licence


@pytest.mark.parametrize("path", sorted(SHIPPED_DIR.glob("*.yaml")), ids=lambda path: path.name)
def test_shipped_file_header_says_whose_wording(path: Path) -> None:
    header = path.read_text(encoding="utf-8").split("\nslug:")[0]
    assert "Accord's own" in header and "NOT" in header


@pytest.mark.parametrize("language", SITE_LANGUAGES)
@pytest.mark.parametrize("instrument", SHIPPED, ids=lambda instrument: instrument.slug)
def test_shipped_translations_are_complete(instrument, language: str) -> None:
    assert set(instrument.translations[language]) == set(instrument.text_keys())


@pytest.mark.parametrize("instrument", SHIPPED, ids=lambda instrument: instrument.slug)
def test_to_data_round_trips_through_json(instrument) -> None:
    data = json.loads(json.dumps(to_data(instrument)))
    assert from_data(data) == instrument
    # The stored form is itself a valid instrument file.
    assert load_definition(json.dumps(data)) == instrument


@pytest.mark.parametrize("instrument", SHIPPED, ids=lambda instrument: instrument.slug)
def test_shipped_case_kinds(instrument) -> None:
    expected = {
        "survivor-checklist": {"survivor_support", "partner_support"},
        "perpetrator-review": {"perpetrator_programme"},
        "child-safety-screen": {"child", "survivor_support"},
    }
    assert instrument.case_kinds == expected[instrument.slug]


def test_paths_keep_their_index_after_an_unreadable_entry() -> None:
    text = VALID.replace(
        "red_flags:\n",
        "red_flags:\n  - just a sentence\n"
        "  - {key: danger, label: Again, when: {item: hit, is: yes}}\n",
    )
    assert errors_of(text) == [
        f"line {line_of(text, 'just a sentence')}: red_flags[0]: must be a set of fields"
        " (name: value)",
        f"line {line_of(text, 'key: danger', 2)}: red_flags[2].key: 'danger' is already the key"
        " of red_flags[1]",
    ]


def test_choice_values_are_unique() -> None:
    text = VALID.replace("{value: weekly, label: Weekly}", "{value: none, label: Nothing}")
    assert errors_of(text) == [
        f"line {line_of(text, 'Nothing')}: sections[0].items[2].choices[1].value: 'none' is"
        " already the value of sections[0].items[2].choices[0]",
        f"line {line_of(text, 'weekly]')}: red_flags[0].when.all[1].is: 'weekly' is not an"
        " answer to 'contact' (answers: none)",
    ]
