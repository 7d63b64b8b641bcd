"""Reporting periods: a quarter ("2026-Q3") or a year ("2026")."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4]))?$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int | None = None

    @classmethod
    def parse(cls, text: str) -> "Period":
        match = _PERIOD.match(text.strip())
        if match is None or not 2000 <= int(match["year"]) <= 2100:
            raise ValidationError(
                _("“%(period)s” is not a period: write a quarter such as 2026-Q3 or a year."),
                code="period",
                params={"period": text},
            )
        quarter = match["quarter"]
        return cls(year=int(match["year"]), quarter=int(quarter) if quarter else None)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def start(self) -> datetime.date:
        month = 1 if self.quarter is None else 3 * self.quarter - 2
        return datetime.date(self.year, month, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the period."""
        if self.quarter is None or self.quarter == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.quarter + 1, 1) - datetime.timedelta(days=1)

    @property
    def is_year(self) -> bool:
        return self.quarter is None

    def year_period(self) -> "Period":
        return Period(self.year)

    def quarters(self) -> list["Period"]:
        return [Period(self.year, quarter) for quarter in (1, 2, 3, 4)]

    def linked(self) -> list["Period"]:
        """The periods an attacker adds up against this one: its year and the year's quarters."""
        return [*self.year_period().quarters(), self.year_period()]
