import uuid
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class EncryptedModel(models.Model):
    """Base of every model with encrypted fields (accord.core.fields).

    Each token is bound to its row through `uid`, which exists before the row is inserted
    (unlike an autoincrement primary key) and never changes.
    """

    uid = models.UUIDField(_("unique id"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True

    def refresh_from_db(
        self,
        using: str | None = None,
        fields: Iterable[str] | None = None,
        from_queryset: models.QuerySet | None = None,
    ) -> None:
        # Reloading an encrypted field decrypts it on a fresh instance, which needs the row's
        # uid: load it in the same query rather than in a second, deferred one.
        if fields is not None:
            fields = set(fields)
            encrypted = {f.attname for f in self._meta.concrete_fields if _is_encrypted(f)}
            if fields & encrypted:
                fields.add("uid")
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)


def _is_encrypted(field: models.Field) -> bool:
    from accord.core.fields import EncryptedField

    return isinstance(field, EncryptedField)
