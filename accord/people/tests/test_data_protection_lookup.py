"""The DPO finds a person by one of their case references; nobody else finds the page."""

import pytest
from django.test import Client

from accord.people.tests.dpo_helpers import DENIED
from accord.testing import Casework, World, client_for

URL = "/people/data-protection/"


def test_it_shows_the_dpo_the_form(world: World) -> None:
    response = client_for(world.dpo).get(URL)

    assert response.status_code == 200
    assert 'name="reference"' in response.content.decode()


def test_it_takes_the_dpo_to_the_person_of_a_case(world: World, casework: Casework) -> None:
    reference = casework.her_case.reference.lower()

    response = client_for(world.dpo).get(URL, {"reference": f" {reference} "})

    assert response.status_code == 302
    assert response["Location"] == f"/people/{casework.survivor.uid}/subject-access/"


def test_it_finds_no_one_outside_her_organisation(world: World, casework: Casework) -> None:
    # His case is the programme's: the same answer as for a reference that does not exist.
    response = client_for(world.dpo).get(URL, {"reference": casework.his_case.reference})
    missing = client_for(world.dpo).get(URL, {"reference": "SV-XXXXXXX"})

    assert response.status_code == missing.status_code == 200
    message = "No person held by your organisation has a case with this reference."
    assert message in response.content.decode()
    assert message in missing.content.decode()


@pytest.mark.parametrize("persona", DENIED)
def test_it_is_missing_for_anyone_else(world: World, casework: Casework, persona: str) -> None:
    client = client_for(getattr(world, persona))

    assert client.get(URL).status_code == 404
    assert client.get(URL, {"reference": casework.her_case.reference}).status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(world: World) -> None:
    response = Client().get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
