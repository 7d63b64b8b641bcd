"""Back up while Accord writes, restore into a new database: the same rows, a verifying audit
chain, readable encrypted fields; and a restore without the backup's key ring fails loudly
(issue 10, item 5; docs/operations.md). On SQLite here, on PostgreSQL in CI.

Each step is the `manage.py` command an operator runs, in its own process, against databases
this test creates and removes: the test database of the suite is not involved. On SQLite the
live database is a copy of the suite's seeded file (accord.testing.databases), which the same
commands, `migrate` and `seed_demo`, wrote once for the run."""

import os
import subprocess
import sys
import time
import uuid
from base64 import urlsafe_b64encode
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.conf import settings

from accord.testing.databases import COMMAND_ENVIRONMENT, CopyDatabase

MANAGE = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

# Notes added through the services while the backup runs (a process of its own).
WRITER = """
import django, time
django.setup()
from accord.accounts.models import User
from accord.audit.context import Actor
from accord.cases import services
from accord.cases.models import Case, ContactType
worker = User.objects.get(username="caseworker")
case = Case.objects.filter(key_worker=worker).first()
written = 0
until = time.monotonic() + 4
while time.monotonic() < until:
    services.note_add(actor=Actor.for_user(worker), case=case, contact_type=ContactType.PHONE,
                      text=f"Called her back ({written}).")
    written += 1
print(written)
"""

READER = """
import django
django.setup()
from accord.people.models import Person
print(sorted(p.given_name for p in Person.objects.all())[:3])
"""


def _run(url: str, *arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **COMMAND_ENVIRONMENT, "DATABASE_URL": url, **environment}
    return subprocess.run(  # noqa: S603 - our own command line
        [*MANAGE, *arguments], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _python(url: str, code: str) -> subprocess.Popen[str]:
    env = {**os.environ, **COMMAND_ENVIRONMENT, "DATABASE_URL": url}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env["PYTHONPATH"] = str(settings.BASE_DIR)
    return subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True
    )


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def databases(tmp_path: Path, seeded_database: CopyDatabase) -> Iterator[tuple[str, str, str]]:
    """A source with the demo seeded and two empty targets of the suite's database engine."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        seeded_database(tmp_path / "live.sqlite3")
        yield tuple(f"sqlite:///{tmp_path / name}.sqlite3" for name in ["live", "new", "bare"])
        return
    server = dj_database_url.parse(os.environ["DATABASE_URL"])
    names = [f"accord_backup_{name}_{uuid.uuid4().hex[:8]}" for name in ["live", "new", "bare"]]
    admin = psycopg.connect(
        host=server["HOST"],
        port=server["PORT"],
        user=server["USER"],
        password=server["PASSWORD"],
        dbname=server["NAME"],
        autocommit=True,
    )
    for name in names:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    live = f"{base}/{names[0]}"
    try:
        _ok(_run(live, "migrate", "--noinput"))
        _ok(_run(live, "createcachetable"))
        _ok(_run(live, "seed_demo", "--force"))
        yield tuple(f"{base}/{name}" for name in names)
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_it_backs_up_while_writing_and_restores_only_with_its_key_ring(
    databases, tmp_path: Path
) -> None:
    live, new, bare = databases
    backup = tmp_path / "backups" / "accord.backup"

    writer = _python(live, WRITER)
    time.sleep(1.5)  # the writer is adding notes when the backup starts
    report = _ok(_run(live, "backup", str(backup)))
    written = int(writer.communicate(timeout=120)[0].strip())
    assert writer.returncode == 0
    assert written > 0
    assert "key ids k1" in report
    assert oct(backup.stat().st_mode & 0o777) == "0o600"

    restored = _ok(_run(new, "restore", str(backup)))
    assert "counts, decryption and audit chain verified" in restored
    assert "Audit log intact" in _ok(_run(new, "audit_verify"))
    # The restored names decrypt: the demo's people, as the live database holds them.
    reader = _python(new, READER)
    names = reader.communicate(timeout=120)[0]
    assert reader.returncode == 0
    assert names.startswith("['") and "[encrypted]" not in names

    # Restoring into a database that is not empty is refused.
    again = _run(new, "restore", str(backup))
    assert again.returncode == 1
    assert "not empty" in again.stderr

    # Without the backup's key ring: refused before anything is restored…
    other_ring = "k2:" + urlsafe_b64encode(os.urandom(32)).decode()
    refused = _run(bare, "restore", str(backup), ACCORD_ENCRYPTION_KEYS=other_ring)
    assert refused.returncode == 1
    assert "lacks key id(s) k1" in refused.stderr
    assert "Nothing was restored" in refused.stderr
    assert _run(bare, "migrate", "--check").returncode == 1  # no table: still empty
    # …and a different key under the same id is found out by decrypting, not served.
    wrong_key = "k1:" + urlsafe_b64encode(os.urandom(32)).decode()
    unreadable = _run(bare, "restore", str(backup), ACCORD_ENCRYPTION_KEYS=wrong_key)
    assert unreadable.returncode == 1
    assert "does not decrypt with this key ring" in unreadable.stderr
