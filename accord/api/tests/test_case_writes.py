"""Opening, changing and closing cases through the API; optimistic locking answers 409."""

from typing import Any

from accord.api.tests.casework import (
    case_url,
    patch,
    post,
    send,
    service_account_client,
    write_requests,
)
from accord.audit.models import AuditEvent
from accord.cases.models import Case, CaseStatus
from accord.people.models import HouseholdMember, Person
from accord.testing import SURVIVOR_ADDRESS, Casework, World, client_for


def open_body(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "survivor_support",
        "team": world.outreach.pk,
        "person_details": {"given_name": "Marta", "phone": "+34 600 999 000"},
        **extra,
    }


def counts() -> tuple[int, int, int]:
    return Person.objects.count(), Case.objects.count(), HouseholdMember.objects.count()


# --- opening ------------------------------------------------------------------------------------


def test_a_caseworker_opens_a_case_for_a_new_person(world: World) -> None:
    body = open_body(world)
    body["person_details"]["real_address"] = SURVIVOR_ADDRESS
    response = post(client_for(world.caseworker), "/api/v1/cases/", body)
    assert response.status_code == 201
    case = response.json()
    assert case["kind"] == "survivor_support"
    assert case["key_worker"] == world.caseworker.pk
    assert case["person"]["given_name"] == "Marta"
    assert case["person"]["phone"] == "+34 600 999 000"
    # Written, never read back.
    assert SURVIVOR_ADDRESS not in response.content.decode()
    stored = Case.objects.get(reference=case["reference"])
    assert stored.person.organisation == world.womens_aid
    assert stored.person.real_address == SURVIVOR_ADDRESS
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"person.created", "case.opened"} <= actions


def test_she_opens_a_case_in_a_household_for_a_child(world: World, casework: Casework) -> None:
    body = open_body(
        world,
        kind="child",
        household=casework.household.reference,
        relationship="child",
        key_worker=world.manager.pk,
    )
    response = post(client_for(world.caseworker), "/api/v1/cases/", body)
    assert response.status_code == 201
    assert response.json()["household"] == casework.household.reference
    assert response.json()["key_worker"] == world.manager.pk
    assert casework.household.memberships.filter(relationship="child").exists()


def test_she_opens_another_case_for_a_person_she_already_works_with(
    world: World, casework: Casework
) -> None:
    body = {
        "kind": "survivor_support",
        "team": world.outreach.pk,
        "person": str(casework.survivor.uid),
    }
    response = post(client_for(world.caseworker), "/api/v1/cases/", body)
    assert response.status_code == 201
    assert response.json()["person"]["uid"] == str(casework.survivor.uid)
    assert casework.survivor.cases.count() == 2


def test_nobody_opens_a_case_in_a_team_whose_cases_she_does_not_work(
    world: World, casework: Casework
) -> None:
    before = counts()
    for user in [world.facilitator, world.police_liaison, world.outsider, world.admin, world.dpo]:
        response = post(client_for(user), "/api/v1/cases/", open_body(world))
        assert response.status_code == 400, user
        assert "team" in response.json(), user
    assert counts() == before


def test_the_programme_cannot_open_a_case_on_her_record(world: World, casework: Casework) -> None:
    body = {
        "kind": "perpetrator_programme",
        "team": world.group_work.pk,
        "person": str(casework.survivor.uid),
    }
    response = post(client_for(world.facilitator), "/api/v1/cases/", body)
    assert response.status_code == 400
    assert "person" in response.json()
    assert "Ana" not in response.content.decode()


def test_the_key_worker_must_work_the_teams_cases(world: World) -> None:
    before = counts()
    response = post(
        client_for(world.caseworker),
        "/api/v1/cases/",
        open_body(world, key_worker=world.facilitator.pk),
    )
    assert response.status_code == 400
    assert "key_worker" in response.json()
    assert counts() == before


def test_an_unknown_household_changes_nothing(world: World, casework: Casework) -> None:
    before = counts()
    response = post(
        client_for(world.caseworker),
        "/api/v1/cases/",
        open_body(world, household="HH-NOPE", relationship="child"),
    )
    assert response.status_code == 400
    assert "household" in response.json()
    assert counts() == before


def test_a_household_without_a_relationship_changes_nothing(
    world: World, casework: Casework
) -> None:
    before = counts()
    body = open_body(world, household=casework.household.reference)
    response = post(client_for(world.caseworker), "/api/v1/cases/", body)
    assert response.status_code == 400
    assert "relationship" in response.json()
    # The person was created before the household refused her: rolled back with the rest.
    assert counts() == before


