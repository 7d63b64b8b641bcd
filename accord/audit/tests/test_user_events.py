"""What did this person do: /audit/person/."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from accord.accounts.models import User
from accord.audit.tests.helpers import record
from accord.testing import World, client_for

DENIED = ["caseworker", "manager", "admin", "facilitator", "police_liaison", "outsider"]


def url_for(user: User, start: date | str | None = None, end: date | str | None = None) -> str:
    today = timezone.localdate()
    start = start or today - timedelta(days=6)
    end = end or today
    return f"/audit/person/?user={user.pk}&start={start}&end={end}"


def test_it_lists_what_a_person_did_in_the_period(world: World) -> None:
    record(world.caseworker, count=3, action="case.viewed")
    record(world.manager, action="case.closed")

    response = client_for(world.dpo).get(url_for(world.caseworker))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.event.action for row in rows] == ["case.viewed"] * 3
    assert {row.event.actor_label for row in rows} == {"caseworker_a"}


def test_it_leaves_out_events_outside_the_period(world: World) -> None:
    long_ago = timezone.now() - timedelta(days=40)
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        record(world.caseworker, action="case.viewed_long_ago")
    record(world.caseworker, action="case.viewed_today")

    recent = client_for(world.dpo).get(url_for(world.caseworker))
    then = client_for(world.dpo).get(
        url_for(
            world.caseworker,
            start=timezone.localdate(long_ago) - timedelta(days=1),
            end=timezone.localdate(long_ago),
        )
    )

    assert [row.event.action for row in recent.context["rows"]] == ["case.viewed_today"]
    assert [row.event.action for row in then.context["rows"]] == ["case.viewed_long_ago"]


def test_it_does_not_offer_people_of_other_organisations(world: World) -> None:
    record(world.outsider)

    response = client_for(world.dpo).get(url_for(world.outsider))

    assert response.status_code == 200
    assert "Choose a person from the list." in response.content.decode()
    assert "rows" not in response.context


def test_the_other_dpo_cannot_choose_our_caseworker(world: World, other_dpo: User) -> None:
    record(world.caseworker)

    response = client_for(other_dpo).get(url_for(world.caseworker))

    assert "Choose a person from the list." in response.content.decode()


@pytest.mark.parametrize("persona", DENIED)
def test_it_is_missing_for_anyone_else(world: World, persona: str) -> None:
    response = client_for(getattr(world, persona)).get(url_for(world.caseworker))

    assert response.status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(world: World) -> None:
    response = Client().get(url_for(world.caseworker))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _today() -> date:
    return timezone.localdate()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (lambda: _today(), lambda: _today() - timedelta(days=1), "on or before the end date"),
        (lambda: _today() - timedelta(days=366), lambda: _today(), "at most 366 days"),
        (lambda: _today(), lambda: _today() + timedelta(days=1), "cannot end after today"),
        (lambda: "1999-12-31", lambda: "2000-01-01", "in 2000 or later"),
        (lambda: "0001-01-01", lambda: "0001-01-02", "in 2000 or later"),
        (lambda: "2026-02-30", lambda: _today(), "Enter a valid date."),
        (lambda: "yesterday", lambda: _today(), "Enter a valid date."),
        (lambda: "9" * 300, lambda: _today(), "Enter a valid date."),
    ],
)
def test_it_explains_a_bad_period(world: World, start, end, message: str) -> None:
    url = f"/audit/person/?user={world.caseworker.pk}&start={start()}&end={end()}"

    response = client_for(world.dpo).get(url)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "rows" not in response.context


@pytest.mark.parametrize("user", ["", "abc", "99999", "1.5", "-1"])
def test_it_explains_a_bad_person(world: World, user: str) -> None:
    response = client_for(world.dpo).get(f"/audit/person/?user={user}&start=2026-01-01")

    assert response.status_code == 200
    assert "Choose a person from the list." in response.content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_it_needs_the_same_queries_however_many_events(
    world: World, count: int, django_assert_num_queries
) -> None:
    record(world.caseworker, count=count)
    client = client_for(world.dpo)
    client.get("/audit/")  # the first request of a session writes its timestamps

    # 1. session, 2. user, 3. has she a TOTP authenticator (MFA middleware),
    # 4. is she a DPO anywhere, 5. the people she may choose from (the select),
    # 6. the chosen person, checked against them, 7. count of matching events (paginator),
    # 8. the page of events, 9. names of the acting organisations on the page.
    with django_assert_num_queries(9):
        response = client.get(url_for(world.caseworker))

    assert response.context["page"].paginator.count == count
