"""Model fields encrypted at rest (docs/product.md §4.6), on top of accord.core.crypto.

How a value travels:

- loading a row gives a `Sealed` token (``from_db_value`` has no instance, so no row uid);
- reading the attribute decrypts it with the instance's uid and keeps the plaintext on the
  instance (the descriptor);
- assigning stores plaintext on the instance;
- saving encrypts under the newest key (``pre_save``).

The database layer accepts only `Sealed` tokens or None: ``QuerySet.update(field="x")`` and
``filter(field="x")`` raise TypeError instead of writing or comparing plaintext. Exact search
goes through a separate blind-index column (crypto.blind_index). Values fetched with
``values()``/``values_list()`` stay sealed, since they come without a row to decrypt against.
"""

import datetime
import json
from typing import Any

from django import forms
from django.apps import apps
from django.core import checks, exceptions
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import Exact, IsNull
from django.db.models.query_utils import DeferredAttribute
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from accord.core import crypto
from accord.core.models import EncryptedModel


class Sealed:
    """A token as stored in the database, not yet decrypted."""

    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        self.token = token

    @property
    def key_id(self) -> str | None:
        return crypto.token_key_id(self.token)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sealed) and other.token == self.token

    def __hash__(self) -> int:
        return hash(self.token)

    def __repr__(self) -> str:
        return f"<Sealed key={self.key_id}>"

    def __str__(self) -> str:
        # Shown if a sealed value ever reaches a template (e.g. through values()).
        return "[encrypted]"


class NoneOnlyExact(Exact):
    """`field=None` (read as isnull); any other value is refused rather than compared."""

    def get_prep_lookup(self) -> Any:
        if self.rhs is not None:
            raise TypeError(
                f"{self.lhs.output_field.model._meta.label}.{self.lhs.output_field.name} is "
                "encrypted and cannot be compared with a value; search through a blind index."
            )
        return None


