from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.access.policy import memberships_of
from accord.accounts.models import Role, ServiceKind
from accord.core import panels


def _works_survivor_cases(request: HttpRequest) -> bool:
    """Case workers and managers of a survivor-support service: one query, memoised on the
    request (shown() runs on every page)."""
    if not request.user.is_authenticated:
        return False
    if not hasattr(request, "_accord_empowerment"):
        request._accord_empowerment = (  # type: ignore[attr-defined]
            memberships_of(request.user)
            .filter(
                role__in=[Role.CASEWORKER, Role.MANAGER],
                team__service__kind=ServiceKind.SURVIVOR_SUPPORT,
            )
            .exists()
        )
    return request._accord_empowerment  # type: ignore[attr-defined]


panels.nav_entry(
    "empowerment",
    label=_("Empowerment"),
    url_name="empowerment:paths",
    order=65,
    shown=_works_survivor_cases,
)
