"""Who sees which cases on the caseload page, and what of them (docs/product.md §4.1-4.3)."""

import pytest

from accord.testing import Casework, World, client_for

from .helpers import caseload_table, main_html


def test_it_lists_her_case_by_reference_and_first_name_for_her_caseworker(
    world: World, casework: Casework
) -> None:
    response = client_for(world.caseworker).get("/cases/")
    assert response.status_code == 200
    page = main_html(response)
    assert casework.her_case.reference in page
    assert ">Ana<" in page
    assert "García" not in page


def test_it_lists_the_service_cases_for_the_manager_under_my_team(
    world: World, casework: Casework
) -> None:
    client = client_for(world.manager)
    # She is key worker of none: "my cases" is empty, "my team's" has her team's cases.
    assert casework.her_case.reference not in caseload_table(client.get("/cases/"))
    page = caseload_table(client.get("/cases/?scope=team"))
    assert casework.her_case.reference in page
    assert ">Ana<" in page


def test_the_dpo_sees_the_reference_only(world: World, casework: Casework) -> None:
    page = caseload_table(client_for(world.dpo).get("/cases/?scope=all"))
    assert casework.her_case.reference in page
    assert "Ana" not in page


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin"])
def test_it_never_lists_her_case_for_anyone_else(
    world: World, casework: Casework, persona: str
) -> None:
    response = client_for(getattr(world, persona)).get("/cases/?scope=all")
    assert response.status_code == 200
    page = main_html(response)
    assert casework.her_case.reference not in page
    assert ">Ana<" not in page


def test_the_facilitator_sees_his_case_only(world: World, casework: Casework) -> None:
    page = caseload_table(client_for(world.facilitator).get("/cases/"))
    assert casework.his_case.reference in page
    assert ">Luis<" in page
    assert casework.her_case.reference not in page
    assert ">Ana<" not in page


def test_it_sends_anonymous_visitors_to_sign_in(db) -> None:
    from django.test import Client

    response = Client().get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
