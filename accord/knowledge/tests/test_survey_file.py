"""Survey data files: the published figures of a past survey come back from its coded answers,
and a malformed file is refused whole, each problem with its line."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from accord.knowledge.models import Category, Response, Survey
from accord.knowledge.selectors import survey_report
from accord.knowledge.surveyfile import SurveyFileError, read_survey_file
from accord.knowledge.tests.helpers import SAMPLE, build_network, load_sample, load_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(world):
    return build_network(world)


def report_json(key: str) -> dict:
    out = io.StringIO()
    call_command("survey_report", key, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_it_reproduces_the_published_figures_of_the_2017_survey(network) -> None:
    # WWP EN 2017 report: "9 out of 15 respondents" emphasised the safety of women and children,
    # "8 out of 15" the perpetrator's responsibility, "6 out of 15" gender sensitivity…
    call_command("survey_import", str(SAMPLE), stdout=io.StringIO())
    figures = report_json("good-practice-2017")
    assert figures["respondents"] == 15
    principles = figures["questions"]["principles"]
    assert principles["answered"] == 15
    assert principles["categories"] == {
        "victim_safety": 9,
        "responsibility": 8,
        "gender": 6,
        "multiagency": 4,
        "partnership": 4,
        "zero_tolerance": 2,
        "other": 5,
    }
    # Skipped questions: "7 out of 13" combine programme and support (13 of 15 answered),
    # "9 out of 12" highlight victims' safety (12 answered), "7 out of 13" empowerment.
    approach = figures["questions"]["partner_approach"]
    assert approach["answered"] == 13
    assert approach["categories"]["combined"] == 7
    assert approach["categories"]["referral"] == 4
    highlights = figures["questions"]["partner_highlights"]
    assert (highlights["answered"], highlights["categories"]["victim_safety"]) == (12, 9)
    assert highlights["categories"]["empowerment"] == 4
    assert figures["questions"]["victim_highlights"]["answered"] == 13
    assert figures["questions"]["victim_highlights"]["categories"]["empowerment"] == 7
    # A single choice: 14 of 15 offer (ex)partner support; a multiple choice adds up past M.
    assert figures["questions"]["offers_partner_support"]["categories"] == {"yes": 14, "no": 1}
    services = figures["questions"]["services"]
    assert services["answered"] == 15
    assert services["categories"] == {
        "perpetrator_programme": 15,
        "womens_support": 9,
        "shelter": 5,
        "helpline": 6,
    }
    assert sum(services["categories"].values()) > services["answered"]
    assert figures["questions"]["staff"] == {"answered": 14, "categories": {}}


def test_it_reports_the_base_and_who_skipped_by_country(network) -> None:
    report = survey_report(load_sample(network))
    assert len(report.by_country) == 12
    approach = next(q for q in report.questions if q.question.key == "partner_approach")
    assert (approach.answered, approach.skipped) == (13, 2)
    assert sum(approach.by_country_answered.values()) == 13
    staff = next(q for q in report.questions if q.question.key == "staff")
    assert staff.median == Decimal("6.5")


def test_it_updates_a_survey_in_place_and_adds_missing_codes_saying_so(network) -> None:
    load_sample(network)
    data = json.loads(SAMPLE.read_text())
    data["respondents"][0]["answers"]["principles"] = ["victim_safety", "accountability"]
    out = io.StringIO()
    path = SAMPLE.parent / "_changed.json"
    try:
        path.write_text(json.dumps(data))
        call_command("survey_import", str(path), stdout=out)
    finally:
        path.unlink()
    assert "Added code accountability to the codebook of principles." in out.getvalue()
    assert "Updated survey good-practice-2017 (version 2)" in out.getvalue()
    assert Survey.objects.count() == 1
    assert Response.objects.count() == 15
    figures = report_json("good-practice-2017")
    assert figures["questions"]["principles"]["categories"]["accountability"] == 1


def file_with(respondents: list[dict], questions: list[dict] | None = None) -> str:
    return json.dumps(
        {
            "survey": {
                "key": "s",
                "title": "S",
                "questions": questions
                or [
                    {"key": "one", "text": "One?", "kind": "single", "categories": ["a", "b"]},
                    {"key": "many", "text": "Many?", "kind": "multiple", "categories": ["a"]},
                ],
            },
            "respondents": respondents,
        },
        indent=2,
    )


@pytest.mark.parametrize(
    ("respondent", "where", "reason"),
    [
        ({"organisation": "A", "country": "ES", "answers": {"nope": ["a"]}}, '"nope"', "not a"),
        ({"organisation": "A", "country": "ES", "answers": {"one": ["a", "b"]}}, '"one": [', "one"),
        ({"organisation": "A", "country": "XX", "answers": {}}, '"XX"', "ISO 3166"),
        ({"organisation": "A", "country": "Spain", "answers": {}}, '"Spain"', "ISO 3166"),
    ],
)
def test_it_refuses_a_malformed_file_with_the_line_and_reason(
    network, respondent, where, reason
) -> None:
    good = {"organisation": "B", "country": "IT", "answers": {"many": ["a"]}}
    text = file_with([respondent, good])
    # the line of the offending value, counted in the file as written
    line = next(n for n, text_line in enumerate(text.splitlines(), 1) if where in text_line)
    with pytest.raises(SurveyFileError) as refused:
        read_survey_file(text)
    [message] = refused.value.errors
    assert message.startswith(f"line {line}:")
    assert reason in message


def test_a_refused_file_loads_nothing(network, tmp_path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        file_with(
            [
                {"organisation": "Fine", "country": "IT", "answers": {"one": ["a"]}},
                {"organisation": "Broken", "country": "ES", "answers": {"one": ["a", "b"]}},
            ]
        )
    )
    with pytest.raises(CommandError, match="one choice"):
        call_command("survey_import", str(path), stdout=io.StringIO())
    assert not Survey.objects.exists()
    assert not Category.objects.exists()


def test_it_refuses_every_problem_at_once_in_file_order(network) -> None:
    text = file_with(
        [
            {"organisation": "A", "country": "zz", "answers": {"one": ["a", "b"]}},
            {"organisation": "A", "country": "IT", "answers": {}},
        ]
    )
    with pytest.raises(SurveyFileError) as refused:
        read_survey_file(text)
    errors = refused.value.errors
    assert len(errors) == 3
    assert [int(e.split(":")[0].removeprefix("line ")) for e in errors] == sorted(
        int(e.split(":")[0].removeprefix("line ")) for e in errors
    )
    assert "answers twice" in errors[-1]


def test_it_refuses_what_is_not_json_or_yaml_at_all(network) -> None:
    with pytest.raises(SurveyFileError, match="line"):
        read_survey_file('{"survey": [}')


def test_a_skipped_question_is_an_empty_list_or_missing(network) -> None:
    survey = load_text(
        network,
        file_with(
            [
                {"organisation": "A", "country": "IT", "answers": {"one": [], "many": ["a"]}},
                {"organisation": "B", "country": "ES", "answers": {"one": ["b"]}},
            ]
        ),
    )
    figures = survey_report(survey).as_json()
    assert figures == {
        "respondents": 2,
        "questions": {
            "one": {"answered": 1, "categories": {"a": 0, "b": 1}},
            "many": {"answered": 1, "categories": {"a": 1}},
        },
    }
