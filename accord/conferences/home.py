"""The conference entries of the home page and the navigation (accord/core/panels.py)."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.conferences import selectors
from accord.core import panels


def _signed_in(request: HttpRequest) -> bool:
    return request.user.is_authenticated


@panels.home_panel("conferences-coordinator", template="conferences/_home.html", order=25)
def coordinator_dashboard(request: HttpRequest) -> dict[str, object] | None:
    """The coordinator's dashboard: next meetings, referrals waiting, overdue actions."""
    return selectors.dashboard(request.user)


panels.nav_entry(
    "conferences",
    label=_("Risk conferences"),
    url_name="conferences:list",
    order=35,
    shown=_signed_in,
)
