"""The safety-plan API: the same rules as the pages. Her caseworker and her manager read and
change the plan; everyone else gets 404, as for a case with no plan; a stale change answers
409 with the plan as it is now."""

import pytest
from django.test import Client

from accord.api.tests.casework import patch, post
from accord.audit.models import AuditEvent
from accord.safety.models import ITEM_TEXT_MAX, SafetyPlan
from accord.testing import Casework, World, client_for

from .helpers import ITEM_TEXT, first_item, start_plan

ITEM = {"section": "digital-safety", "text": "New phone; old one stays off.", "owner": "her"}


def api_url(casework: Casework, rest: str = "") -> str:
    return f"/api/v1/cases/{casework.her_case.reference}/safety-plan/{rest}"


def test_her_caseworker_reads_the_plan(world: World, casework: Casework) -> None:
    start_plan(world, casework.her_case, items=3)
    response = client_for(world.caseworker).get(api_url(casework))
    assert response.status_code == 200
    data = response.json()
    assert data["case"] == casework.her_case.reference
    assert data["version"] == 4
    assert data["created_by"] == "caseworker_a"
    assert [s["key"] for s in data["sections"]][:2] == ["during-an-incident", "preparing-to-leave"]
    items = [item for section in data["sections"] for item in section["items"]]
    assert items[0]["text"] == ITEM_TEXT
    assert {item["owner"] for item in items} == {"her", "caseworker", "other_agency"}
    assert AuditEvent.objects.filter(action="safety_plan.viewed").count() == 1


def test_her_manager_adds_an_item(world: World, casework: Casework) -> None:
    start_plan(world, casework.her_case)
    response = post(client_for(world.manager), api_url(casework, "items/"), ITEM)
    assert response.status_code == 201
    data = response.json()
    assert data["version"] == 2
    digital = next(s for s in data["sections"] if s["key"] == "digital-safety")
    assert digital["items"][0]["text"] == ITEM["text"]
    assert digital["items"][0]["status"] == "to_do"


def test_she_starts_a_plan(world: World, casework: Casework) -> None:
    response = post(client_for(world.caseworker), api_url(casework), {})
    assert response.status_code == 201
    assert response.json()["version"] == 1
    again = post(client_for(world.caseworker), api_url(casework), {})
    assert again.status_code == 400
    assert SafetyPlan.objects.count() == 1


def test_she_changes_an_item_s_status(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case, items=1)
    item = first_item(plan)
    response = patch(
        client_for(world.caseworker),
        api_url(casework, f"items/{item.uid}/"),
        {"version": 2, "status": "in_place"},
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == "in_place"
    assert response.json()["version"] == 3


def test_a_stale_version_answers_409_with_the_plan_as_it_is(
    world: World, casework: Casework
) -> None:
    plan = start_plan(world, casework.her_case, items=2)
    item = first_item(plan)
    response = patch(
        client_for(world.caseworker),
        api_url(casework, f"items/{item.uid}/"),
        {"version": 2, "text": "Overwrite"},
    )
    assert response.status_code == 409
    data = response.json()
    assert "version 3" in data["detail"]
    assert data["current"]["version"] == 3
    item.refresh_from_db()
    assert item.text == ITEM_TEXT


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**ITEM, "text": "x" * (ITEM_TEXT_MAX + 1)}, "text"),
        ({**ITEM, "section": "no-such-section"}, "section"),
        ({**ITEM, "owner": "neighbour"}, "owner"),
        ({**ITEM, "owner": "other_agency"}, "agency"),
        ({**ITEM, "text": "   "}, "text"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    world: World, casework: Casework, body: dict, field: str
) -> None:
    plan = start_plan(world, casework.her_case)
    response = post(client_for(world.caseworker), api_url(casework, "items/"), body)
    assert response.status_code == 400
    assert field in response.json()
    plan.refresh_from_db()
    assert plan.version == 1 and not plan.items.exists()


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "dpo", "admin"])
def test_everyone_else_gets_404(world: World, casework: Casework, persona: str) -> None:
    plan = start_plan(world, casework.her_case, items=1)
    item = first_item(plan)
    client = client_for(getattr(world, persona))
    assert client.get(api_url(casework)).status_code == 404
    assert post(client, api_url(casework), {}).status_code == 404
    assert post(client, api_url(casework, "items/"), ITEM).status_code == 404
    response = patch(client, api_url(casework, f"items/{item.uid}/"), {"version": 2, "text": "x"})
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.version == 2


def test_the_facilitator_gets_404_on_his_own_case_too(world: World, casework: Casework) -> None:
    url = f"/api/v1/cases/{casework.his_case.reference}/safety-plan/"
    assert client_for(world.facilitator).get(url).status_code == 404


def test_a_case_without_a_plan_answers_404(world: World, casework: Casework) -> None:
    assert client_for(world.caseworker).get(api_url(casework)).status_code == 404


def test_anonymous_requests_are_refused(world: World, casework: Casework) -> None:
    start_plan(world, casework.her_case)
    assert Client().get(api_url(casework)).status_code in (401, 403)
