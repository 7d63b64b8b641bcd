"""Who reaches a safety plan: her caseworker and her manager read and work it; a programme
facilitator, a police liaison, a worker elsewhere, the DPO and the admin get 404 on every page,
exactly as for a missing one; anonymous visitors are sent to sign in."""

import pytest
from django.test import Client

from accord.access.policy import case_access, visible_to
from accord.audit.models import AuditEvent
from accord.cases.tests.helpers import main_html
from accord.safety.models import SafetyPlan, SafetyPlanItem
from accord.testing import Casework, World, client_for

from .helpers import first_item, plan_url, start_plan

DENIED = ["facilitator", "police_liaison", "outsider", "dpo", "admin"]


def pages(casework: Casework, plan: SafetyPlan) -> list[tuple[str, str, dict]]:
    """Every page and form of the plan: method, URL, POST data."""
    case = casework.her_case
    item = first_item(plan)
    version = {"version": plan.version}
    return [
        ("get", plan_url(case), {}),
        ("get", plan_url(case, "versions"), {}),
        ("get", plan_url(case, "pdf"), {}),
        ("get", plan_url(case, "review"), {}),
        ("get", plan_url(case, f"items/{item.uid}"), {}),
        ("get", plan_url(case, f"items/{item.uid}/remove"), {}),
        ("post", plan_url(case, "start"), {}),
        ("post", plan_url(case, "items"), {"text": "x", "owner": "her"}),
        ("post", plan_url(case, f"items/{item.uid}"), {**version, "text": "x", "owner": "her"}),
        ("post", plan_url(case, f"items/{item.uid}/status"), {**version, "status": "in_place"}),
        ("post", plan_url(case, f"items/{item.uid}/remove"), version),
        ("post", plan_url(case, "review"), {**version, "review_on": "2030-01-01"}),
    ]


@pytest.mark.parametrize("persona", DENIED)
def test_everyone_off_her_side_gets_404_on_every_page(
    world: World, casework: Casework, persona: str
) -> None:
    plan = start_plan(world, casework.her_case, items=1)
    client = client_for(getattr(world, persona))
    events = AuditEvent.objects.count()
    for method, url, data in pages(casework, plan):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (persona, method, url)
    plan.refresh_from_db()
    assert plan.version == 2
    assert first_item(plan).text.startswith("Keep a charged phone")
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", DENIED)
def test_a_denied_plan_looks_like_a_missing_case(
    world: World, casework: Casework, persona: str
) -> None:
    start_plan(world, casework.her_case, items=1)
    client = client_for(getattr(world, persona))
    denied = client.get(plan_url(casework.her_case))
    missing = client.get("/cases/SV-NOSUCH/safety-plan/")
    assert denied.status_code == missing.status_code == 404
    assert main_html(denied) == main_html(missing)


def test_anonymous_visitors_are_sent_to_sign_in(world: World, casework: Casework) -> None:
    plan = start_plan(world, casework.her_case, items=1)
    for method, url, data in pages(casework, plan):
        response = getattr(Client(), method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("persona", ["caseworker", "manager"])
def test_her_caseworker_and_her_manager_open_every_page(
    world: World, casework: Casework, persona: str
) -> None:
    plan = start_plan(world, casework.her_case, items=1)
    client = client_for(getattr(world, persona))
    for method, url, _data in pages(casework, plan):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_the_facilitator_gets_no_plan_on_his_own_case(world: World, casework: Casework) -> None:
    client = client_for(world.facilitator)
    assert client.get(plan_url(casework.his_case)).status_code == 404
    assert client.post(plan_url(casework.his_case, "start")).status_code == 404
    assert not SafetyPlan.objects.exists()


def test_the_access_module_says_so(world: World, casework: Casework) -> None:
    start_plan(world, casework.her_case, items=1)
    her_case, his_case = casework.her_case, casework.his_case
    assert case_access(world.caseworker, her_case).reads_records(SafetyPlan)
    assert case_access(world.manager, her_case).reads_records(SafetyPlan)
    for user in [world.facilitator, world.police_liaison, world.outsider, world.dpo, world.admin]:
        assert not case_access(user, her_case).reads_records(SafetyPlan), user
    assert not case_access(world.facilitator, his_case).reads_records(SafetyPlan)
    assert visible_to(world.caseworker, SafetyPlanItem).count() == 1
    for user in [world.facilitator, world.police_liaison, world.outsider]:
        assert not visible_to(user, SafetyPlan).exists()
        assert not visible_to(user, SafetyPlanItem).exists()
