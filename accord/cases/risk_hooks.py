"""The case keeps its risk picture (level, red flags, next review, conference criteria: the
columns of `Case`, in the vocabulary of accord/cases/risk_levels.py) so that the caseload reads
it without touching assessments. The risk app derives it from its assessments; cases sits below
risk and cannot call it, so risk registers its refresh here from `RiskConfig.ready()`:

    on_risk_inputs_changed.register(case_risk_refresh)

and the case's services run the hooks, in their transaction, whenever something the picture is
derived from changes: a review task added, ensured or done (a new incident, his dropout).
"""

import datetime

from django.conf import settings

from accord.core.hooks import Hooks

# Each handler is called with the `case` whose picture may have changed (a keyword).
on_risk_inputs_changed = Hooks("risk picture")


def reassessment_due(today: datetime.date) -> datetime.date:
    """When a reassessment falls due after a change in her circumstances."""
    return today + datetime.timedelta(days=settings.ACCORD_RISK_REASSESS_AFTER_CHANGE_DAYS)
