"""A token that cannot be decrypted raises, loudly and without data: wrong key, tampering, or a
token copied into another row or column never yields a value."""

import logging

import pytest

from accord.accounts import services as accounts
from accord.accounts.models import Service, ServiceKind
from accord.audit.context import Actor
from accord.core.crypto import DecryptionError
from accord.core.tests.encryption_helpers import (
    Dossier,
    create_dossier_table,
    new_key,
    raw_column,
    set_raw_column,
)
from accord.testing import World

ADDRESS = "14 Willow Lane, Riverton RV3 8QT"
TABLE, COLUMN = "accounts_service", "confidential_address"


@pytest.fixture
def refuge(world: World) -> Service:
    return accounts.service_create(
        actor=Actor.system(),
        organisation=world.womens_aid,
        name="Refuge",
        kind=ServiceKind.SURVIVOR_SUPPORT,
        confidential_address=ADDRESS,
    )


def test_it_fails_when_the_key_id_is_not_in_the_ring(refuge: Service, settings, caplog) -> None:
    key_id = raw_column(TABLE, COLUMN, refuge.pk).split(":")[1]
    settings.ACCORD_ENCRYPTION_KEYS = f"other:{new_key()}"
    with pytest.raises(DecryptionError, match="unknown key id"):
        _ = Service.objects.get(pk=refuge.pk).confidential_address
    assert key_id in caplog.text


def test_it_fails_when_the_key_under_that_id_is_another(refuge: Service, settings) -> None:
    key_id = raw_column(TABLE, COLUMN, refuge.pk).split(":")[1]
    settings.ACCORD_ENCRYPTION_KEYS = f"{key_id}:{new_key()}"
    with pytest.raises(DecryptionError, match="authentication failed"):
        _ = Service.objects.get(pk=refuge.pk).confidential_address


def test_it_fails_when_the_ciphertext_was_tampered_with(refuge: Service) -> None:
    token = raw_column(TABLE, COLUMN, refuge.pk)
    # Flip one character in the middle of the ciphertext (stays valid base64).
    middle = len(token) // 2 + 6
    flipped = "A" if token[middle] != "A" else "B"
    set_raw_column(TABLE, COLUMN, refuge.pk, token[:middle] + flipped + token[middle + 1 :])
    with pytest.raises(DecryptionError):
        _ = Service.objects.get(pk=refuge.pk).confidential_address


def test_it_fails_when_the_ciphertext_was_moved_to_another_row(
    refuge: Service, world: World, caplog
) -> None:
    other = world.support_service
    set_raw_column(TABLE, COLUMN, other.pk, raw_column(TABLE, COLUMN, refuge.pk))
    caplog.set_level(logging.WARNING, logger="accord.core.crypto")
    with pytest.raises(DecryptionError, match="authentication failed"):
        _ = Service.objects.get(pk=other.pk).confidential_address
    # The warning names the place and the key id, never the data or the token.
    other.refresh_from_db(fields=["uid"])
    assert f"accounts.service.confidential_address:{other.uid}" in caplog.text
    assert ADDRESS not in caplog.text
    assert raw_column(TABLE, COLUMN, refuge.pk).split(":")[2] not in caplog.text


def test_it_fails_when_the_ciphertext_was_moved_to_another_column(db) -> None:
    create_dossier_table()
    dossier = Dossier.objects.create(note='"a note"', facts="a note")
    token = raw_column("core_test_dossier", "note", dossier.pk)
    set_raw_column("core_test_dossier", "facts", dossier.pk, token)
    with pytest.raises(DecryptionError):
        _ = Dossier.objects.get(pk=dossier.pk).facts


def test_it_refuses_to_save_a_row_holding_a_foreign_token(refuge: Service, world: World) -> None:
    other = world.support_service
    set_raw_column(TABLE, COLUMN, other.pk, raw_column(TABLE, COLUMN, refuge.pk))
    loaded = Service.objects.get(pk=other.pk)
    loaded.name = "Renamed"
    # Saving re-encrypts, which first checks the token: a misplaced one is not written back.
    with pytest.raises(DecryptionError):
        loaded.save()


def test_it_fails_on_a_value_that_is_not_a_token(refuge: Service) -> None:
    set_raw_column(TABLE, COLUMN, refuge.pk, ADDRESS)
    with pytest.raises(DecryptionError, match="malformed"):
        _ = Service.objects.get(pk=refuge.pk).confidential_address
