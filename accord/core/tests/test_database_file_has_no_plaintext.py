"""The proof that counts: after seeding the demo, the SQLite file on disk holds no plaintext of
an encrypted value. Runs the real commands in a subprocess against a file database."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from accord.demo.locality import CONFIDENTIAL_ADDRESSES

PRINT_A_TOTP_SECRET = """
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
authenticator = Authenticator.objects.filter(type="totp").order_by("pk").first()
print(get_adapter().decrypt(authenticator.data["secret"]))
"""


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_it_leaves_no_plaintext_in_the_database_file(tmp_path: Path) -> None:
    database = tmp_path / "t.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "ACCORD_DEBUG": "1",
        "ACCORD_LOCAL_SECRETS": "1",
    }
    manage("migrate", "--no-input", env=env)
    manage("seed_demo", env=env)
    secret = manage("shell", "-c", PRINT_A_TOTP_SECRET, env=env).strip()

    stored = b"".join(
        path.read_bytes()
        for path in (database, database.with_name(database.name + "-wal"))
        if path.exists()
    )
    # The file was really read: ordinary columns are there in the clear.
    assert b"Riverton Refuge" in stored
    address = CONFIDENTIAL_ADDRESSES["Riverton Refuge"]
    for fragment in (address, "Willow Lane", "RV3 8QT"):
        assert fragment.encode() not in stored
    assert len(secret) >= 16
    assert secret.encode() not in stored
