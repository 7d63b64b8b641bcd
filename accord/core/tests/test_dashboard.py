from django.test import Client

from accord.testing import World, client_for


def test_it_shows_her_teams(world: World) -> None:
    response = client_for(world.caseworker).get("/")
    assert response.status_code == 200
    assert b"Outreach" in response.content
    assert b"Women&#x27;s Aid A" in response.content


def test_it_sends_anonymous_visitors_to_sign_in(db) -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
