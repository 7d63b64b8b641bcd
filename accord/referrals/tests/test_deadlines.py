import datetime

import pytest

from accord.referrals.deadlines import add_working_days

MON = datetime.date(2025, 3, 3)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (MON, 2, datetime.date(2025, 3, 5)),  # Monday + 2: Wednesday
        (MON + datetime.timedelta(days=3), 2, datetime.date(2025, 3, 10)),  # Thursday: Monday
        (MON + datetime.timedelta(days=4), 1, datetime.date(2025, 3, 10)),  # Friday + 1: Monday
        (MON + datetime.timedelta(days=4), 2, datetime.date(2025, 3, 11)),  # Friday: Tuesday
        (MON + datetime.timedelta(days=5), 1, datetime.date(2025, 3, 10)),  # Saturday: Monday
        (MON + datetime.timedelta(days=6), 1, datetime.date(2025, 3, 10)),  # Sunday: Monday
        (MON + datetime.timedelta(days=6), 2, datetime.date(2025, 3, 11)),  # Sunday: Tuesday
        (MON, 5, datetime.date(2025, 3, 10)),  # a working week
        (MON + datetime.timedelta(days=4), 10, datetime.date(2025, 3, 21)),  # two weekends
        (MON, 0, MON),
        # Across a month and a year end.
        (datetime.date(2025, 12, 31), 2, datetime.date(2026, 1, 2)),
        (datetime.date(2026, 1, 30), 2, datetime.date(2026, 2, 3)),
    ],
)
def test_it_counts_working_days_across_weekends(
    start: datetime.date, days: int, due: datetime.date
) -> None:
    assert add_working_days(start, days) == due


def test_it_refuses_negative_days() -> None:
    with pytest.raises(ValueError):
        add_working_days(MON, -1)
