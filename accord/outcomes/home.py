from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.access.policy import memberships_of
from accord.accounts.models import Role
from accord.core import panels


def _reports_outcomes(request: HttpRequest) -> bool:
    """Managers: the outcome report (one query, memoised on the request)."""
    if not request.user.is_authenticated:
        return False
    if not hasattr(request, "_accord_outcomes"):
        request._accord_outcomes = (  # type: ignore[attr-defined]
            memberships_of(request.user).filter(role=Role.MANAGER).exists()
        )
    return request._accord_outcomes  # type: ignore[attr-defined]


panels.nav_entry(
    "outcomes", label=_("Outcomes"), url_name="outcomes:report", order=70, shown=_reports_outcomes
)
