import datetime

import pytest

from accord.network.compute import (
    eige_ipv_women_victims,
    incidents_by_form,
    incidents_gbvims,
    risk_level_mix,
    survivors_supported,
)
from accord.network.periods import Period
from accord.network.tests.helpers import (
    answer_statistics_consent,
    survivor_with_incident,
    withdraw_statistics_consent,
)
from accord.people.models import ConsentAnswer, Gender

Q3 = Period(2026, 3)

pytestmark = pytest.mark.django_db


def test_it_counts_a_person_once_however_many_incidents(world) -> None:
    survivor_with_incident(world, name="Ana", incidents=3)
    counts = survivors_supported(Q3)
    assert counts[(Gender.WOMAN, "30-44")] == 1
    assert sum(counts.values()) == 1
    assert eige_ipv_women_victims(Q3)[("30-44",)] == 1
    assert incidents_gbvims(Q3)[("physical_assault",)] == 3


def test_it_leaves_out_whoever_withdrew_consent_to_statistics(world) -> None:
    survivor_with_incident(world, name="Ana")
    bea, _case = survivor_with_incident(world, name="Bea")
    withdraw_statistics_consent(world, bea)
    assert sum(survivors_supported(Q3).values()) == 1
    assert sum(incidents_gbvims(Q3).values()) == 1
    assert sum(risk_level_mix(Q3).values()) == 1


def test_it_leaves_out_whoever_refused_inclusion_in_statistics(world) -> None:
    survivor_with_incident(world, name="Ana")
    bea, _case = survivor_with_incident(world, name="Bea")
    answer_statistics_consent(
        world, bea, answer=ConsentAnswer.REFUSED, given_on=datetime.date(2026, 7, 1)
    )
    assert sum(survivors_supported(Q3).values()) == 1
    assert sum(incidents_gbvims(Q3).values()) == 1
    assert sum(incidents_by_form(Q3).values()) == 1
    assert sum(risk_level_mix(Q3).values()) == 1


def test_a_refusal_outweighs_an_earlier_consent_and_yields_to_a_later_one(world) -> None:
    bea, _case = survivor_with_incident(world, name="Bea")
    given, refused = ConsentAnswer.GIVEN, ConsentAnswer.REFUSED
    answer_statistics_consent(world, bea, answer=given, given_on=datetime.date(2026, 1, 5))
    answer_statistics_consent(world, bea, answer=refused, given_on=datetime.date(2026, 7, 1))
    assert sum(survivors_supported(Q3).values()) == 0
    answer_statistics_consent(world, bea, answer=given, given_on=datetime.date(2026, 8, 1))
    assert sum(survivors_supported(Q3).values()) == 1


def test_it_counts_each_form_of_an_incident(world) -> None:
    survivor_with_incident(world, name="Ana", forms=("physical", "psychological"))
    counts = incidents_by_form(Q3)
    assert counts[("physical",)] == 1 and counts[("psychological",)] == 1


def test_it_counts_only_the_period(world) -> None:
    survivor_with_incident(world, name="Ana", on=datetime.date(2026, 4, 2))
    assert sum(incidents_gbvims(Q3).values()) == 0
    assert sum(incidents_gbvims(Period(2026, 2)).values()) == 1
    assert sum(incidents_gbvims(Period(2026)).values()) == 1
    assert eige_ipv_women_victims(Q3)[("30-44",)] == 0


def test_a_child_is_not_an_adult_woman_victim(world) -> None:
    survivor_with_incident(world, name="Ana", born=datetime.date(2012, 1, 1))
    assert sum(eige_ipv_women_victims(Q3).values()) == 0
    assert survivors_supported(Q3)[(Gender.WOMAN, "0-17")] == 1
