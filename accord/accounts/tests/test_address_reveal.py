from accord.accounts.services import service_address_set
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.testing import World, client_for, reauthenticate

ADDRESS = "14 Willow Lane, Riverton"


def with_address(world: World) -> None:
    service_address_set(actor=Actor.system(), service=world.support_service, address=ADDRESS)


def reveal_url(world: World) -> str:
    return f"/organisation/services/{world.support_service.pk}/reveal-address/"


def test_the_service_page_hides_the_address(world: World) -> None:
    with_address(world)
    response = client_for(world.caseworker).get(
        f"/organisation/services/{world.support_service.pk}/"
    )
    assert response.status_code == 200
    assert ADDRESS.encode() not in response.content
    assert b"Reveal the address" in response.content


def test_a_reveal_asks_for_re_authentication_first(world: World) -> None:
    with_address(world)
    response = client_for(world.caseworker).post(reveal_url(world), {"reason": "admission"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not AuditEvent.objects.filter(action="service.address_revealed").exists()


def test_staff_of_the_service_reveal_with_a_reason_and_an_audit_event(world: World) -> None:
    with_address(world)
    client = client_for(world.caseworker)
    reauthenticate(client, world.caseworker)
    response = client.post(reveal_url(world), {"reason": "arranging an admission"})
    assert response.status_code == 200
    assert ADDRESS.encode() in response.content
    event = AuditEvent.objects.get(action="service.address_revealed")
    assert event.actor_id == world.caseworker.pk
    assert event.reason == "arranging an admission"
    assert event.object_id == str(world.support_service.pk)
    assert ADDRESS not in event.reason


def test_a_reveal_without_a_reason_shows_nothing(world: World) -> None:
    with_address(world)
    client = client_for(world.caseworker)
    reauthenticate(client, world.caseworker)
    response = client.post(reveal_url(world), {"reason": "   "})
    assert response.status_code == 200
    assert ADDRESS.encode() not in response.content
    assert not AuditEvent.objects.filter(action="service.address_revealed").exists()


def test_other_agencies_never_reveal_it(world: World) -> None:
    with_address(world)
    for user in [world.facilitator, world.police_liaison, world.outsider]:
        client = client_for(user)
        page = client.get(f"/organisation/services/{world.support_service.pk}/")
        assert b"Reveal the address" not in page.content
        reauthenticate(client, user)
        response = client.post(reveal_url(world), {"reason": "he asked"})
        assert response.status_code == 404, user
        assert ADDRESS.encode() not in response.content
    assert not AuditEvent.objects.filter(action="service.address_revealed").exists()


def test_a_missing_service_is_a_404_like_a_forbidden_one(world: World) -> None:
    client = client_for(world.caseworker)
    assert client.get("/organisation/services/999999/").status_code == 404
