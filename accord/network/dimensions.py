"""The disaggregations an indicator may use, each a list of codes with translated labels, and
how a person or record falls into them. "_T" is SDMX's code for the total over a dimension."""

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import ServiceKind
from accord.cases.models import ClosureReason, GbvimsType, ViolenceForm
from accord.cases.risk_levels import RiskLevel
from accord.people.models import Gender

TOTAL = "_T"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str | Promise
    codes: tuple[tuple[str, str | Promise], ...]
    # A record may fall in several codes (forms of violence): the codes do not add up.
    multiple: bool = False

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(code for code, _label in self.codes)

    def label_of(self, code: str) -> str | Promise:
        if code == TOTAL:
            return _("Total")
        return dict(self.codes).get(code, code)


AGE_GROUPS = (
    ("0-17", _("under 18")),
    ("18-29", _("18 to 29")),
    ("30-44", _("30 to 44")),
    ("45-64", _("45 to 64")),
    ("65+", _("65 and over")),
    (UNKNOWN, _("not known")),
)

ANSWER_BANDS = (
    ("0-2", _("within 2 days")),
    ("3-7", _("3 to 7 days")),
    ("8-14", _("8 to 14 days")),
    ("15+", _("more than 14 days")),
    ("none", _("not yet answered")),
)

OUTCOMES = (
    ("accepted", _("accepted")),
    ("declined", _("declined")),
    ("waiting", _("waiting for an answer")),
    ("withdrawn", _("withdrawn")),
)

PROGRAMME_OUTCOMES = (
    ("completed", _("completed")),
    ("dropped_out", _("dropped out")),
    ("excluded", _("excluded")),
    ("other", _("ended otherwise")),
)

DIMENSIONS = {
    dimension.key: dimension
    for dimension in (
        Dimension("sex", _("sex"), tuple(Gender.choices)),
        Dimension("age_group", _("age group"), AGE_GROUPS),
        Dimension("adult_age_group", _("age group"), AGE_GROUPS[1:]),
        Dimension("gbvims_type", _("GBVIMS incident type"), tuple(GbvimsType.choices)),
        Dimension("form", _("form of violence"), tuple(ViolenceForm.choices), multiple=True),
        Dimension("service_kind", _("kind of service"), tuple(ServiceKind.choices)),
        Dimension("outcome", _("outcome"), OUTCOMES),
        Dimension("answer_time", _("time to answer"), ANSWER_BANDS),
        Dimension(
            "risk_level",
            _("risk level"),
            (*RiskLevel.choices, ("not_assessed", _("not yet assessed"))),
        ),
        Dimension("programme_outcome", _("how the programme ended"), PROGRAMME_OUTCOMES),
    )
}


def sex_of(gender: str | None) -> str:
    return gender if gender in Gender.values else Gender.NOT_STATED


def age_group_of(born: datetime.date | None, on: datetime.date) -> str:
    if born is None:
        return UNKNOWN
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for code, bound in (("0-17", 18), ("18-29", 30), ("30-44", 45), ("45-64", 65)):
        if age < bound:
            return code
    return "65+"


def answer_band_of(days: float | None) -> str:
    if days is None:
        return "none"
    for code, bound in (("0-2", 2), ("3-7", 7), ("8-14", 14)):
        if days <= bound:
            return code
    return "15+"


def programme_outcome_of(reason: str) -> str:
    return {
        ClosureReason.PROGRAMME_COMPLETED: "completed",
        ClosureReason.DROPPED_OUT: "dropped_out",
        ClosureReason.EXCLUDED: "excluded",
    }.get(reason, "other")
