"""Navigation for outcomes, and the case page's "More work on this case" panel, which links a
case's empowerment work, mentor accompaniment and outcome questionnaires."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.access.policy import CaseAccess
from accord.cases.models import Case, CaseKind
from accord.core import panels


# After every other app's panel: where the case page used to include it.
@panels.case_panel("outcomes", template="outcomes/_case_panel.html", order=900)
def more_work(request: HttpRequest, case: Case, access: CaseAccess) -> dict[str, Any] | None:
    """The links, for those who work the case (not on a child's case). No query: the case
    page's own access decides. Rendered (empty) for every other reader too, so that the page
    stays as it was when the panel was a template include."""
    if access.relation is None:
        return None
    return {"shown": access.may_work and case.kind != CaseKind.CHILD}


def _signed_in(request: HttpRequest) -> bool:
    # No query: shown() runs on every page. What the page lists is scoped to the reader.
    return request.user.is_authenticated


panels.nav_entry(
    "outcomes", label=_("Outcomes"), url_name="outcomes:report", order=70, shown=_signed_in
)
