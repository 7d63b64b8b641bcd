""" "Is she known to us?": an exact match on name and date of birth through the blind index,
among the cases the user may see; the answer is case references only."""

import pytest
from django.test import Client

from accord.audit.models import AuditEvent
from accord.testing import Casework, World, client_for

HER = {"given_name": "ana", "family_name": " GARCÍA ", "date_of_birth": "1990-04-02"}


def test_her_caseworker_finds_her_case_by_reference_only(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post("/people/search/", HER)
    assert response.status_code == 200
    html = response.content.decode()
    results = html[html.index('id="results-heading"') :]
    assert casework.her_case.reference in results
    assert "+34" not in results and "1990" not in results


def test_a_different_birth_date_is_no_match(world: World, casework: Casework) -> None:
    html = (
        client_for(world.caseworker)
        .post("/people/search/", {**HER, "date_of_birth": "1990-04-03"})
        .content.decode()
    )
    assert casework.her_case.reference not in html
    assert "No case of yours matches exactly" in html


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider"])
def test_other_agencies_never_learn_that_she_is_known(
    world: World, casework: Casework, persona: str
) -> None:
    response = client_for(getattr(world, persona)).post("/people/search/", HER)
    assert response.status_code == 200
    html = response.content.decode()
    assert casework.her_case.reference not in html
    assert "No case of yours matches exactly" in html


@pytest.mark.parametrize("persona", ["admin", "dpo"])
def test_people_who_work_no_cases_get_a_404(world: World, casework: Casework, persona: str) -> None:
    client = client_for(getattr(world, persona))
    assert client.get("/people/search/").status_code == 404
    assert client.post("/people/search/", HER).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(db) -> None:
    assert Client().get("/people/search/").status_code == 302


def test_the_search_is_sent_by_post_never_in_the_url(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    html = client.get("/people/search/").content.decode()
    assert '<form method="post" action="/people/search/">' in html
    # Names in a query string are not searched (they would sit in logs and history).
    html = client.get(
        "/people/search/?given_name=Ana&family_name=Garc%C3%ADa&date_of_birth=1990-04-02"
    ).content.decode()
    assert casework.her_case.reference not in html


def test_the_search_is_recorded_without_what_was_typed(world: World, casework: Casework) -> None:
    client_for(world.caseworker).post("/people/search/", HER)
    event = AuditEvent.objects.get(action="person.searched")
    assert event.actor_id == world.caseworker.pk
    assert event.reason == "1"
    assert "ana" not in event.reason.lower()


@pytest.mark.parametrize(
    "changes",
    [
        {"date_of_birth": "2999-01-01"},
        {"date_of_birth": "nope"},
        {"given_name": ""},
        {"given_name": "x" * 151},
    ],
)
def test_bad_input_gets_a_message(
    world: World, casework: Casework, changes: dict[str, str]
) -> None:
    response = client_for(world.caseworker).post("/people/search/", {**HER, **changes})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not AuditEvent.objects.filter(action="person.searched").exists()
