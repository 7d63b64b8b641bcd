"""What referrals will ask: the flow in force for a direction on a day, and why there is none."""

import datetime

from accord.audit.context import Actor
from accord.directory import services
from accord.directory.selectors import protocol_flow_for, why_no_protocol
from accord.testing import World

from .helpers import START, active, complete, draft

LAST_DAY = datetime.date(2025, 6, 30)


def test_the_flow_is_in_force_from_the_first_to_the_last_valid_day(world: World) -> None:
    protocol = active(world, valid_to=LAST_DAY)
    to_her = (world.programme, world.womens_aid)
    assert protocol_flow_for(*to_her, on=START - datetime.timedelta(days=1)) is None
    flow = protocol_flow_for(*to_her, on=START)
    assert flow is not None and flow.protocol == protocol
    assert flow.categories == ["programme_status"]
    # The expiry day itself is still in force; the next day is not.
    assert protocol_flow_for(*to_her, on=LAST_DAY) is not None
    assert protocol_flow_for(*to_her, on=LAST_DAY + datetime.timedelta(days=1)) is None


def test_a_draft_lets_nothing_flow(world: World) -> None:
    draft(world)
    assert protocol_flow_for(world.womens_aid, world.programme, on=START) is None
    assert why_no_protocol(world.womens_aid, world.programme, on=START) == (
        "No active protocol between Women's Aid A and Change Programme."
    )


def test_it_says_when_the_protocol_expired(world: World) -> None:
    active(world, valid_to=LAST_DAY)
    message = why_no_protocol(
        world.womens_aid, world.programme, on=LAST_DAY + datetime.timedelta(days=1)
    )
    assert message.startswith(
        "The protocol “Women's Aid and Change” between Women's Aid A and Change Programme "
        "expired on "
    )
    assert "2025" in message


def test_it_says_when_the_protocol_starts(world: World) -> None:
    active(world)
    message = why_no_protocol(world.womens_aid, world.programme, on=datetime.date(2024, 1, 1))
    assert "is valid only from" in message


def test_it_names_the_categories_the_protocol_does_not_let_flow(world: World) -> None:
    active(world)
    assert why_no_protocol(world.womens_aid, world.programme, on=START, categories=["risk"]) == ""
    assert why_no_protocol(
        world.womens_aid, world.programme, on=START, categories=["risk", "location"]
    ) == (
        "The protocol “Women's Aid and Change” does not let location (real address, shelter) "
        "flow from Women's Aid A to Change Programme."
    )


def test_it_says_when_nothing_flows_in_that_direction(world: World) -> None:
    protocol = draft(world, world.police)
    services.protocol_flow_set(
        actor=Actor.system(),
        protocol=protocol,
        expected_version=protocol.version,
        from_organisation=world.police,
        to_organisation=world.womens_aid,
        categories=["identity"],
    )
    complete(protocol, {})
    assert protocol_flow_for(world.womens_aid, world.police, on=START) is None
    assert "does not let any data flow from Women's Aid A to Police" in why_no_protocol(
        world.womens_aid, world.police, on=START
    )


def test_the_newer_of_two_overlapping_protocols_governs(world: World) -> None:
    active(world)
    newer = complete(
        draft(world, title="Renewed"),
        {(world.womens_aid, world.programme): ["risk", "identity"]},
    )
    # Same START for both: the later one (by id) wins.
    flow = protocol_flow_for(world.womens_aid, world.programme, on=START)
    assert flow is not None and flow.protocol == newer
