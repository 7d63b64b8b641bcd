"""Encryption at rest (docs/product.md §4.6): a key ring, authenticated encryption, a blind index.

Tokens are text, so that they fit any column: ``v1:<key id>:<urlsafe-base64(nonce || ciphertext)>``.
AES-256-GCM authenticates every token together with its *associated data*, a string naming the
place the token belongs to (for a model field: ``app_label.model_name.field_name:<row uid>``).
A token copied into another row or column therefore fails exactly like a forged one.

The key ring comes from ``settings.ACCORD_ENCRYPTION_KEYS``: ``id:key,id:key,…``, newest first.
The newest key encrypts; every key decrypts, so that keys can be rotated (``manage.py
rotate_keys``) before an old one is removed. Settings are read on first use, never at import.

Nothing in this module logs or raises with a plaintext, a token or a key in the message.
"""

import base64
import binascii
import functools
import hashlib
import hmac
import logging
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

logger = logging.getLogger(__name__)

FORMAT_VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16

_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
# Exactly what urlsafe_b64encode writes: the lenient decoder would skip stray characters.
_URLSAFE_B64 = re.compile(r"[A-Za-z0-9_-]*={0,2}")


class DecryptionError(Exception):
    """A token could not be decrypted: unknown key, tampered, misplaced or malformed.

    Callers never fall back to the raw value: the error propagates (fail closed).
    """


@dataclass(frozen=True)
class KeyRing:
    # Ordered newest first. repr=False: a key must never reach a log or a traceback.
    keys: dict[str, bytes] = field(repr=False)

    @property
    def newest_id(self) -> str:
        return next(iter(self.keys))

    @property
    def ids(self) -> list[str]:
        return list(self.keys)


def _decode_urlsafe_b64(value: str) -> bytes:
    """Strict urlsafe base64: only the canonical encoding of some bytes is accepted."""
    if not _URLSAFE_B64.fullmatch(value):
        raise ValueError("not urlsafe base64")
    try:
        decoded = base64.urlsafe_b64decode(value)
    except (binascii.Error, ValueError) as error:
        raise ValueError("not urlsafe base64") from error
    if base64.urlsafe_b64encode(decoded).decode() != value:
        raise ValueError("not canonical urlsafe base64")
    return decoded


def parse_key_ring(value: str) -> KeyRing:
    """Parse ``id:key,id:key`` (newest first), refusing anything doubtful.

    Error messages name the entry and its id, never the key material.
    """
    name = "ACCORD_ENCRYPTION_KEYS"
    if not isinstance(value, str) or not value.strip():
        raise ImproperlyConfigured(f"{name} is empty: it needs at least one 'id:key' entry.")
    keys: dict[str, bytes] = {}
    for position, entry in enumerate(value.split(","), start=1):
        entry = entry.strip()
        if not entry:
            raise ImproperlyConfigured(f"{name}: entry {position} is empty (a stray comma?).")
        key_id, separator, encoded = entry.partition(":")
        if not separator:
            raise ImproperlyConfigured(
                f"{name}: entry {position} has no ':'; the format is 'id:urlsafe-base64-key'."
            )
        if not _KEY_ID.fullmatch(key_id):
            raise ImproperlyConfigured(
                f"{name}: entry {position} has an invalid key id; use 1 to 32 of A-Z a-z 0-9 _ -."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"{name}: key id {key_id!r} appears twice.")
        try:
            key = _decode_urlsafe_b64(encoded)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: key {key_id!r} is not valid urlsafe base64."
            ) from None
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(
                f"{name}: key {key_id!r} is {len(key)} bytes long; it must be {KEY_BYTES}."
            )
        keys[key_id] = key
    return KeyRing(keys=keys)


def parse_blind_index_key(value: str) -> bytes:
    name = "ACCORD_BLIND_INDEX_KEY"
    if not isinstance(value, str) or not value.strip():
        raise ImproperlyConfigured(f"{name} is empty.")
    try:
        key = _decode_urlsafe_b64(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} is not valid urlsafe base64.") from None
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(f"{name} is {len(key)} bytes long; it must be {KEY_BYTES}.")
    return key


@functools.cache
def key_ring() -> KeyRing:
    return parse_key_ring(settings.ACCORD_ENCRYPTION_KEYS)


