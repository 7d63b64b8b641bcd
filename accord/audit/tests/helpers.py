"""Shared by the audit tests: writing events as a persona, and tampering with the log the way
an intruder with database access would."""

from collections.abc import Sequence

from django.db import connection, transaction

from accord.accounts.models import User
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.audit.services import audit_event_record

GUARD = "audit_event_append_only"


def record(
    user: User | None,
    *,
    count: int = 1,
    action: str = "case.viewed",
    object_type: str = "accounts.team",
    object_id: str = "1",
    subject_organisation_id: int | None = None,
    reason: str = "",
) -> list[AuditEvent]:
    actor = Actor.system() if user is None else Actor.for_user(user, client_address="192.0.2.7")
    with transaction.atomic():
        return [
            audit_event_record(
                actor=actor,
                action=action,
                object_type=object_type,
                object_id=object_id,
                subject_organisation_id=subject_organisation_id,
                reason=reason,
            )
            for _ in range(count)
        ]


def tamper(*statements: str | tuple[str, Sequence[object]]) -> None:
    """Run raw SQL against the log behind the application's back.

    The append-only trigger (migration 0003) would refuse it, so it is lifted first. This runs
    inside the test's transaction, so the rollback at the end of the test restores the trigger.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {GUARD}")
        elif connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER IF EXISTS {GUARD}")
        for statement in statements:
            sql, params = (statement, ()) if isinstance(statement, str) else statement
            cursor.execute(sql, params)
