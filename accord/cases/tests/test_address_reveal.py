"""Her real address: shown only on a reveal, after re-authentication, with a reason, audited."""

import pytest

from accord.audit.models import AuditEvent
from accord.testing import SURVIVOR_ADDRESS, Casework, World, client_for, reauthenticate

from .helpers import case_url


def test_a_reveal_asks_for_re_authentication_first(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "reveal-address"), {"reason": "arranging a refuge place"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not AuditEvent.objects.filter(action="person.address_revealed").exists()


def test_her_caseworker_reveals_it_with_a_reason_and_an_audit_event(
    world: World, casework: Casework
) -> None:
    client = client_for(world.caseworker)
    reauthenticate(client, world.caseworker)
    response = client.post(
        case_url(casework.her_case, "reveal-address"), {"reason": "arranging a refuge place"}
    )
    assert response.status_code == 200
    assert SURVIVOR_ADDRESS in response.content.decode()
    event = AuditEvent.objects.get(action="person.address_revealed")
    assert event.actor_id == world.caseworker.pk
    assert event.object_id == str(casework.survivor.pk)
    assert event.reason == "arranging a refuge place"
    # The next plain view hides it again.
    assert SURVIVOR_ADDRESS not in client.get(case_url(casework.her_case)).content.decode()


def test_a_reveal_without_a_reason_shows_nothing(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    reauthenticate(client, world.caseworker)
    response = client.post(case_url(casework.her_case, "reveal-address"), {"reason": "   "})
    assert response.status_code == 400
    assert SURVIVOR_ADDRESS not in response.content.decode()
    assert not AuditEvent.objects.filter(action="person.address_revealed").exists()


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin"])
def test_no_one_else_reveals_it(world: World, casework: Casework, persona: str) -> None:
    user = getattr(world, persona)
    client = client_for(user)
    reauthenticate(client, user)
    response = client.post(case_url(casework.her_case, "reveal-address"), {"reason": "he asked"})
    assert response.status_code == 404
    assert SURVIVOR_ADDRESS not in response.content.decode()
    assert not AuditEvent.objects.filter(action="person.address_revealed").exists()


def test_a_get_does_not_reveal(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    reauthenticate(client, world.caseworker)
    assert client.get(case_url(casework.her_case, "reveal-address")).status_code == 405


def test_the_dpo_may_reveal_it_too_with_a_reason(world: World, casework: Casework) -> None:
    # The rule table: location is "reveal only" for the DPO, as for her team.
    client = client_for(world.dpo)
    reauthenticate(client, world.dpo)
    response = client.post(
        case_url(casework.her_case, "reveal-address"), {"reason": "subject access request"}
    )
    assert response.status_code == 200
    assert SURVIVOR_ADDRESS in response.content.decode()
    assert AuditEvent.objects.get(action="person.address_revealed").actor_id == world.dpo.pk
