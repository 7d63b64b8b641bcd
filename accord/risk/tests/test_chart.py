"""The risk chart's time axis fits the history: a single assessment is not spread over years
(defect 10), and its dates are in the reader's language."""

import datetime
import re

import pytest
from django.utils import translation
from django.utils.formats import date_format

from accord.demo.risk import seed_demo_instruments
from accord.risk.chart import MIN_MARGIN, date_limits, history_svg
from accord.risk.models import Instrument
from accord.risk.tests.test_risk_views import completed, yes_answers
from accord.testing import Casework, World


@pytest.fixture
def instruments(db) -> dict[str, Instrument]:
    return {instrument.slug: instrument for instrument in seed_demo_instruments()}


def test_a_single_assessment_gets_a_few_weeks_either_side() -> None:
    day = datetime.date(2026, 3, 10)
    assert date_limits([day]) == (day - MIN_MARGIN, day + MIN_MARGIN)


def test_a_long_history_gets_a_tenth_of_its_span_either_side() -> None:
    first, last = datetime.date(2024, 1, 1), datetime.date(2026, 1, 1)
    low, high = date_limits([last, first])
    assert low == first - (last - first) / 10 and high == last + (last - first) / 10


def test_the_chart_of_one_assessment_names_no_other_year_and_speaks_swedish(
    world: World, casework: Casework, instruments: dict
) -> None:
    assessment = completed(
        world,
        casework.her_case,
        instruments["survivor-checklist"],
        yes_answers(instruments["survivor-checklist"], 3),
    )
    svg = history_svg([assessment], "sv").decode()
    year = assessment.assessed_on.year
    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    years = {int(found) for found in re.findall(r"\b(20\d\d)\b", texts)}
    assert years <= {year - 1, year, year + 1}
    with translation.override("sv"):
        month = date_format(assessment.assessed_on, "F").lower()
    assert month in texts.lower()
