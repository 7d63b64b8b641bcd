"""Encrypt the authenticator secrets written in the clear before MFAAdapter.encrypt existed.

The associated data and the data keys are spelled out here rather than imported, so that this
migration keeps meaning what it meant when later code changes.
"""

from django.db import migrations

AAD = "allauth.mfa.secret"


def _convert(data, convert):
    data = dict(data)
    for key in ("secret", "seed"):
        if isinstance(data.get(key), str):
            data[key] = convert(data[key])
    if isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [convert(code) for code in data["migrated_codes"]]
    return data


def encrypt_secrets(apps, schema_editor):
    from accord.core import crypto

    def encrypt(value):
        return value if crypto.token_key_id(value) else crypto.encrypt(value, aad=AAD)

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]):
        authenticator.data = _convert(authenticator.data, encrypt)
        authenticator.save(update_fields=["data"])


def decrypt_secrets(apps, schema_editor):
    from accord.core import crypto

    def decrypt(value):
        return crypto.decrypt(value, aad=AAD) if crypto.token_key_id(value) else value

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]):
        authenticator.data = _convert(authenticator.data, decrypt)
        authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_service_uid_unique"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.RunPython(encrypt_secrets, decrypt_secrets),
    ]
