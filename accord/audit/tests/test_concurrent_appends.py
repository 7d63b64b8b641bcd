"""Appends from many processes at once still form one unbroken chain: the head row's lock puts
them in line (accord.audit.services)."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from accord.audit.context import Actor
from accord.audit.models import AuditChainHead, AuditEvent
from accord.audit.services import audit_event_record

THREADS = 8
APPENDS_PER_THREAD = 25


def append_many(start: threading.Barrier, errors: list[BaseException], index: int) -> None:
    try:
        start.wait()
        for number in range(APPENDS_PER_THREAD):
            with transaction.atomic():
                audit_event_record(
                    actor=Actor.system(), action="test.concurrent", reason=f"{index}/{number}"
                )
    except BaseException as error:  # reported by the test, not lost in the thread
        errors.append(error)
    finally:
        connections.close_all()


# transactional_db: each thread has its own connection and must see the others' commits.
@pytest.mark.postgres
def test_it_keeps_one_chain_under_concurrent_appends(transactional_db, capsys) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks")
    # Create the head first, so that the threads race on appending, not on creating it.
    AuditChainHead.objects.get_or_create(pk=1)
    before = AuditEvent.objects.count()
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=append_many, args=(start, errors, index))
        for index in range(THREADS)
    ]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    appended = THREADS * APPENDS_PER_THREAD
    assert AuditEvent.objects.filter(action="test.concurrent").count() == appended
    call_command("audit_verify")
    assert capsys.readouterr().out.strip() == f"Audit log intact: {before + appended} events"
