"""When a referral must be answered: a number of working days after it was sent."""

import datetime

SATURDAY = 5


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday. Public holidays differ by region and are not known here."""
    return day.weekday() < SATURDAY


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (a Friday plus 2 is the Tuesday; a Saturday or
    Sunday plus 1 is the Monday). `start` itself never counts: sent at any hour of a day, the
    receiver has the following `days` working days."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
