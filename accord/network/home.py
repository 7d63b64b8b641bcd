from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Role
from accord.core import panels


def _roles(request: HttpRequest) -> set[str]:
    # Memoised on the request: shown() runs on every page.
    if not hasattr(request, "_network_roles"):
        user = request.user
        request._network_roles = (
            set(user.memberships.values_list("role", flat=True)) if user.is_authenticated else set()
        )
    return request._network_roles


panels.nav_entry(
    "network-reports",
    label=_("Network reports"),
    url_name="network:reports",
    order=80,
    shown=lambda request: bool(_roles(request) & {Role.ANALYST, Role.ADMIN}),
)
panels.nav_entry(
    "network-members",
    label=_("Network members"),
    url_name="network:members",
    order=81,
    shown=lambda request: bool(_roles(request) & {Role.ANALYST, Role.ADMIN}),
)
panels.nav_entry(
    "network-compare",
    label=_("Comparisons"),
    url_name="network:compare",
    order=82,
    shown=lambda request: Role.ANALYST in _roles(request),
)
