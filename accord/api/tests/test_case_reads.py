"""Reading cases through the API: who reaches a case, which fields she sees, and the audit."""

from django.test import Client

from accord.api.tests.casework import case_url, read_urls, service_account_client
from accord.audit.models import AuditEvent
from accord.testing import (
    SURVIVOR_ADDRESS,
    SURVIVOR_DISCLOSURE,
    SURVIVOR_PHONE,
    Casework,
    World,
    client_for,
)

ADMINISTRATIVE = {
    "reference",
    "kind",
    "status",
    "team",
    "team_name",
    "key_worker",
    "key_worker_username",
    "opened_on",
    "closed_on",
    "closure_reason",
    "household",
    "version",
    "person",
}


def test_it_lists_her_case_to_her_caseworker(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).get("/api/v1/cases/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["reference"] == casework.her_case.reference
    assert row["person"] == {
        "uid": str(casework.survivor.uid),
        "given_name": "Ana",
        "family_name": "García",
    }
    # A list shows who the case is about, not how to reach her.
    assert SURVIVOR_PHONE not in response.content.decode()


def test_it_shows_her_caseworker_the_phone_but_never_the_real_address(
    world: World, casework: Casework
) -> None:
    response = client_for(world.caseworker).get(case_url(casework.her_case))
    assert response.status_code == 200
    case = response.json()
    assert case["person"]["phone"] == SURVIVOR_PHONE
    assert case["person"]["substitute_address"] == "PO Box 12, Riverton"
    assert case["household"] == casework.household.reference
    assert case["key_worker_username"] == "caseworker_a"
    assert case["version"] == 1
    assert "real_address" not in case["person"]
    assert SURVIVOR_ADDRESS not in response.content.decode()


def test_it_audits_a_read_of_a_case(world: World, casework: Casework) -> None:
    client_for(world.caseworker).get(case_url(casework.her_case))
    event = AuditEvent.objects.filter(action="case.viewed").get()
    assert event.actor_id == world.caseworker.pk
    assert event.object_id == str(casework.her_case.pk)


def test_the_manager_reads_every_case_of_her_service(world: World, casework: Casework) -> None:
    response = client_for(world.manager).get(case_url(casework.her_case))
    assert response.status_code == 200
    assert response.json()["person"]["phone"] == SURVIVOR_PHONE


def test_the_dpo_sees_administrative_fields_only(world: World, casework: Casework) -> None:
    client = client_for(world.dpo)
    case = client.get(case_url(casework.her_case)).json()
    assert set(case) <= ADMINISTRATIVE | {"risk_level"}
    assert case["person"] == {"uid": str(casework.survivor.uid)}
    [row] = client.get("/api/v1/cases/").json()["results"]
    assert row["person"] == {"uid": str(casework.survivor.uid)}
    for url in read_urls(casework.her_case):
        body = client.get(url).content.decode()
        for secret in [SURVIVOR_PHONE, SURVIVOR_DISCLOSURE, SURVIVOR_ADDRESS, "García", "Ana"]:
            assert secret not in body, (url, secret)


def test_the_facilitator_reads_his_own_case(world: World, casework: Casework) -> None:
    response = client_for(world.facilitator).get(case_url(casework.his_case))
    assert response.status_code == 200
    case = response.json()
    assert case["person"]["given_name"] == "Luis"
    # What he named her is all the programme ever sees of her.
    assert case["partner_first_name_as_given"] == "Ana"
    assert "García" not in response.content.decode()


def test_her_case_is_missing_for_everyone_else(world: World, casework: Casework) -> None:
    missing = client_for(world.caseworker).get("/api/v1/cases/SV-BCDFGHJ/")
    for user in [world.facilitator, world.police_liaison, world.outsider, world.admin]:
        client = client_for(user)
        for url in read_urls(casework.her_case):
            response = client.get(url)
            assert response.status_code == 404, (user, url)
            assert response.json() == missing.json(), (user, url)


def test_the_case_list_holds_only_the_cases_a_user_works(world: World, casework: Casework) -> None:
    def references(user) -> list[str]:
        return [
            row["reference"] for row in client_for(user).get("/api/v1/cases/").json()["results"]
        ]

    assert references(world.facilitator) == [casework.his_case.reference]
    for user in [world.police_liaison, world.outsider, world.admin]:
        assert references(user) == [], user


def test_it_filters_the_list_by_status(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    assert len(client.get("/api/v1/cases/?status=open").json()["results"]) == 1
    assert client.get("/api/v1/cases/?status=closed").json()["results"] == []


def test_it_refuses_anonymous_requests(world: World, casework: Casework) -> None:
    for url in ["/api/v1/cases/", *read_urls(casework.her_case)]:
        response = Client().get(url)
        assert response.status_code in {401, 403}, url
        assert "Ana" not in response.content.decode()


def test_a_service_account_reaches_no_casework(world: World, casework: Casework) -> None:
    client = service_account_client()
    for url in ["/api/v1/cases/", *read_urls(casework.her_case), *read_urls(casework.his_case)]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert set(response.json()) == {"detail"}


def test_a_case_is_found_by_its_reference_only(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    assert client.get(f"/api/v1/cases/{casework.her_case.pk}/").status_code == 404
    assert client.get(f"/api/v1/persons/{casework.survivor.pk}/").status_code == 404
