"""The proof that counts: after seeding the demo, the SQLite file on disk holds no plaintext of
an encrypted value. The real commands (`migrate`, `seed_demo`) wrote the file, each in a process
of its own (accord.testing.databases)."""

from pathlib import Path

from accord.demo.locality import CONFIDENTIAL_ADDRESSES
from accord.testing.databases import CopyDatabase, manage

PRINT_A_TOTP_SECRET = """
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
authenticator = Authenticator.objects.filter(type="totp").order_by("pk").first()
print(get_adapter().decrypt(authenticator.data["secret"]))
"""


def test_it_leaves_no_plaintext_in_the_database_file(
    seeded_database: CopyDatabase, tmp_path: Path
) -> None:
    database = seeded_database(tmp_path / "t.sqlite3")
    stored = database.read_bytes()
    secret = manage(database, "shell", "-c", PRINT_A_TOTP_SECRET).strip()

    # The file was really read: ordinary columns are there in the clear.
    assert b"Riverton Refuge" in stored
    address = CONFIDENTIAL_ADDRESSES["Riverton Refuge"]
    for fragment in (address, "Willow Lane", "RV3 8QT"):
        assert fragment.encode() not in stored
    assert len(secret) >= 16
    assert secret.encode() not in stored
