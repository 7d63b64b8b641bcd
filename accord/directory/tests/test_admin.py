"""The admin shows an organisation's own entries and the protocols it is party to, read-only."""

from accord.audit.context import Actor
from accord.directory import services
from accord.testing import World, client_for

from .helpers import active


def test_the_admin_lists_her_protocols_and_entries_only(world: World) -> None:
    protocol = active(world)
    services.directory_entry_update(
        actor=Actor.system(), service=world.support_service, offers=["legal"], languages=["en"]
    )
    client = client_for(world.admin)
    listing = client.get("/admin/directory/protocol/")
    assert listing.status_code == 200
    assert "Women&#x27;s Aid and Change" in listing.content.decode()
    detail = client.get(f"/admin/directory/protocol/{protocol.pk}/change/")
    assert detail.status_code == 200
    assert "%PDF" not in detail.content.decode()
    assert client.get("/admin/directory/directoryentry/").status_code == 200


def test_nobody_else_gets_the_protocol_admin(world: World) -> None:
    protocol = active(world)
    for persona in (world.caseworker, world.facilitator):
        response = client_for(persona).get(f"/admin/directory/protocol/{protocol.pk}/change/")
        assert response.status_code in {302, 403, 404}
