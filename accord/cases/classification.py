"""GBVIMS core-type classification and escalation: pure functions, no database."""

import datetime
from collections.abc import Iterable

from accord.cases.models import GbvimsType, ViolenceForm

_F = ViolenceForm


def classify_gbvims(forms: Iterable[str], *, penetration: bool) -> GbvimsType:
    """One core type per incident, by the GBVIMS elimination order: the first that applies.

    Rape and sexual assault first, then physical assault (FGM is a physical assault in
    GBVIMS), forced marriage, denial of resources, and psychological/emotional abuse for the
    rest (coercive control, stalking, digital and "honour"-based abuse without the above).
    """
    forms = set(forms)
    if _F.SEXUAL in forms:
        return GbvimsType.RAPE if penetration else GbvimsType.SEXUAL_ASSAULT
    if forms & {_F.PHYSICAL, _F.FGM}:
        return GbvimsType.PHYSICAL_ASSAULT
    if _F.FORCED_MARRIAGE in forms:
        return GbvimsType.FORCED_MARRIAGE
    if _F.ECONOMIC in forms:
        return GbvimsType.DENIAL_OF_RESOURCES
    return GbvimsType.PSYCHOLOGICAL


def months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    # The same day of the month, or the month's last day (31 March - 1 month = 28/29 Feb).
    for candidate_day in range(day.day, 27, -1):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    return datetime.date(year, month, min(day.day, 28))


def is_escalating(
    incident_dates: Iterable[datetime.date], *, today: datetime.date, threshold: int, months: int
) -> bool:
    """`threshold` or more incidents within the last `months` months (docs/product.md §3)."""
    since = months_before(today, months)
    return sum(1 for day in incident_dates if since <= day <= today) >= threshold
