"""A database-level guard: rows of the audit log cannot be changed (or, on PostgreSQL, deleted)
by anything that goes through the database, ORM bugs and ad-hoc SQL included.

PostgreSQL refuses UPDATE and DELETE. TRUNCATE stays possible: the test runner empties tables
with it, and whoever may TRUNCATE owns the table and could drop the trigger anyway.
SQLite (demo and tests) refuses UPDATE only: Django's `flush`, which the test runner uses
between transactional tests, empties tables with DELETE. A deletion is still caught by
`manage.py audit_verify`, as is anything done by someone who lifts the guard.

Tests that tamper with the log on purpose lift the guard inside their own transaction; see
accord/audit/tests/helpers.py (`tamper`).
"""

from django.db import migrations

TRIGGER = "audit_event_append_only"

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit_auditevent is append-only: % refused', TG_OP;
    END;
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()
    """,
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON audit_auditevent",
    f"DROP FUNCTION IF EXISTS {TRIGGER}()",
]
SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON audit_auditevent
    BEGIN
        SELECT RAISE(ABORT, 'audit_auditevent is append-only: UPDATE refused');
    END
    """,
]
SQLITE_REMOVE = [f"DROP TRIGGER IF EXISTS {TRIGGER}"]


def _run(schema_editor, statements_by_vendor: dict[str, list[str]]) -> None:
    # Other backends get no guard rather than a failed migration.
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        # No parameters, so "%" in the PL/pgSQL body is not read as a placeholder.
        schema_editor.execute(statement, params=None)


def install(apps, schema_editor) -> None:
    _run(schema_editor, {"postgresql": POSTGRESQL_INSTALL, "sqlite": SQLITE_INSTALL})


def remove(apps, schema_editor) -> None:
    _run(schema_editor, {"postgresql": POSTGRESQL_REMOVE, "sqlite": SQLITE_REMOVE})


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_head")]

    operations = [migrations.RunPython(install, remove)]
