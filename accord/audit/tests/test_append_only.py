"""The database itself refuses to change audit rows (migration 0003): a bug or a stray
`UPDATE` cannot rewrite history without lifting the guard first."""

import pytest
from django.db import DatabaseError, connection, transaction

from accord.audit.models import AuditEvent
from accord.audit.tests.helpers import record


def test_it_refuses_an_update_in_the_database(world) -> None:
    [event] = record(world.caseworker)

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET reason = %s WHERE seq = %s", ["x", event.seq])

    event.refresh_from_db()
    assert event.reason == ""


def test_it_refuses_an_orm_update(world) -> None:
    record(world.caseworker)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.update(reason="rewritten")

    assert not AuditEvent.objects.filter(reason="rewritten").exists()


@pytest.mark.postgres
def test_it_refuses_a_delete_on_postgresql(world) -> None:
    # On SQLite deletes stay possible (Django's flush between transactional tests uses DELETE);
    # audit_verify catches them. See the migration.
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the SQLite guard covers UPDATE only")
    [event] = record(world.caseworker)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=event.seq).delete()

    assert AuditEvent.objects.filter(seq=event.seq).exists()
