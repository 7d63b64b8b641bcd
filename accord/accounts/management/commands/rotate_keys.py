"""Re-encrypt every encrypted value that is not yet under the newest key.

Run after putting a new key first in ACCORD_ENCRYPTION_KEYS; once it reports nothing left,
the old key can be removed from the ring. Each batch commits on its own with its audit event,
so an interrupted run loses nothing and a second run picks up only what is still on old keys.
"""

from collections.abc import Iterator
from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models.functions import Cast

from accord.accounts.adapters import MFAAdapter
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.core import crypto
from accord.core.fields import EncryptedField, Sealed, encrypted_fields

ACTION = "keys.rotated"
# Authenticator data entries that allauth writes through MFAAdapter.encrypt().
MFA_TYPES = [Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields and MFA secrets under the newest key of the key ring."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Rows per transaction (default 500).",
        )

    def handle(self, *args: object, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        newest = crypto.key_ring().newest_id
        self.stdout.write(f"Newest key: {newest}")
        try:
            for model, names in encrypted_fields():
                count = self.rotate_model(model, names, newest=newest, batch_size=batch_size)
                self.report(model._meta.label_lower, count, newest)
            count = self.rotate_authenticators(newest=newest, batch_size=batch_size)
            self.report(Authenticator._meta.label_lower, count, newest)
        except crypto.DecryptionError as error:
            # The batch in progress is rolled back; finished batches stay rotated. The message
            # names the row and key id, never data.
            raise CommandError(f"Stopped: {error}") from error

    def report(self, label: str, count: int, newest: str) -> None:
        self.stdout.write(f"{label}: {count} row(s) re-encrypted under {newest}")

    # --- model fields ---

    def rotate_model(
        self, model: type[models.Model], names: list[str], *, newest: str, batch_size: int
    ) -> int:
        manager = model._base_manager
        # Select stale rows in the database by the key id at the start of the raw token, so
        # that a second run reads only what is left. Cast gives the raw text, not Sealed.
        prefix = f"{crypto.FORMAT_VERSION}:{newest}:"
        stale = models.Q()
        raw_columns = {}
        for name in names:
            alias = f"_raw_{name}"
            raw_columns[alias] = Cast(name, output_field=models.TextField())
            stale |= models.Q(**{f"{alias}__isnull": False}) & ~models.Q(
                **{f"{alias}__startswith": prefix}
            )
        candidates = manager.alias(**raw_columns).filter(stale).order_by("pk")
        fields: list[EncryptedField] = [model._meta.get_field(name) for name in names]

        total = 0
        for pks in _batches(candidates, batch_size):
            with transaction.atomic():
                changed = 0
                # Locked until the batch commits: a concurrent save must not be overwritten
                # with the value read here.
                rows = manager.select_for_update().filter(pk__in=pks).only("uid", *names)
                for row in rows:
                    updates: dict[str, Sealed | None] = {}
                    for field in fields:
                        raw = field.raw_value(row)
                        if isinstance(raw, Sealed) and raw.key_id != newest:
                            # Reading decrypts (and checks the token belongs to this row).
                            updates[field.attname] = field.seal(row, getattr(row, field.attname))
                    if updates:
                        manager.filter(pk=row.pk).update(**updates)
                        changed += 1
                if changed:
                    self.audit(model._meta.label_lower, changed, newest)
                total += changed
        return total

    # --- MFA secrets (allauth's JSON, encrypted through the MFA adapter) ---

    def rotate_authenticators(self, *, newest: str, batch_size: int) -> int:
        adapter = MFAAdapter()

        def reseal(value: str) -> str:
            if crypto.token_key_id(value) == newest:
                return value
            return adapter.encrypt(adapter.decrypt(value))

        candidates = Authenticator.objects.filter(type__in=MFA_TYPES).order_by("pk")
        total = 0
        for pks in _batches(candidates, batch_size):
            with transaction.atomic():
                changed = 0
                rows = Authenticator.objects.select_for_update().filter(pk__in=pks).order_by("pk")
                for authenticator in rows:
                    data = _map_secrets(authenticator.data, reseal)
                    if data != authenticator.data:
                        Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
                        changed += 1
                if changed:
                    self.audit(Authenticator._meta.label_lower, changed, newest)
                total += changed
        return total

    def audit(self, label: str, count: int, newest: str) -> None:
        audit_event_record(
            actor=Actor.system(),
            action=ACTION,
            object_type=label,
            object_id="",
            reason=f"{count} row(s) re-encrypted under key {newest}",
        )


def _batches(queryset: models.QuerySet, size: int) -> Iterator[list[Any]]:
    """Primary keys in ascending batches. Keyset pagination (pk > last) rather than offsets:
    rows leave the stale set as they are rewritten, which would make offsets skip some."""
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        pks = list(page.values_list("pk", flat=True)[:size])
        if not pks:
            return
        yield pks
        last = pks[-1]


def _map_secrets(data: dict[str, Any], convert: Any) -> dict[str, Any]:
    """A copy of an authenticator's data with `convert` applied to each encrypted entry."""
    data = dict(data)
    for key in ("secret", "seed"):
        if isinstance(data.get(key), str):
            data[key] = convert(data[key])
    if isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [convert(code) for code in data["migrated_codes"]]
    return data
