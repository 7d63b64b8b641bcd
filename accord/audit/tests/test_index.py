"""/audit/: the DPO's starting page, and the dashboard link to it."""

import pytest
from django.test import Client

from accord.testing import World, client_for

DENIED = ["caseworker", "manager", "admin", "facilitator", "police_liaison", "outsider"]


def test_it_shows_both_searches_to_the_dpo(world: World) -> None:
    response = client_for(world.dpo).get("/audit/")

    assert response.status_code == 200
    assert b"Who accessed one record, by its internal number" in response.content
    assert b"Who accessed a person's records" in response.content
    assert b"What did this person do" in response.content


def test_it_offers_only_people_of_her_organisation(world: World) -> None:
    response = client_for(world.dpo).get("/audit/")

    people = {user.username for user in response.context["user_form"].fields["user"].queryset}
    assert people == {"caseworker_a", "manager_a", "dpo_a", "admin_a"}


@pytest.mark.parametrize("persona", DENIED)
def test_it_is_missing_for_anyone_else(world: World, persona: str) -> None:
    response = client_for(getattr(world, persona)).get("/audit/")

    assert response.status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(db) -> None:
    response = Client().get("/audit/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_is_linked_from_the_dpo_dashboard(world: World) -> None:
    response = client_for(world.dpo).get("/")

    assert b'href="/audit/"' in response.content


def test_it_is_not_linked_for_a_caseworker(world: World) -> None:
    response = client_for(world.caseworker).get("/")

    assert response.status_code == 200
    assert b'href="/audit/"' not in response.content
