"""Small counts in published figures: the one rule every report and indicator follows.

A count below the threshold (5 unless the deployment says otherwise) is not shown, because a
handful of cases in a small place can point to a person. Primary suppression is decided here;
secondary (complementary) suppression, which stops a hidden cell being recovered from totals,
is decided by whoever publishes a whole table, on top of these cells. Zero is shown: it points
to nobody. The flag is SDMX's confidentiality status ("C").
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

CONFIDENTIAL = "C"


def small_cell_threshold() -> int:
    return settings.ACCORD_SMALL_CELL_THRESHOLD


@dataclass(frozen=True)
class Cell:
    """A published count: its value, or None when it is suppressed, and why."""

    value: int | None
    flag: str = ""

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        if self.value is None:
            return _("fewer than %(threshold)d") % {"threshold": small_cell_threshold()}
        return str(self.value)


def is_small(count: int, threshold: int | None = None) -> bool:
    limit = small_cell_threshold() if threshold is None else threshold
    return 0 < count < limit


def primary(count: int, threshold: int | None = None) -> Cell:
    """The cell for one count, suppressed when it is small."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    if is_small(count, threshold):
        return Cell(value=None, flag=CONFIDENTIAL)
    return Cell(value=count)
