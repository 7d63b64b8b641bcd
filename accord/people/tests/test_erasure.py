"""Erasure by the DPO (GDPR art. 17): her record and all her cases deleted, a tombstone with the
DPO's reason left in the audit log; the DPO of the holding organisation only, re-authenticated."""

from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases.models import Case, Incident, Note, Task
from accord.cases.services import case_open
from accord.people.models import HouseholdMember, Person
from accord.people.retention import person_erase
from accord.people.tests.dpo_helpers import DENIED, dpo_client, person_with_case
from accord.testing import PASSWORD, Casework, World, client_for, reauthenticate

REASON = "Art. 17 request of 3 March, ref. DP-14"


def url(person: Person) -> str:
    return f"/people/{person.uid}/erase/"


def erasures() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="person.erased"))


def form(**changes: str) -> dict[str, str]:
    return {"reason": REASON, "confirm": "on"} | changes


def test_it_shows_the_dpo_the_confirmation_page(world: World) -> None:
    person, case = person_with_case(world, closed_years_ago=1)

    response = client_for(world.dpo).get(url(person))

    assert response.status_code == 200
    content = response.content.decode()
    assert case.reference in content
    assert "Rosa" not in content
    assert 'name="reason"' in content and 'name="confirm"' in content


def test_the_dpo_erases_a_record_and_all_its_cases(world: World) -> None:
    person, case = person_with_case(world, closed_years_ago=1)

    response = dpo_client(world).post(url(person), form())

    assert response.status_code == 302
    assert response["Location"] == "/people/data-protection/"
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Case.objects.filter(pk=case.pk).exists()
    for model in (Incident, Note, Task):
        assert not model.objects.filter(case_id=case.pk).exists()


def test_it_leaves_a_tombstone_with_the_reason(world: World) -> None:
    person, _ = person_with_case(world, closed_years_ago=1)

    dpo_client(world).post(url(person), form())

    [event] = erasures()
    assert event.actor_id == world.dpo.pk
    assert event.object_type == "people.person"
    assert event.object_id == str(person.pk)
    assert event.subject_organisation_id == world.womens_aid.pk
    assert event.reason == REASON


def test_it_asks_the_dpo_to_reauthenticate_first(world: World) -> None:
    person, _ = person_with_case(world, closed_years_ago=1)

    response = client_for(world.dpo).post(url(person), form())

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/reauthenticate/?{urlencode({'next': url(person)})}"
    assert Person.objects.filter(pk=person.pk).exists()
    assert erasures() == []


def test_it_resumes_the_erasure_after_reauthentication(world: World) -> None:
    person, _ = person_with_case(world, closed_years_ago=1)
    client = client_for(world.dpo)
    client.post(url(person), form())

    client.post(
        f"/accounts/reauthenticate/?{urlencode({'next': url(person)})}", {"password": PASSWORD}
    )

    assert not Person.objects.filter(pk=person.pk).exists()
    assert len(erasures()) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": " "}, "Say why the record is erased."),
        ({"confirm": ""}, "Tick the box to confirm the erasure."),
    ],
)
def test_it_needs_a_reason_and_a_confirmation(
    world: World, changes: dict[str, str], message: str
) -> None:
    person, _ = person_with_case(world, closed_years_ago=1)

    response = dpo_client(world).post(url(person), form(**changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()
    assert erasures() == []


def test_an_open_case_stops_the_erasure(world: World, casework: Casework) -> None:
    response = dpo_client(world).post(url(casework.survivor), form())

    assert response.status_code == 400
    assert "open or on-hold case" in response.content.decode()
    assert Person.objects.filter(pk=casework.survivor.pk).exists()
    assert erasures() == []


def test_a_case_of_another_organisation_stops_the_erasure(world: World) -> None:
    person, _ = person_with_case(world, closed_years_ago=1)
    other = case_open(
        actor=Actor.for_user(world.facilitator),
        kind="perpetrator_programme",
        person=person,
        team=world.group_work,
    )
    Case.objects.filter(pk=other.pk).update(status="closed", closed_on=other.opened_on)

    with pytest.raises(ValidationError, match="Another organisation"):
        person_erase(actor=Actor.for_user(world.dpo), person=person, reason=REASON)

    assert Person.objects.filter(pk=person.pk).exists()


def test_her_household_stays_for_the_others_in_it(world: World, casework: Casework) -> None:
    person, _ = person_with_case(world, closed_years_ago=1, household=casework.household)

    dpo_client(world).post(url(person), form())

    assert not HouseholdMember.objects.filter(person_id=person.pk).exists()
    assert HouseholdMember.objects.filter(household=casework.household).count() == 2


@pytest.mark.parametrize("persona", DENIED)
def test_it_is_missing_for_anyone_else(world: World, persona: str) -> None:
    person, _ = person_with_case(world, closed_years_ago=1)
    user = getattr(world, persona)
    client = client_for(user)
    reauthenticate(client, user)

    assert client.get(url(person)).status_code == 404
    assert client.post(url(person), form()).status_code == 404
    assert Person.objects.filter(pk=person.pk).exists()
    assert erasures() == []


def test_it_sends_an_anonymous_visitor_to_sign_in(world: World) -> None:
    person, _ = person_with_case(world, closed_years_ago=1)

    response = Client().post(url(person), form())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Person.objects.filter(pk=person.pk).exists()
