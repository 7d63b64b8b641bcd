"""The safety plan's panel on the case page, declared with the case-panel registry
(accord/core/panels.py): its review date and the items to do, for the survivor side."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.access.policy import CaseAccess
from accord.core import panels
from accord.safety.selectors import case_safety_summary


@panels.case_panel(
    "safety-plan",
    template="safety/_case_panel.html",
    order=0,
    label=_("Safety plan"),
    anchor="safety-plan",
)
def safety_plan(request: HttpRequest, case: Any, access: CaseAccess) -> dict[str, Any] | None:
    """None where the reader may not see a safety plan: the panel is then left out."""
    summary = case_safety_summary(access)
    return None if summary is None else {"safety": summary}
