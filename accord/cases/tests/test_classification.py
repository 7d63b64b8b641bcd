import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.cases.classification import classify_gbvims, is_escalating, months_before
from accord.cases.models import GbvimsType, ViolenceForm

F = ViolenceForm


@pytest.mark.parametrize(
    "forms, penetration, expected",
    [
        ({F.SEXUAL, F.PHYSICAL}, True, GbvimsType.RAPE),
        ({F.SEXUAL, F.PHYSICAL}, False, GbvimsType.SEXUAL_ASSAULT),
        ({F.PHYSICAL, F.ECONOMIC, F.COERCIVE_CONTROL}, False, GbvimsType.PHYSICAL_ASSAULT),
        ({F.FGM}, False, GbvimsType.PHYSICAL_ASSAULT),
        ({F.FORCED_MARRIAGE, F.ECONOMIC}, False, GbvimsType.FORCED_MARRIAGE),
        ({F.ECONOMIC, F.PSYCHOLOGICAL}, False, GbvimsType.DENIAL_OF_RESOURCES),
        ({F.STALKING, F.DIGITAL}, False, GbvimsType.PSYCHOLOGICAL),
        ({F.COERCIVE_CONTROL}, False, GbvimsType.PSYCHOLOGICAL),
        ({F.HONOUR_BASED}, False, GbvimsType.PSYCHOLOGICAL),
        # Penetration without sexual violence recorded does not make a rape.
        ({F.PHYSICAL}, True, GbvimsType.PHYSICAL_ASSAULT),
    ],
)
def test_it_classifies_by_the_elimination_order(forms, penetration, expected) -> None:
    assert classify_gbvims(forms, penetration=penetration) == expected


ORDER = list(GbvimsType)


@given(st.sets(st.sampled_from(list(F)), min_size=1), st.sampled_from(list(F)), st.booleans())
def test_adding_a_form_never_moves_down_the_order(forms, extra, penetration) -> None:
    before = classify_gbvims(forms, penetration=penetration)
    after = classify_gbvims(forms | {extra}, penetration=penetration)
    assert ORDER.index(after) <= ORDER.index(before)


def test_it_counts_the_months_back_to_the_same_day_or_the_months_end() -> None:
    assert months_before(datetime.date(2026, 11, 22), 12) == datetime.date(2025, 11, 22)
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2024, 3, 31), 1) == datetime.date(2024, 2, 29)
    assert months_before(datetime.date(2026, 1, 15), 1) == datetime.date(2025, 12, 15)


def test_it_flags_three_incidents_within_twelve_months() -> None:
    today = datetime.date(2026, 11, 22)
    recent = [datetime.date(2026, 1, 5), datetime.date(2026, 6, 1), datetime.date(2026, 11, 20)]
    assert is_escalating(recent, today=today, threshold=3, months=12)
    old = [datetime.date(2025, 11, 21), *recent[1:]]
    assert not is_escalating(old, today=today, threshold=3, months=12)
    assert is_escalating(recent[1:], today=today, threshold=2, months=12)
