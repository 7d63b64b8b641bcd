"""Database files for the tests that run Accord's own commands or a second server in other
processes (a pytest plugin, see the root conftest): a SQLite file with every migration applied,
and one with the demo seeded on top, each built once per run of the suite by those commands and
shared by the xdist workers. A test copies the file it needs, so that it starts where it would
after `migrate` (and `seed_demo`) without paying them again: 14 s and 14 s on two cores, where
four tests paid them six times."""

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings

# The suite's local secrets (the same key ring as every process of the run); mail (the demo's
# notifications) kept in memory.
COMMAND_ENVIRONMENT = {
    "ACCORD_LOCAL_SECRETS": "1",
    "ACCORD_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}

CopyDatabase = Callable[[Path], Path]


def environment_for(database: Path, **extra: str) -> dict[str, str]:
    """The environment of a process of Accord's (a command, a server) on the SQLite file."""
    return {**os.environ, **COMMAND_ENVIRONMENT, "DATABASE_URL": f"sqlite:///{database}", **extra}


def manage(database: Path, *arguments: str, **extra: str) -> str:
    """`manage.py` in a process of its own, on the SQLite file `database`."""
    done = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment_for(database, **extra),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    return done.stdout


def _shared_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Each xdist worker has its own base temporary directory; their parent is the run's.
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _built_once(directory: Path, name: str, build: Callable[[Path], None]) -> Path:
    """The file `name` in `directory`, built by `build` by whichever worker asks first; the
    others wait for it under the same lock."""
    target = directory / name
    with open(directory / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            building = directory / f"{name}.building"
            building.unlink(missing_ok=True)
            build(building)
            # Out of WAL mode, which folds the write-ahead log into the file: one file to copy
            # and rename. Accord's connections turn WAL on again in each copy.
            connection = sqlite3.connect(building)
            connection.execute("PRAGMA journal_mode=DELETE")
            connection.close()
            building.rename(target)
    return target


def _copier(template: Path) -> CopyDatabase:
    def copy_to(path: Path) -> Path:
        shutil.copyfile(template, path)
        return path

    return copy_to


def _migrate(path: Path) -> None:
    manage(path, "migrate", "--noinput")
    # The API's throttle counts live in the database cache, as in production.
    manage(path, "createcachetable")


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> CopyDatabase:
    """Copies, to a path of the test's, a SQLite file after `migrate` and `createcachetable`."""
    directory = _shared_directory(tmp_path_factory)
    return _copier(_built_once(directory, "migrated.sqlite3", _migrate))


@pytest.fixture(scope="session")
def seeded_database(
    tmp_path_factory: pytest.TempPathFactory, migrated_database: CopyDatabase
) -> CopyDatabase:
    """Copies a SQLite file after `migrate`, `createcachetable` and `seed_demo --force`."""

    def seed(path: Path) -> None:
        migrated_database(path)
        manage(path, "seed_demo", "--force")

    directory = _shared_directory(tmp_path_factory)
    return _copier(_built_once(directory, "seeded.sqlite3", seed))
