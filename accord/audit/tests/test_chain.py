from django.core.management import call_command
from django.db import transaction

from accord.audit.context import Actor
from accord.audit.models import AuditChainHead, AuditEvent
from accord.audit.services import GENESIS_HASH, audit_event_record, event_hash
from accord.audit.tests.helpers import record


def test_it_links_each_event_to_the_previous_one(world) -> None:
    record(world.caseworker, count=3)

    events = list(AuditEvent.objects.order_by("seq"))
    assert [event.seq for event in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == GENESIS_HASH
    for previous, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == previous.hash
    for event in events:
        assert event_hash(event) == event.hash


def test_it_moves_the_head_to_the_newest_event(world) -> None:
    [event] = record(world.caseworker)

    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (event.seq, event.hash)


def test_it_stores_an_ipv6_address_so_that_the_hash_recomputes(world) -> None:
    # Non-canonical spelling: the database keeps the canonical form, the hash must agree.
    with transaction.atomic():
        audit_event_record(
            actor=Actor(user=world.caseworker, client_address="2001:0DB8:0000::0001"),
            action="case.viewed",
        )

    stored = AuditEvent.objects.order_by("seq").last()
    assert stored.client_address == "2001:db8::1"
    assert event_hash(stored) == stored.hash


def test_it_verifies_an_intact_log(world, capsys) -> None:
    record(world.caseworker, count=5)
    total = AuditEvent.objects.count()

    call_command("audit_verify")

    assert capsys.readouterr().out.strip() == f"Audit log intact: {total} events"


def test_it_verifies_an_empty_log(db, capsys) -> None:
    call_command("audit_verify", "--chunk-size", "1")

    assert capsys.readouterr().out.strip() == "Audit log intact: 0 events"
