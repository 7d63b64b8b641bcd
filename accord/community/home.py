from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.community.access import may_report
from accord.core import panels


def _follows_community_work(request: HttpRequest) -> bool:
    # Memoised on the request: shown() runs on every page.
    if not request.user.is_authenticated:
        return False
    if not hasattr(request, "_accord_community"):
        request._accord_community = may_report(request.user)  # type: ignore[attr-defined]
    return request._accord_community  # type: ignore[attr-defined]


panels.nav_entry(
    "community",
    label=_("Community"),
    url_name="community:home",
    order=60,
    shown=_follows_community_work,
)