@functools.cache
def _blind_index_key() -> bytes:
    return parse_blind_index_key(settings.ACCORD_BLIND_INDEX_KEY)


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: Any) -> None:
    # Tests swap keys with override_settings; a cached ring would silently keep the old ones.
    if setting == "ACCORD_ENCRYPTION_KEYS":
        key_ring.cache_clear()
    elif setting == "ACCORD_BLIND_INDEX_KEY":
        _blind_index_key.cache_clear()


# --- tokens -------------------------------------------------------------------------------------


def field_aad(label_lower: str, field_name: str, uid: object) -> str:
    """The associated data binding a model field's token to its column and row."""
    return f"{label_lower}.{field_name}:{uid}"


def encrypt(plaintext: str, *, aad: str) -> str:
    """Encrypt under the newest key. `aad` names where the token will be stored."""
    ring = key_ring()
    key_id = ring.newest_id
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(ring.keys[key_id]).encrypt(nonce, plaintext.encode(), aad.encode())
    return f"{FORMAT_VERSION}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def token_key_id(token: str) -> str | None:
    """The id of the key a token was written with, or None if it is not a token at all."""
    version, _, rest = token.partition(":")
    key_id, separator, _ = rest.partition(":")
    if version != FORMAT_VERSION or not separator or not _KEY_ID.fullmatch(key_id):
        return None
    return key_id


def _fail(aad: str, key_id: str | None, reason: str) -> DecryptionError:
    # The associated data names the model, field and row uid: enough to find the row, and no
    # person data. The token itself is never logged.
    logger.warning("Decryption failed for %s (key id %s): %s", aad, key_id or "-", reason)
    return DecryptionError(f"Could not decrypt {aad} (key id {key_id or '-'}): {reason}")


def decrypt(token: str, *, aad: str) -> str:
    """Decrypt a token written for `aad`; raise DecryptionError on any doubt."""
    if not isinstance(token, str):
        raise _fail(aad, None, "not a token")
    key_id = token_key_id(token)
    if key_id is None:
        raise _fail(aad, None, "malformed token")
    key = key_ring().keys.get(key_id)
    if key is None:
        raise _fail(aad, key_id, "unknown key id (was the key removed from the ring?)")
    try:
        blob = _decode_urlsafe_b64(token.split(":", 2)[2])
    except ValueError:
        raise _fail(aad, key_id, "malformed token") from None
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise _fail(aad, key_id, "malformed token")
    nonce, sealed = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    try:
        plaintext = AESGCM(key).decrypt(nonce, sealed, aad.encode())
    except InvalidTag:
        raise _fail(
            aad, key_id, "authentication failed (tampered, or moved from another row or column)"
        ) from None
    try:
        return plaintext.decode()
    except UnicodeDecodeError:
        raise _fail(aad, key_id, "plaintext is not UTF-8") from None


# --- blind index --------------------------------------------------------------------------------


def normalise(value: str) -> str:
    """The form two spellings of the same thing share: NFKC, case-folded, single spaces."""
    # Case folding can undo NFKC (U+01F0 folds to "j" plus a combining caron): normalise again.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    return " ".join(folded.split())


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed digest for exact search over an encrypted value.

    `purpose` (e.g. "person.name_dob") separates domains: the same value indexed for two
    purposes gives unrelated digests, so columns cannot be joined on each other.
    """
    if not purpose or "\x00" in purpose:
        raise ValueError("A blind index needs a purpose without NUL characters.")
    message = f"{purpose}\x00{normalise(value)}".encode()
    return hmac.new(_blind_index_key(), message, hashlib.sha256).hexdigest()


# --- configuration check ------------------------------------------------------------------------


@register()
def check_keys(**kwargs: Any) -> list[CheckMessage]:
    """Report a bad key ring at start-up rather than at the first encrypted read."""
    errors: list[CheckMessage] = []
    for setting, parse, check_id in (
        ("ACCORD_ENCRYPTION_KEYS", parse_key_ring, "core.E001"),
        ("ACCORD_BLIND_INDEX_KEY", parse_blind_index_key, "core.E002"),
    ):
        try:
            parse(getattr(settings, setting, ""))
        except ImproperlyConfigured as error:
            errors.append(Error(str(error), id=check_id))
    return errors