def test_it_wants_either_a_person_or_her_details(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    neither = post(
        client, "/api/v1/cases/", {"kind": "survivor_support", "team": world.outreach.pk}
    )
    both = post(client, "/api/v1/cases/", open_body(world, person=str(casework.survivor.uid)))
    assert neither.status_code == both.status_code == 400
    assert "person" in neither.json() and "person" in both.json()


# --- changing -----------------------------------------------------------------------------------


def test_her_caseworker_puts_the_case_on_hold(world: World, casework: Casework) -> None:
    response = patch(
        client_for(world.caseworker),
        case_url(casework.her_case),
        {"version": 1, "status": "on_hold"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "on_hold"
    assert response.json()["version"] == 2
    assert AuditEvent.objects.filter(action="case.changed").count() == 1


def test_she_hands_the_case_to_her_manager(world: World, casework: Casework) -> None:
    response = patch(
        client_for(world.caseworker),
        case_url(casework.her_case),
        {"version": 1, "key_worker": world.manager.pk},
    )
    assert response.status_code == 200
    assert response.json()["key_worker"] == world.manager.pk
    assert response.json()["status"] == "open"


def test_a_key_worker_across_the_barrier_is_refused(world: World, casework: Casework) -> None:
    response = patch(
        client_for(world.caseworker),
        case_url(casework.her_case),
        {"version": 1, "key_worker": world.facilitator.pk},
    )
    assert response.status_code == 400
    assert "key_worker" in response.json()
    casework.her_case.refresh_from_db()
    assert (casework.her_case.key_worker, casework.her_case.version) == (world.caseworker, 1)


def test_a_stale_version_answers_409_with_the_stored_case(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    assert (
        patch(client, case_url(casework.her_case), {"version": 1, "status": "on_hold"}).status_code
        == 200
    )
    response = patch(
        client, case_url(casework.her_case), {"version": 1, "key_worker": world.manager.pk}
    )
    assert response.status_code == 409
    body = response.json()
    assert "version 2" in body["detail"]
    assert body["current"]["version"] == 2
    assert body["current"]["status"] == "on_hold"
    assert body["current"]["key_worker"] == world.caseworker.pk
    casework.her_case.refresh_from_db()
    assert casework.her_case.key_worker == world.caseworker


def test_a_change_without_a_version_is_refused(world: World, casework: Casework) -> None:
    response = patch(
        client_for(world.caseworker), case_url(casework.her_case), {"status": "on_hold"}
    )
    assert response.status_code == 400
    assert "version" in response.json()


def test_closing_goes_through_close(world: World, casework: Casework) -> None:
    response = patch(
        client_for(world.caseworker),
        case_url(casework.her_case),
        {"version": 1, "status": "closed"},
    )
    assert response.status_code == 400
    assert "status" in response.json()


# --- closing ------------------------------------------------------------------------------------


def test_her_caseworker_closes_the_case(world: World, casework: Casework) -> None:
    url = case_url(casework.her_case, "close/")
    response = post(
        client_for(world.caseworker), url, {"version": 1, "reason": "support_completed"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    assert response.json()["closure_reason"] == "support_completed"
    assert response.json()["closed_on"] is not None
    again = post(client_for(world.caseworker), url, {"version": 2, "reason": "other"})
    assert again.status_code == 400
    assert "status" in again.json()


def test_closing_with_a_stale_version_answers_409(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    patch(client, case_url(casework.her_case), {"version": 1, "status": "on_hold"})
    response = post(
        client, case_url(casework.her_case, "close/"), {"version": 1, "reason": "other"}
    )
    assert response.status_code == 409
    assert response.json()["current"]["status"] == "on_hold"
    casework.her_case.refresh_from_db()
    assert casework.her_case.status == CaseStatus.ON_HOLD


# --- who may write ------------------------------------------------------------------------------


def test_nobody_across_the_barrier_changes_her_case(world: World, casework: Casework) -> None:
    for user in [world.facilitator, world.police_liaison, world.outsider, world.admin]:
        client = client_for(user)
        for method, url, body in write_requests(casework.her_case):
            assert send(client, method, url, body).status_code == 404, (user, url)
    casework.her_case.refresh_from_db()
    assert (casework.her_case.status, casework.her_case.version) == (CaseStatus.OPEN, 1)


def test_the_dpo_reads_her_case_but_changes_nothing(world: World, casework: Casework) -> None:
    client = client_for(world.dpo)
    for method, url, body in write_requests(casework.her_case):
        response = send(client, method, url, body)
        assert response.status_code == 403, url
    casework.her_case.refresh_from_db()
    assert casework.her_case.version == 1


def test_anonymous_and_service_accounts_change_nothing(world: World, casework: Casework) -> None:
    from django.test import Client

    for client in [Client(), service_account_client()]:
        for method, url, body in write_requests(casework.her_case):
            assert send(client, method, url, body).status_code in {401, 403}, url
        assert post(client, "/api/v1/cases/", open_body(world)).status_code in {401, 403}
    casework.her_case.refresh_from_db()
    assert casework.her_case.version == 1
    assert Case.objects.count() == 2
