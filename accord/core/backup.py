"""Backing up and restoring Accord's database (docs/operations.md, "Back up" and "Restore").

A backup is two files: the database (SQLite: a copy made with SQLite's online backup API;
PostgreSQL: `pg_dump --format=custom`) and its manifest, `<file>.manifest.json`, which holds
the row count of every table *as the backup holds them* and the ids (never the keys) of the key
ring the data was written under. The key ring itself is never in a backup: it is backed up
apart (docs/operations.md), so that a stolen backup is unreadable.

Both backups are taken online, safe while Accord serves: SQLite's backup copies every page in
one step under a read transaction (WAL: writers go on); pg_dump reads one snapshot, which the
manifest's counts are taken in too (a repeatable-read transaction exporting it).

A restore refuses a key ring that lacks a key id of the backup, restores into an empty
database, then verifies: identical row counts, every encrypted value of a sample decrypting,
and the audit chain (`audit_verify`). Any failure is an error that says what failed: never a
database that looks restored and cannot be read."""

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accord.core import crypto
from accord.core.fields import encrypted_fields

FORMAT = 1
# Rows of each model whose encrypted values a restore decrypts: a wrong key with the right id
# fails on the first row; every row would cost as long as reading the whole database.
DECRYPTION_SAMPLE = 200


class BackupError(Exception):
    """Something about a backup or a restore that the operator must see; never data."""


@dataclass(frozen=True)
class Manifest:
    vendor: str
    created_at: str
    tables: dict[str, int]
    key_ids: list[str]

    @classmethod
    def read(cls, backup: Path) -> "Manifest":
        path = manifest_path(backup)
        if not path.exists():
            raise BackupError(f"{path} is missing: a backup is the database and its manifest.")
        data = json.loads(path.read_text())
        if data.get("format") != FORMAT:
            raise BackupError(f"{path} is not a manifest this version of Accord reads.")
        return cls(data["vendor"], data["created_at"], data["tables"], data["key_ids"])

    def write(self, backup: Path) -> None:
        body = {"format": FORMAT, **self.__dict__}
        manifest_path(backup).write_text(json.dumps(body, indent=2, sort_keys=True) + "\n")


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".manifest.json")


# --- back up ----------------------------------------------------------------------------------


def backup(output: Path) -> Manifest:
    if output.exists() or manifest_path(output).exists():
        raise BackupError(f"{output} already exists: a backup never overwrites one.")
    output.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        tables = _sqlite_backup(output)
    elif connection.vendor == "postgresql":
        tables = _postgres_backup(output)
    else:
        raise BackupError(f"No backup for {connection.vendor} databases.")
    output.chmod(0o600)
    manifest = Manifest(
        vendor=connection.vendor,
        created_at=timezone.now().isoformat(),
        tables=tables,
        key_ids=sorted(crypto.key_ring().ids),
    )
    manifest.write(output)
    manifest_path(output).chmod(0o600)
    return manifest


def _sqlite_backup(output: Path) -> dict[str, int]:
    connection.ensure_connection()
    target = sqlite3.connect(output)
    try:
        # pages=-1: every page in one step, so the copy is one consistent state of the database.
        connection.connection.backup(target, pages=-1)
    finally:
        target.close()
    copy = sqlite3.connect(output)
    try:
        return _sqlite_counts(copy)
    finally:
        copy.close()


def _sqlite_counts(database: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    counts = {}
    for name in names:
        query = f'SELECT COUNT(*) FROM "{name}"'  # noqa: S608 - names from the schema
        counts[name] = database.execute(query).fetchone()[0]
    return counts


def _postgres_backup(output: Path) -> dict[str, int]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = _postgres_counts(cursor)
        # pg_dump reads the snapshot this transaction holds open: the dump and the counts agree.
        _run_pg("pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={output}")
    return tables


def _postgres_counts(cursor: Any) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f'SELECT COUNT(*) FROM "{name}"')  # noqa: S608 - names from the catalogue
        counts[name] = cursor.fetchone()[0]
    return counts


def _run_pg(program: str, *arguments: str) -> None:
    database = settings.DATABASES["default"]
    environment = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    command = [
        _pg_program(program),
        f"--host={database.get('HOST') or 'localhost'}",
        f"--port={database.get('PORT') or 5432}",
        f"--username={database.get('USER') or ''}",
        f"--dbname={database['NAME']}",
        *arguments,
    ]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603 - our own arguments, no shell
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()[-2000:]}")


def _pg_program(program: str) -> str:
    """The PostgreSQL client program, from ACCORD_PG_BIN if set (it must match the server's
    major version or be newer), else from PATH."""
    directory = os.environ.get("ACCORD_PG_BIN")
    found = str(Path(directory) / program) if directory else shutil.which(program)
    if not found:
        raise BackupError(
            f"{program} not found: install the PostgreSQL client or set ACCORD_PG_BIN."
        )
    return found


# --- restore ----------------------------------------------------------------------------------


def restore(backup_file: Path, *, force: bool = False) -> Manifest:
    if not backup_file.exists():
        raise BackupError(f"{backup_file} does not exist.")
    manifest = Manifest.read(backup_file)
    if manifest.vendor != connection.vendor:
        raise BackupError(
            f"This is a {manifest.vendor} backup; the configured database is {connection.vendor}."
        )
    missing = sorted(set(manifest.key_ids) - set(crypto.key_ring().ids))
    if missing:
        raise BackupError(
            "The key ring in ACCORD_ENCRYPTION_KEYS lacks key id(s) "
            f"{', '.join(missing)}, under which this backup's data was written: restore the key "
            "ring from its own backup first. Nothing was restored."
        )
    if _has_tables() and not force:
        raise BackupError(
            "The configured database is not empty: restore into a new database (or pass --force "
            "to replace this one). Nothing was restored."
        )
    if connection.vendor == "sqlite":
        _sqlite_restore(backup_file)
    else:
        _run_pg(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *(["--clean", "--if-exists"] if force else []),
            str(backup_file),
        )
    verify(manifest)
    return manifest


def _has_tables() -> bool:
    return bool(connection.introspection.table_names())


def _sqlite_restore(backup_file: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(backup_file)
    try:
        source.backup(connection.connection, pages=-1)
    finally:
        source.close()


def verify(manifest: Manifest) -> None:
    """The restored database holds what the backup held, and can be read."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            counts = _sqlite_counts(connection.connection)
        else:
            counts = _postgres_counts(cursor)
    differing = sorted(
        name
        for name in set(counts) | set(manifest.tables)
        if counts.get(name) != manifest.tables.get(name)
    )
    if differing:
        raise BackupError(
            "The restored database does not hold what the backup held (tables "
            f"{', '.join(differing[:10])}): do not serve from it."
        )
    try:
        for model, names in encrypted_fields():
            for row in model._base_manager.only("pk", *names).order_by("pk")[:DECRYPTION_SAMPLE]:
                for name in names:
                    getattr(row, name)
    except crypto.DecryptionError as error:
        raise BackupError(
            f"The restored data does not decrypt with this key ring ({error}): is it the key "
            "ring of this backup? Do not serve from this database."
        ) from None
