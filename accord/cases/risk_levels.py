"""The vocabulary of a case's risk picture, kept on the case (`Case.risk_level`,
`Case.conference_criteria`) and computed by the risk app (accord/risk/triggers.py).

Risk levels, in order. Every instrument scores into these three, so that a case's level means
the same on the caseload whichever instrument produced it; each instrument sets its own
thresholds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    STANDARD = "standard", _("Standard")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")

    @property
    def rank(self) -> int:
        return list(RiskLevel).index(self)


def highest(*levels: "RiskLevel | str | None") -> RiskLevel:
    """The highest of the given levels (none given, or all empty: standard)."""
    present = [RiskLevel(level) for level in levels if level]
    return max(present, key=lambda level: level.rank, default=RiskLevel.STANDARD)


class ConferenceCriterion(models.TextChoices):
    """Why a case meets the criteria for referral to a risk conference (docs/product.md §3). The
    fourth criterion, a repeat referral, belongs to the conference work itself."""

    HIGH_RISK = "high_risk", _("Visible high risk")
    JUDGEMENT = "judgement", _("Professional judgement")
    ESCALATION = "escalation", _("Potential escalation")
