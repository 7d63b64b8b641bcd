"""Writers take their turn before any row of their own, so that one that audits
first and one that locks a row first never wait on each other (accord/audit/lock_order.py)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from accord.accounts.models import Organisation
from accord.audit.context import Actor
from accord.audit.lock_order import head_first, takes_row_locks
from accord.audit.models import AuditChainHead, AuditEvent
from accord.audit.services import audit_event_record


@pytest.mark.parametrize(
    "sql",
    [
        'INSERT INTO "cases_note" ("case_id") VALUES (%s)',
        'UPDATE "cases_case" SET "version" = 2 WHERE "id" = 1',
        '  DELETE FROM "cases_task" WHERE "id" = 1',
        'SELECT "cases_case"."id" FROM "cases_case" WHERE "id" = 1 FOR UPDATE',
        'SELECT "cases_case"."id" FROM "cases_case" WHERE "id" = 1 FOR NO KEY UPDATE',
    ],
)
def test_a_statement_that_writes_or_locks_a_row_waits_for_its_turn(sql: str) -> None:
    assert takes_row_locks(sql)


@pytest.mark.parametrize(
    "sql",
    [
        'SELECT "cases_case"."id" FROM "cases_case" WHERE "id" = 1',
        'UPDATE "django_session" SET "expire_date" = %s',
        'INSERT INTO "accord_cache" ("cache_key") VALUES (%s)',
        'SELECT "id" FROM "django_tasks_database_dbtaskresult" FOR UPDATE SKIP LOCKED',
    ],
)
def test_reads_sessions_the_cache_and_the_task_queue_do_not(sql: str) -> None:
    assert not takes_row_locks(sql)


def test_it_guards_postgresql_connections_only(db) -> None:
    connection.ensure_connection()
    assert (head_first in connection.execute_wrappers) == (connection.vendor == "postgresql")


def audit_then_write(
    organisation: Organisation, audited: threading.Event, errors: list[BaseException]
) -> None:
    """As completing an assessment does: the audit event, then a change to a row."""
    try:
        with transaction.atomic():
            audit_event_record(actor=Actor.system(), action="test.audit_first")
            audited.set()
            # Time for the other one to reach its row lock, were it allowed to.
            time.sleep(0.5)
            Organisation.objects.filter(pk=organisation.pk).update(languages=["en"])
    except BaseException as error:  # reported by the test, not lost in the thread
        errors.append(error)
    finally:
        connections.close_all()


def lock_then_audit(
    organisation: Organisation, audited: threading.Event, errors: list[BaseException]
) -> None:
    """As a versioned edit does: the row locked, then the audit event."""
    try:
        audited.wait(timeout=10)
        with transaction.atomic():
            Organisation.objects.select_for_update().get(pk=organisation.pk)
            audit_event_record(actor=Actor.system(), action="test.lock_first")
    except BaseException as error:
        errors.append(error)
    finally:
        connections.close_all()


# transactional_db: each thread has its own connection and must see the others' commits.
@pytest.mark.postgres
def test_an_audit_first_and_a_lock_first_writer_both_commit(transactional_db) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks")
    AuditChainHead.objects.get_or_create(pk=1)
    organisation = Organisation.objects.create(name="Lock order", slug="lock-order", country="GB")
    audited = threading.Event()
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=audit_then_write, args=(organisation, audited, errors)),
        threading.Thread(target=lock_then_audit, args=(organisation, audited, errors)),
    ]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # Without the lock order, PostgreSQL finds a deadlock here and fails one of the two.
    assert errors == []
    actions = AuditEvent.objects.filter(action__startswith="test.").order_by("seq")
    assert list(actions.values_list("action", flat=True)) == ["test.audit_first", "test.lock_first"]
