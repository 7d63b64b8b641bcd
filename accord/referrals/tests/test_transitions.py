"""The transition table (accord/referrals/transitions.py) is what both channels read: every
transition is done from the page and from the API by the side it names, and refused the same
way (404) on both for a state it does not start from or a user who is not that side."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accord.api.tests.casework import send
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.referrals import services
from accord.referrals.models import Referral, ReferralStatus
from accord.referrals.tests.referral_helpers import Route, fresh, her_draft, route, sent
from accord.referrals.transitions import TRANSITIONS, Side
from accord.testing import Casework, World, client_for


def _in(state: str, world: World, casework: Casework, r: Route) -> Referral:
    if state == ReferralStatus.DRAFT:
        return her_draft(world, casework.her_case, r.to_service)
    referral = sent(world, casework, r)
    if state == ReferralStatus.SENT:
        return referral
    return services.referral_accept(
        actor=Actor.for_user(world.outsider),
        referral=referral,
        expected_version=referral.version,
        team=r.to_team,
    )


# name → (a state it starts from, one it does not, the state it leads to, its input).
CASES: dict[str, tuple[str, str, str, Callable[[Route], dict[str, Any]]]] = {
    "send": ("draft", "sent", "sent", lambda r: {}),
    "accept": ("sent", "accepted", "accepted", lambda r: {"team": r.to_team.pk}),
    "decline": ("sent", "accepted", "declined", lambda r: {"reason": "no_capacity"}),
    "withdraw": ("sent", "accepted", "withdrawn", lambda r: {}),
    "close": ("accepted", "sent", "closed", lambda r: {}),
}


def _actor(world: World, name: str) -> Any:
    return world.caseworker if Side.SENDER in TRANSITIONS[name].sides else world.outsider


def _post(channel: str, client: Client, referral: Referral, name: str, body: dict) -> int:
    if channel == "page":
        return client.post(f"/referrals/{referral.reference}/{name}/", body).status_code
    return send(client, "post", f"/api/v1/referrals/{referral.reference}/{name}/", body).status_code


def test_it_covers_every_transition_in_the_table() -> None:
    assert set(CASES) == set(TRANSITIONS)
    for name, (start, other, _to, _input) in CASES.items():
        assert start in TRANSITIONS[name].from_states
        assert other not in TRANSITIONS[name].from_states


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_it_is_done_by_its_side_from_both_channels(
    world: World, casework: Casework, name: str, channel: str
) -> None:
    start, _other, to, body = CASES[name]
    r = route(world, casework)
    referral = _in(start, world, casework, r)
    actor = _actor(world, name)

    code = _post(
        channel, client_for(actor), referral, name, {"version": referral.version, **body(r)}
    )

    assert code == (302 if channel == "page" else 200)
    assert fresh(referral).status == to
    assert AuditEvent.objects.filter(
        action=TRANSITIONS[name].audit, object_id=str(referral.pk), actor_id=actor.pk
    ).exists()


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_it_is_refused_alike_from_a_state_it_does_not_start_from(
    world: World, casework: Casework, name: str, channel: str
) -> None:
    _start, other, _to, body = CASES[name]
    r = route(world, casework)
    referral = _in(other, world, casework, r)

    code = _post(
        channel,
        client_for(_actor(world, name)),
        referral,
        name,
        {"version": referral.version, **body(r)},
    )

    assert code == 404
    assert fresh(referral).status == other


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_it_is_refused_alike_to_a_user_who_is_not_its_side(
    world: World, casework: Casework, name: str, channel: str
) -> None:
    start, _other, _to, body = CASES[name]
    r = route(world, casework)
    referral = _in(start, world, casework, r)
    sides = TRANSITIONS[name].sides
    # The sender for a receiver's transition, the receiver for a sender's, else a stranger.
    user = (
        world.facilitator
        if len(sides) == 2
        else (world.outsider if Side.SENDER in sides else world.caseworker)
    )

    code = _post(
        channel, client_for(user), referral, name, {"version": referral.version, **body(r)}
    )

    assert code == 404
    assert fresh(referral).status == start
