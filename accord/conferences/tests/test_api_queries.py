"""The API's agenda, research and minute routes cost the same however many cases the meeting
holds (3 vs 12), as the pages do (test_views.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.conferences.tests.helpers import accept
from accord.conferences.tests.test_views import _many
from accord.testing import client_for

pytestmark = pytest.mark.django_db

# Per request: the session, user, token/MFA checks, the meeting and the caller's standing to it;
# then the agenda's rows (one query), or the case, its research, minute and distribution with
# the audited read (chain head, event).
PINNED = {"agenda": 15, "research": 25, "minute": 26}


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("route", ["agenda", "research", "minute"])
def test_the_api_routes_cost_the_same_for_3_or_12_cases(cw, route) -> None:
    counts = []
    for count in (3, 12):
        meeting, made = _many(cw, count)
        accept(cw.world.police_liaison, meeting)
        client = client_for(cw.world.police_liaison)
        if route == "agenda":
            url = reverse("api:meeting-agenda", args=[meeting.pk])
        else:
            url = reverse(f"api:meeting-case-{route}", args=[meeting.pk, made[-1].reference])
        client.get(url)  # the session's first request warms what is cached per session
        counts.append(_count(client, url))
    assert counts == [PINNED[route]] * 2, counts
