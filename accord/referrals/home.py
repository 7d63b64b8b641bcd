from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.core import panels
from accord.referrals import selectors
from accord.referrals.services import notification_message
from accord.referrals.unread import unread_figure

# How many unread notices the home page lists; the inbox has the rest.
HOME_NOTICES = 5


def _signed_in(request: HttpRequest) -> bool:
    return request.user.is_authenticated


def _unread(request: HttpRequest) -> int:
    """The navigation's unread figure, kept in the session for a minute (docs/decisions/0060):
    counting on every page would add a query to every page."""
    return unread_figure(request)


panels.nav_entry(
    "referrals", label=_("Referrals"), url_name="referrals:referrals", order=30, shown=_signed_in
)
panels.nav_entry(
    "inbox",
    label=_("Team inbox"),
    url_name="referrals:inbox",
    order=40,
    shown=_signed_in,
    count=_unread,
)


@panels.home_panel("inbox", template="referrals/_home_inbox.html", order=30)
def unread_notices(request: HttpRequest) -> dict[str, object] | None:
    """Her teams' unread notices, newest first (a few; the inbox has them all). Hidden when
    nothing is unread: the navigation's figure says so already."""
    unread = _unread(request)
    if not unread:
        return None
    notices = list(
        selectors.inbox(request.user)
        .filter(is_read=False)
        .order_by("-created_at", "-pk")[:HOME_NOTICES]
    )
    return {
        "unread": unread,
        "rows": [(n, notification_message(n)) for n in notices],
    }
