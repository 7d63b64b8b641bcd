"""The directory and protocols in the API: who reads what."""

import pytest
from django.test import Client

from accord.accounts.models import User
from accord.accounts.services import membership_create
from accord.api.tests.casework import service_account_client
from accord.audit.context import Actor
from accord.testing import World, client_for

from .helpers import active, draft
from .test_pages import REFUGE_ADDRESS, describe


def test_a_service_account_looks_up_where_to_refer(world: World) -> None:
    from accord.accounts.services import service_address_set

    service_address_set(actor=Actor.system(), service=world.support_service, address=REFUGE_ADDRESS)
    describe(world)
    client = service_account_client()
    response = client.get("/api/v1/directory/?offer=shelter&language=es&self_referral=true")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == [world.support_service.pk]
    assert results[0]["entry"]["offers"] == ["shelter", "helpline_24_7"]
    card = client.get(f"/api/v1/directory/{world.support_service.pk}/")
    assert card.status_code == 200
    assert REFUGE_ADDRESS not in card.content.decode()
    assert client.get("/api/v1/directory/999999999/").status_code == 404


def test_a_service_without_an_entry_has_a_null_entry(world: World) -> None:
    response = client_for(world.facilitator).get(f"/api/v1/directory/{world.support_service.pk}/")
    assert response.status_code == 200
    assert response.json()["entry"] is None


def test_the_directory_needs_a_verified_account(db) -> None:
    assert Client().get("/api/v1/directory/").status_code in {401, 403}


def test_a_partys_admin_reads_its_protocols_drafts_included(world: World) -> None:
    protocol = active(world)
    pending = draft(world, title="Pending")
    client = client_for(world.admin)
    uids = {p["uid"] for p in client.get("/api/v1/protocols/").json()["results"]}
    assert uids == {str(protocol.uid), str(pending.uid)}
    detail = client.get(f"/api/v1/protocols/{protocol.uid}/").json()
    assert detail["state"] == "active"
    assert {(f["from_organisation"]["name"], tuple(f["categories"])) for f in detail["flows"]} == {
        ("Change Programme", ("programme_status",)),
        ("Women's Aid A", ("risk",)),
    }
    assert "document" not in detail


@pytest.mark.parametrize(
    "persona", ["caseworker", "manager", "dpo", "facilitator", "police_liaison", "outsider"]
)
def test_nobody_else_reads_a_protocol(world: World, persona: str) -> None:
    protocol = active(world)
    client = client_for(getattr(world, persona))
    assert client.get("/api/v1/protocols/").json()["results"] == []
    assert client.get(f"/api/v1/protocols/{protocol.uid}/").status_code == 404


def test_a_partys_service_account_reads_its_active_protocols_only(world: World) -> None:
    protocol = active(world)
    pending = draft(world, title="Pending")
    client = service_account_client()
    robot = User.objects.get(username="police-system")
    # Not yet of any party.
    assert client.get(f"/api/v1/protocols/{protocol.uid}/").status_code == 404
    membership_create(actor=Actor.system(), user=robot, team=world.outreach, role="caseworker")
    assert client.get(f"/api/v1/protocols/{protocol.uid}/").status_code == 200
    assert client.get(f"/api/v1/protocols/{pending.uid}/").status_code == 404
