"""Editing a person's details from her case: the fields the reader may read, the real address
write-only; stale edits show both versions without losing her input; bad input saves nothing."""

import pytest
from django.test import Client

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.people import services
from accord.testing import SURVIVOR_ADDRESS, SURVIVOR_PHONE, Casework, World, client_for


def url(casework: Casework) -> str:
    return f"/cases/{casework.her_case.reference}/person/"


def details(**changes: object) -> dict[str, object]:
    return {
        "version": 1,
        "given_name": "Ana",
        "family_name": "García",
        "date_of_birth": "1990-04-02",
        "phone": SURVIVOR_PHONE,
        "substitute_address": "PO Box 12, Riverton",
        "real_address": "",
        **changes,
    }


def test_the_form_never_carries_the_real_address(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).get(url(casework))
    assert response.status_code == 200
    html = response.content.decode()
    assert SURVIVOR_PHONE in html
    assert SURVIVOR_ADDRESS not in html
    assert "New real address" in html


def test_her_caseworker_changes_the_phone_and_only_that_is_written(
    world: World, casework: Casework
) -> None:
    response = client_for(world.caseworker).post(url(casework), details(phone="+34 611 222 333"))
    assert response.status_code == 302
    casework.survivor.refresh_from_db()
    assert casework.survivor.phone == "+34 611 222 333"
    assert casework.survivor.real_address == SURVIVOR_ADDRESS
    assert AuditEvent.objects.get(action="person.changed").reason == "phone"


def test_a_new_real_address_replaces_the_old_one(world: World, casework: Casework) -> None:
    client_for(world.caseworker).post(url(casework), details(real_address="9 New Street"))
    casework.survivor.refresh_from_db()
    assert casework.survivor.real_address == "9 New Street"


def test_saving_unchanged_details_writes_nothing(world: World, casework: Casework) -> None:
    client_for(world.caseworker).post(url(casework), details())
    casework.survivor.refresh_from_db()
    assert casework.survivor.version == 1
    assert not AuditEvent.objects.filter(action="person.changed").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"date_of_birth": "2999-01-01"},
        {"date_of_birth": "1800-01-01"},
        {"given_name": ""},
        {"phone": "1" * 51},
        {"email": "nope"},
        {"version": "x"},
    ],
)
def test_bad_input_saves_nothing(world: World, casework: Casework, changes: dict[str, str]) -> None:
    response = client_for(world.caseworker).post(url(casework), details(**changes))
    assert response.status_code == 400
    casework.survivor.refresh_from_db()
    assert casework.survivor.version == 1


def test_a_stale_edit_shows_both_versions_and_keeps_her_input(
    world: World, casework: Casework
) -> None:
    services.person_update(
        actor=Actor.for_user(world.manager),
        person=casework.survivor,
        expected_version=1,
        phone="+34 622 000 000",
    )
    response = client_for(world.caseworker).post(
        url(casework), details(phone="+34 611 222 333", real_address="9 New Street")
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Changed by someone else since you opened it" in html
    assert "+34 611 222 333" in html and "+34 622 000 000" in html
    assert 'name="version" value="2"' in html
    # Her new address stays in her form; the stored one is never shown.
    assert "9 New Street" in html
    assert SURVIVOR_ADDRESS not in html
    casework.survivor.refresh_from_db()
    assert casework.survivor.phone == "+34 622 000 000"


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin", "dpo"])
def test_anyone_who_may_not_work_her_case_gets_a_404(
    world: World, casework: Casework, persona: str
) -> None:
    client = client_for(getattr(world, persona))
    assert client.get(url(casework)).status_code == 404
    assert client.post(url(casework), details(phone="0")).status_code == 404
    casework.survivor.refresh_from_db()
    assert casework.survivor.phone == SURVIVOR_PHONE


def test_the_facilitator_edits_his_man_but_never_sees_her(world: World, casework: Casework) -> None:
    response = client_for(world.facilitator).get(f"/cases/{casework.his_case.reference}/person/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Luis" in html and "García" not in html and SURVIVOR_PHONE not in html


def test_anonymous_visitors_are_sent_to_sign_in(casework: Casework) -> None:
    assert Client().get(url(casework)).status_code == 302
