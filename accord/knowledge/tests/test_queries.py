"""The survey report's queries do not grow with the number of respondents."""

import json

import pytest
from django.urls import reverse

from accord.knowledge.tests.helpers import build_network, load_text
from accord.testing import client_for

pytestmark = pytest.mark.django_db

REPORT_QUERIES = 16


def survey_with(respondents: int) -> str:
    codes = ["a", "b", "c", "other"]
    return json.dumps(
        {
            "survey": {
                "key": "q",
                "title": "Q",
                "questions": [
                    {"key": "one", "text": "One?", "kind": "single", "categories": ["yes", "no"]},
                    {"key": "many", "text": "Many?", "kind": "multiple", "categories": codes},
                    {"key": "open", "text": "Open?", "kind": "open", "categories": codes},
                    {"key": "n", "text": "N?", "kind": "number"},
                ],
            },
            "respondents": [
                {
                    "organisation": f"Member {index}",
                    "country": ["IT", "ES", "SE", "GR"][index % 4],
                    "answers": {
                        "one": ["yes" if index % 3 else "no"],
                        "many": codes[: 1 + index % 4],
                        "open": [codes[index % 4]] if index % 5 else [],
                        "n": [index],
                    },
                }
                for index in range(respondents)
            ],
        }
    )


@pytest.mark.parametrize("respondents", [3, 30])
def test_the_report_page_runs_in_constant_queries(
    world, respondents, django_assert_num_queries
) -> None:
    network = build_network(world)
    survey = load_text(network, survey_with(respondents))
    client = client_for(network.analyst)
    url = reverse("knowledge:report", args=[survey.key])
    client.get(url)
    with django_assert_num_queries(REPORT_QUERIES):
        assert client.get(url).status_code == 200
