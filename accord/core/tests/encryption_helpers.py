"""Helpers for the encryption tests: fresh keys, raw column reads, and a test-only model with
every kind of encrypted field.

The model lives in an isolated app registry, so migrations, checks and other apps never see
it; its table is created inside the test's transaction and disappears with the rollback.
"""

import secrets
from base64 import urlsafe_b64encode
from typing import Any

from django.db import connection
from django.test.utils import isolate_apps

from accord.core.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField
from accord.core.models import EncryptedModel

with isolate_apps("accord.core"):

    class Dossier(EncryptedModel):
        note = EncryptedTextField(max_length=50, null=True, blank=True)
        born = EncryptedDateField(null=True, blank=True)
        facts = EncryptedJSONField(null=True, blank=True)

        class Meta:
            app_label = "core"
            db_table = "core_test_dossier"


def create_dossier_table() -> None:
    """Create the table in the current transaction (needs the `db` fixture), once."""
    if Dossier._meta.db_table in connection.introspection.table_names():
        return
    # Not entered as a context manager: SQLite's editor refuses to run inside a transaction
    # (it would need foreign-key checks off), and this table has no foreign keys.
    editor = connection.schema_editor()
    editor.deferred_sql = []
    editor.create_model(Dossier)
    for statement in editor.deferred_sql:
        editor.execute(statement)


def new_key() -> str:
    return urlsafe_b64encode(secrets.token_bytes(32)).decode()


def raw_column(table: str, column: str, pk: int) -> Any:
    """The value as stored, read past the ORM."""
    table, column = connection.ops.quote_name(table), connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def set_raw_column(table: str, column: str, pk: int, value: Any) -> None:
    table, column = connection.ops.quote_name(table), connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608
