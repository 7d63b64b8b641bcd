import time

from django.test import Client

from accord.accounts.middleware import SEEN_AT, SIGNED_IN_AT
from accord.testing import World, client_for


def age_session(client: Client, *, signed_in_ago: float, seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[SIGNED_IN_AT] = now - signed_in_ago
    session[SEEN_AT] = now - seen_ago
    session.save()


def test_it_keeps_an_active_session(world: World) -> None:
    client = client_for(world.caseworker)
    client.get("/")
    age_session(client, signed_in_ago=3600, seen_ago=29 * 60)
    assert client.get("/").status_code == 200


def test_it_ends_a_session_idle_for_thirty_minutes(world: World) -> None:
    client = client_for(world.caseworker)
    client.get("/")
    age_session(client, signed_in_ago=3600, seen_ago=31 * 60)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # The session is gone, not just this request refused.
    assert client.get("/").status_code == 302


def test_it_ends_a_busy_session_after_twelve_hours(world: World) -> None:
    client = client_for(world.caseworker)
    client.get("/")
    age_session(client, signed_in_ago=12 * 3600 + 1, seen_ago=10)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_follows_the_configured_limits(world: World, settings) -> None:
    settings.ACCORD_SESSION_IDLE_SECONDS = 5 * 60
    client = client_for(world.caseworker)
    client.get("/")
    age_session(client, signed_in_ago=600, seen_ago=6 * 60)
    assert client.get("/").status_code == 302


def test_it_refuses_the_api_after_expiry(world: World) -> None:
    client = client_for(world.caseworker)
    client.get("/api/v1/teams/")
    age_session(client, signed_in_ago=3600, seen_ago=31 * 60)
    assert client.get("/api/v1/teams/").status_code == 403