class EncryptedAttribute(DeferredAttribute):
    """Decrypts on first read and keeps the plaintext on the instance.

    A data descriptor (it defines __set__), so every read passes through __get__ even once
    the value sits in the instance's __dict__.
    """

    field: "EncryptedField"

    def __get__(self, instance: models.Model | None, cls: type | None = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)  # loads a deferred field
        if isinstance(value, Sealed):
            value = self.field.unseal(instance, value)
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedField(models.Field):
    """Base class: a text column holding a token; subclasses say how plaintext is written."""

    descriptor_class = EncryptedAttribute

    def get_internal_type(self) -> str:
        return "TextField"

    # --- plaintext <-> string (subclasses) ---

    def to_plaintext(self, value: Any) -> str:
        raise NotImplementedError

    def from_plaintext(self, text: str) -> Any:
        raise NotImplementedError

    # --- sealing ---

    def aad_for(self, instance: models.Model) -> str:
        uid = getattr(instance, "uid", None)
        if uid is None:
            raise exceptions.ImproperlyConfigured(
                f"{self.model._meta.label} has encrypted fields but no uid: "
                "inherit accord.core.models.EncryptedModel."
            )
        return crypto.field_aad(self.model._meta.label_lower, self.name, uid)

    def seal(self, instance: models.Model, value: Any) -> Sealed | None:
        if value is None:
            return None
        return Sealed(crypto.encrypt(self.to_plaintext(value), aad=self.aad_for(instance)))

    def unseal(self, instance: models.Model, sealed: Sealed) -> Any:
        return self.from_plaintext(crypto.decrypt(sealed.token, aad=self.aad_for(instance)))

    def raw_value(self, instance: models.Model) -> Any:
        """What the instance holds without decrypting: Sealed, plaintext, or None."""
        return instance.__dict__.get(self.attname)

    # --- the ORM ---

    def from_db_value(
        self, value: str | None, expression: Any, connection: BaseDatabaseWrapper
    ) -> Sealed | None:
        return None if value is None else Sealed(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> Sealed | None:
        # Always re-encrypt (fresh nonce, newest key), also a value never read: the token is
        # checked against this row on the way, so a misplaced one cannot be saved back.
        return self.seal(model_instance, getattr(model_instance, self.attname))

    def get_prep_value(self, value: Any) -> Sealed | None:
        if value is None or isinstance(value, Sealed):
            return value
        raise TypeError(
            f"{self.model._meta.label}.{self.name} is encrypted: the database takes only sealed "
            "values. Assign the attribute and save the instance; search through a blind index."
        )

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> str | None:
        value = self.get_prep_value(value)
        return None if value is None else value.token

    def get_lookup(self, lookup_name: str) -> Any:
        # Tokens are never compared (each differs, even for equal values): only "is there a
        # value" may be asked of the column. `exact` stays so that `field=None` still works.
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return NoneOnlyExact
        return None

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def value_to_string(self, obj: models.Model) -> str | None:
        # Serialisation (dumpdata) carries the token, never the plaintext.
        value = self.raw_value(obj)
        if value is None or isinstance(value, Sealed):
            return value.token if value is not None else None
        sealed = self.seal(obj, value)
        return sealed.token if sealed is not None else None

    # --- checks ---

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        model = getattr(self, "model", None)
        if model is not None and not issubclass(model, EncryptedModel):
            errors.append(
                checks.Error(
                    f"{type(self).__name__} is used on a model without a row uid.",
                    hint="Make the model inherit accord.core.models.EncryptedModel.",
                    obj=self,
                    id="core.E010",
                )
            )
        if self.unique or self.db_index or self.primary_key:
            errors.append(
                checks.Error(
                    "An encrypted field cannot be unique, indexed or a primary key: every "
                    "token differs, even for equal values.",
                    hint="Index a blind-index column instead (accord.core.crypto.blind_index).",
                    obj=self,
                    id="core.E011",
                )
            )
        return errors


class EncryptedTextField(EncryptedField):
    description = _("Text (encrypted)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(MaxLengthValidator(self.max_length))

    def to_python(self, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def to_plaintext(self, value: Any) -> str:
        return self.to_python(value) or ""

    def from_plaintext(self, text: str) -> str:
        return text

    def formfield(self, **kwargs: Any) -> forms.Field:
        defaults: dict[str, Any] = {"max_length": self.max_length, "widget": forms.Textarea}
        if self.null:
            # A cleared form field means "no value" (NULL), not an encrypted empty string.
            defaults["empty_value"] = None
        return super().formfield(**{**defaults, **kwargs})


class EncryptedDateField(EncryptedField):
    description = _("Date (encrypted)")
    empty_strings_allowed = False
    default_error_messages = {
        "invalid": _("“%(value)s” is not a date; use the YYYY-MM-DD format."),
        "invalid_date": _("“%(value)s” has the YYYY-MM-DD format but is not a real date."),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            parsed = parse_date(str(value))
        except ValueError:
            raise exceptions.ValidationError(
                self.error_messages["invalid_date"], code="invalid_date", params={"value": value}
            ) from None
        if parsed is None:
            raise exceptions.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        return parsed

    def to_plaintext(self, value: Any) -> str:
        date = self.to_python(value)
        assert date is not None  # None is stored as NULL before we get here
        return date.isoformat()

    def from_plaintext(self, text: str) -> datetime.date:
        return datetime.date.fromisoformat(text)

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(**{"form_class": forms.DateField, **kwargs})


class EncryptedJSONField(EncryptedField):
    """Any JSON-serialisable value. None is SQL NULL (JSON null is not stored distinctly)."""

    description = _("JSON (encrypted)")
    empty_strings_allowed = False
    default_error_messages = {"invalid": _("Value must be valid JSON.")}

    def __init__(
        self,
        *args: Any,
        encoder: type[json.JSONEncoder] | None = None,
        decoder: type[json.JSONDecoder] | None = None,
        **kwargs: Any,
    ) -> None:
        self.encoder = encoder
        self.decoder = decoder
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        if self.encoder is not None:
            kwargs["encoder"] = self.encoder
        if self.decoder is not None:
            kwargs["decoder"] = self.decoder
        return name, path, args, kwargs

    def to_python(self, value: Any) -> Any:
        return value

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        try:
            self.to_plaintext(value)
        except (TypeError, ValueError):
            raise exceptions.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None

    def to_plaintext(self, value: Any) -> str:
        return json.dumps(value, cls=self.encoder, ensure_ascii=False, separators=(",", ":"))

    def from_plaintext(self, text: str) -> Any:
        return json.loads(text, cls=self.decoder)

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(
            **{
                "form_class": forms.JSONField,
                "encoder": self.encoder,
                "decoder": self.decoder,
                **kwargs,
            }
        )


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every installed model with encrypted columns, and the names of those columns.

    Only fields stored in the model's own table are listed, so a multi-table child does not
    repeat its parent's columns.
    """
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.local_concrete_fields if isinstance(f, EncryptedField)]
        if names:
            found.append((model, names))
    return found
