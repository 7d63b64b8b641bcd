"""One lock order for every writing transaction on PostgreSQL: the writers' turn first.

Every audited write ends by locking the chain's single head row (`audit_event_record`), and the
lock is held until the transaction commits. A transaction that locks a row of its own before
auditing (a versioned edit locks the case, then audits) can then meet one that audited before
touching that row (completing an assessment audits, then refreshes the case's risk picture; a
note's deferred foreign-key check locks the case at commit): each waits for the other, and
PostgreSQL breaks the deadlock by failing one of them, a 500 for its user. Measured under the
load run of docs/operations.md: one or two such failures in 800 requests.

So on PostgreSQL the first statement of a transaction that locks or writes a row of Accord's
own tables first takes one transaction-level advisory lock, the writers' turn; the audit
append's own lock on the head row is such a statement, so no transaction holds the head
without its turn. Transactions that write then run one after the other from their first write
instead of from their first audit event; reads never wait. An advisory lock needs no table, so
migrations (which write before the audit tables exist) keep the order too. SQLite needs none of
this: a writer holds the whole database.

Whether the transaction has its turn already is remembered by a marker among the connection's
on-commit callbacks: Django drops it at commit and at rollback, and with a savepoint rolled
back (asking again within the same transaction is harmless: the lock is re-entrant).
"""

from collections.abc import Callable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

# Any fixed key: it names the writers' turn and nothing else takes it.
WRITERS_TURN = "SELECT pg_advisory_xact_lock(7283100461)"
ROW_WRITES = ("INSERT", "UPDATE", "DELETE")
ROW_LOCKS = (" FOR UPDATE", " FOR NO KEY UPDATE", " FOR SHARE", " FOR KEY SHARE")
# Tables no audited transaction waits on: sessions, the database cache (throttle counts, used
# TOTP codes) and the task queue, whose worker polls with SKIP LOCKED. Taking the head for them
# would only queue every request behind the writers.
OUTSIDE = ('"django_', '"accord_cache"')


def _has_turn() -> None:
    """The marker: does nothing when Django runs it after the commit."""


def takes_row_locks(sql: str) -> bool:
    start = sql.lstrip()[:6].upper()
    locks = start in ROW_WRITES or (start == "SELECT" and any(lock in sql for lock in ROW_LOCKS))
    return locks and "SKIP LOCKED" not in sql and not any(table in sql for table in OUTSIDE)


def _holds(connection: BaseDatabaseWrapper) -> bool:
    return any(func is _has_turn for _sids, func, _robust in connection.run_on_commit)


def head_first(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    connection = context["connection"]
    if connection.in_atomic_block and not _holds(connection) and takes_row_locks(sql):
        connection.on_commit(_has_turn)
        execute(WRITERS_TURN, None, False, context)
    return execute(sql, params, many, context)


def install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Connected to `connection_created` by the audit app."""
    if connection.vendor == "postgresql" and head_first not in connection.execute_wrappers:
        connection.execute_wrappers.append(head_first)
