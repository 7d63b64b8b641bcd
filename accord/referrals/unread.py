"""The unread figure beside "Team inbox" in the navigation (docs/decisions/0060).

It is on every page, so it must not cost a query on every page: it is kept in the session
(read with the session, at no cost) for `UNREAD_SECONDS`, then counted again. The inbox itself
always counts afresh and puts its figure here, and marking notices read forgets it, so that
the figure is exact right after the reader has dealt with her inbox.
"""

import time

from django.http import HttpRequest

from accord.referrals import selectors

SESSION_KEY = "accord_unread_notices"
UNREAD_SECONDS = 60


def unread_figure(request: HttpRequest) -> int:
    kept = request.session.get(SESSION_KEY)
    if kept and time.time() - kept["at"] < UNREAD_SECONDS:
        return int(kept["n"])
    return remember_unread(request, selectors.unread_count(request.user))


def remember_unread(request: HttpRequest, count: int) -> int:
    kept = request.session.get(SESSION_KEY)
    # Written only when the figure changed or went stale: an unchanged session is not saved.
    if not kept or kept["n"] != count or time.time() - kept["at"] >= UNREAD_SECONDS:
        request.session[SESSION_KEY] = {"n": count, "at": time.time()}
    return count


def forget_unread(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
