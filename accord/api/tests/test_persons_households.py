"""/persons/{uid}/ and /households/{reference}/: reached only through a case."""

from django.test import Client

from accord.api.tests.casework import service_account_client
from accord.audit.models import AuditEvent
from accord.testing import SURVIVOR_ADDRESS, SURVIVOR_PHONE, Casework, World, client_for


def person_url(casework: Casework, who: str = "survivor") -> str:
    return f"/api/v1/persons/{getattr(casework, who).uid}/"


def household_url(casework: Casework) -> str:
    return f"/api/v1/households/{casework.household.reference}/"


def test_her_caseworker_reads_her_record(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).get(person_url(casework))
    assert response.status_code == 200
    person = response.json()
    assert person["given_name"] == "Ana"
    assert person["phone"] == SURVIVOR_PHONE
    assert person["cases"] == [
        {"reference": casework.her_case.reference, "kind": "survivor_support", "status": "open"}
    ]
    assert "real_address" not in person
    assert SURVIVOR_ADDRESS not in response.content.decode()


def test_a_read_of_her_record_is_audited(world: World, casework: Casework) -> None:
    client_for(world.caseworker).get(person_url(casework))
    event = AuditEvent.objects.get(action="person.viewed")
    assert (event.actor_id, event.object_id) == (world.caseworker.pk, str(casework.survivor.pk))


def test_her_record_is_missing_for_everyone_across_the_barrier(
    world: World, casework: Casework
) -> None:
    missing = client_for(world.caseworker).get(
        "/api/v1/persons/00000000-0000-0000-0000-000000000000/"
    )
    assert missing.status_code == 404
    for user in [world.facilitator, world.police_liaison, world.outsider, world.admin]:
        response = client_for(user).get(person_url(casework))
        assert response.status_code == 404, user
        assert response.json() == missing.json()
    assert not AuditEvent.objects.filter(action="person.viewed").exists()


def test_the_facilitator_reads_the_man_he_works_with(world: World, casework: Casework) -> None:
    response = client_for(world.facilitator).get(person_url(casework, "man"))
    assert response.status_code == 200
    assert response.json()["given_name"] == "Luis"
    assert client_for(world.caseworker).get(person_url(casework, "man")).status_code == 404


def test_the_dpo_sees_which_cases_but_not_who(world: World, casework: Casework) -> None:
    person = client_for(world.dpo).get(person_url(casework)).json()
    assert set(person) == {"uid", "cases"}


def test_a_person_is_not_found_by_a_malformed_uid(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    for uid in ["1", "not-a-uid", f"{casework.survivor.uid}x"]:
        assert client.get(f"/api/v1/persons/{uid}/").status_code == 404, uid


def test_there_is_no_list_of_people(world: World, casework: Casework) -> None:
    assert client_for(world.caseworker).get("/api/v1/persons/").status_code == 404


def test_each_side_sees_only_its_own_part_of_the_household(
    world: World, casework: Casework
) -> None:
    hers = client_for(world.caseworker).get(household_url(casework))
    assert hers.status_code == 200
    assert hers.json()["cases"] == [
        {
            "reference": casework.her_case.reference,
            "kind": "survivor_support",
            "status": "open",
            "person": str(casework.survivor.uid),
            "relationship": "survivor",
        }
    ]
    his = client_for(world.facilitator).get(household_url(casework))
    assert his.status_code == 200
    assert [row["reference"] for row in his.json()["cases"]] == [casework.his_case.reference]
    assert str(casework.survivor.uid) not in his.content.decode()
    assert casework.her_case.reference not in his.content.decode()


def test_the_household_is_missing_for_those_who_reach_none_of_its_cases(
    world: World, casework: Casework
) -> None:
    missing = client_for(world.caseworker).get("/api/v1/households/HH-BCDFGHJ/")
    for user in [world.police_liaison, world.outsider, world.admin]:
        response = client_for(user).get(household_url(casework))
        assert response.status_code == 404, user
        assert response.json() == missing.json()


def test_anonymous_and_service_accounts_reach_no_person_or_household(
    world: World, casework: Casework
) -> None:
    for client in [Client(), service_account_client()]:
        for url in [person_url(casework), household_url(casework)]:
            assert client.get(url).status_code in {401, 403}, url


def test_a_person_reached_through_several_cases_shows_the_most_permissive(
    world: World, casework: Casework
) -> None:
    from accord.access.fields import FieldClass
    from accord.access.policy import case_access
    from accord.api.casework_serializers import CombinedAccess

    dpo = case_access(world.dpo, casework.her_case)
    owning = case_access(world.caseworker, casework.her_case)
    assert not CombinedAccess([dpo]).reads(FieldClass.CONTACT)
    assert CombinedAccess([dpo, owning]).reads(FieldClass.CONTACT)
    assert not CombinedAccess([dpo, owning]).reads(FieldClass.LOCATION)
    assert not CombinedAccess([]).reads(FieldClass.ADMINISTRATIVE)
