"""An event commits together with what it records, or not at all (docs/product.md §4.5)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from accord.accounts import services as accounts
from accord.audit.context import Actor
from accord.audit.models import AuditChainHead, AuditEvent
from accord.audit.services import audit_event_record


def chain_state() -> tuple[int, int, str]:
    head = AuditChainHead.objects.get(pk=1)
    return AuditEvent.objects.count(), head.last_seq, head.last_hash


def test_it_keeps_no_event_of_a_service_that_failed(world) -> None:
    before = chain_state()

    # A second team of the same name fails validation inside the service's transaction.
    with pytest.raises(ValidationError):
        accounts.team_create(actor=Actor.system(), service=world.support_service, name="Outreach")

    assert chain_state() == before


def test_it_drops_the_event_when_the_transaction_fails_after_recording(world) -> None:
    before = chain_state()

    with pytest.raises(RuntimeError, match="after the event"), transaction.atomic():
        audit_event_record(actor=Actor.for_user(world.caseworker), action="case.viewed")
        raise RuntimeError("failed after the event")

    assert chain_state() == before


def test_it_reuses_the_next_seq_after_a_rollback(world) -> None:
    # A rolled-back append leaves no gap that `audit_verify` would report as a deletion.
    before_count, before_seq, _ = chain_state()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_event_record(actor=Actor.system(), action="case.viewed")
        raise RuntimeError

    with transaction.atomic():
        event = audit_event_record(actor=Actor.system(), action="case.viewed")

    assert event.seq == before_seq + 1
    assert AuditEvent.objects.count() == before_count + 1
