"""Appending to the audit log. Every service that changes or reveals something calls
`audit_event_record` inside its own transaction, so the event and the change commit together
or not at all."""

import functools
import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.audit.context import Actor
from accord.audit.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64
# The chain head is a single row (accord/audit/migrations/0002_chain_head.py).
HEAD_PK = 1


def event_hash(event: AuditEvent) -> str:
    """The link: a digest of the event's content and of the previous link."""
    content = [
        event.seq,
        event.at.isoformat(),
        event.actor_id,
        event.actor_label,
        event.acting_organisation_id,
        event.acting_team_id,
        event.action,
        event.object_type,
        event.object_id,
        event.subject_organisation_id,
        event.client_address,
        event.reason,
        event.prev_hash,
    ]
    canonical = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _stored_address(address: str | None) -> str | None:
    """The address as the database will hand it back (IPv6 in canonical form), so that the hash
    computed here before saving recomputes from the stored row."""
    return AuditEvent._meta.get_field("client_address").get_prep_value(address)


def object_type_of(obj: Model) -> str:
    return obj._meta.label_lower


@dataclass(frozen=True)
class HeadSql:
    lock: str
    move: str


@functools.cache
def _head_sql(vendor: str) -> HeadSql:
    """The chain head's two statements, written once per process: the append runs on every
    audited read, and building them through the ORM cost more than running them."""
    quote = connection.ops.quote_name
    meta = AuditChainHead._meta
    table = quote(meta.db_table)
    pk, seq, last = (quote(meta.get_field(name).column) for name in ("id", "last_seq", "last_hash"))
    # SQLite has no row locks: a writer holds the whole database (as select_for_update there).
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    # Names from the schema, quoted by the backend; the values are parameters.
    return HeadSql(
        lock=f"SELECT {seq}, {last} FROM {table} WHERE {pk} = {HEAD_PK}{lock}",  # noqa: S608
        move=f"UPDATE {table} SET {seq} = %s, {last} = %s WHERE {pk} = {HEAD_PK}",  # noqa: S608
    )


def _lock_head() -> tuple[int, str]:
    """Lock the head row, the lock that puts concurrent appends in one line, and read the
    newest link. The migration creates the row; creating it here too covers a database emptied
    by `flush` (transactional tests). Were it deleted from a live log, the next seq would
    collide and fail loudly."""
    with connection.cursor() as cursor:
        cursor.execute(_head_sql(connection.vendor).lock)
        row = cursor.fetchone()
    if row is None:
        head = AuditChainHead.objects.select_for_update().get_or_create(pk=HEAD_PK)[0]
        return head.last_seq, head.last_hash
    return int(row[0]), row[1]


def audit_event_record(
    *,
    actor: Actor,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    subject_organisation_id: int | None = None,
    reason: str = "",
) -> AuditEvent:
    if not connection.in_atomic_block:
        raise RuntimeError("Audit events are written inside the transaction of what they record.")
    if obj is not None:
        object_type = object_type_of(obj)
        object_id = str(obj.pk)
    # No savepoint of its own: the caller's transaction is the unit (checked above), so an
    # append that fails takes the change it records down with it, and the savepoint's two
    # statements are saved on every audited read.
    with transaction.atomic(savepoint=False):
        last_seq, last_hash = _lock_head()
        event = AuditEvent(
            seq=last_seq + 1,
            at=timezone.now(),
            actor_id=actor.user.pk if actor.user is not None else None,
            actor_label=actor.label,
            acting_organisation_id=actor.organisation_id,
            acting_team_id=actor.team_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            subject_organisation_id=subject_organisation_id,
            client_address=_stored_address(actor.client_address),
            reason=reason,
            prev_hash=last_hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        with connection.cursor() as cursor:
            cursor.execute(_head_sql(connection.vendor).move, [event.seq, event.hash])
    return event


@transaction.atomic
def audit_log_export(*, actor: Actor, query: str) -> AuditEvent:
    """Record that part of the audit log left the platform as a file. `query` says which part,
    so a later reader of the log can tell exactly what was exported."""
    return audit_event_record(actor=actor, action="audit.exported", reason=query)


def audit_reveal(
    *, actor: Actor, action: str, obj: Model, subject_organisation_id: int, reason: str
) -> None:
    """Record a reveal of a location (docs/product.md §4.5). A reveal without a stated reason is
    refused; the caller has checked the reveal right and the re-authentication."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you need the address.")})
    audit_event_record(
        actor=actor,
        action=action,
        obj=obj,
        subject_organisation_id=subject_organisation_id,
        reason=reason.strip(),
    )
