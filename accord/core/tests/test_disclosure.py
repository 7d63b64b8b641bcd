import pytest

from accord.core.disclosure import CONFIDENTIAL, primary


def test_it_hides_a_small_count_and_flags_it() -> None:
    cell = primary(3)
    assert cell.suppressed and cell.value is None and cell.flag == CONFIDENTIAL
    assert str(cell) == "fewer than 5"


def test_it_shows_zero_and_counts_at_the_threshold() -> None:
    assert primary(0).value == 0 and not primary(0).suppressed
    assert primary(5).value == 5 and primary(5).flag == ""


def test_it_follows_the_configured_threshold(settings) -> None:
    settings.ACCORD_SMALL_CELL_THRESHOLD = 10
    assert primary(9).suppressed
    assert str(primary(9)) == "fewer than 10"
    assert primary(3, threshold=3).value == 3


def test_it_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError):
        primary(-1)
