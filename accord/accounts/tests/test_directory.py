from django.test import Client

from accord.testing import World, client_for


def test_it_lists_the_locality_and_her_organisations_teams(world: World) -> None:
    response = client_for(world.caseworker).get("/organisation/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Change Programme" in content
    assert "Outreach" in content
    assert "Group Work" not in content


def test_it_sends_visitors_to_sign_in(db) -> None:
    response = Client().get("/organisation/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
