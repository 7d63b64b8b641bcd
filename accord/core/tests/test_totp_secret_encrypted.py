"""Authenticator secrets (TOTP key, recovery-code seed) are stored encrypted, and sign-in codes
still work."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from accord.accounts.adapters import MFAAdapter
from accord.accounts.selectors import user_current_totp_code
from accord.testing import World


def test_it_stores_no_plaintext_totp_secret(world: World) -> None:
    authenticator = Authenticator.objects.get(user=world.caseworker, type=Authenticator.Type.TOTP)
    token = authenticator.data["secret"]
    assert token.startswith("v1:")
    secret = MFAAdapter().decrypt(token)
    assert secret and secret not in str(authenticator.data)


def test_it_stores_no_plaintext_recovery_seed(world: World) -> None:
    authenticator = Authenticator.objects.get(
        user=world.caseworker, type=Authenticator.Type.RECOVERY_CODES
    )
    assert authenticator.data["seed"].startswith("v1:")
    assert len(RecoveryCodes(authenticator).get_unused_codes()) == 10


def test_it_still_accepts_the_current_code(world: World) -> None:
    code = user_current_totp_code(world.caseworker)
    authenticator = Authenticator.objects.get(user=world.caseworker, type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(code)


def test_it_encrypts_secrets_written_before_encryption_existed(world: World) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("accord.accounts.migrations.0005_encrypt_mfa_secrets")
    authenticator = Authenticator.objects.get(user=world.caseworker, type=Authenticator.Type.TOTP)
    plaintext = MFAAdapter().decrypt(authenticator.data["secret"])
    Authenticator.objects.filter(pk=authenticator.pk).update(data={"secret": plaintext})

    migration.encrypt_secrets(apps, None)
    migration.encrypt_secrets(apps, None)  # a second pass leaves tokens alone

    authenticator.refresh_from_db()
    assert authenticator.data["secret"].startswith("v1:")
    assert MFAAdapter().decrypt(authenticator.data["secret"]) == plaintext
    migration.decrypt_secrets(apps, None)
    authenticator.refresh_from_db()
    assert authenticator.data["secret"] == plaintext
