"""The key ring is parsed strictly, read lazily, and re-read when the setting changes."""

import pytest
from django.core.checks.registry import registry
from django.core.exceptions import ImproperlyConfigured

from accord.core import crypto
from accord.core.tests.encryption_helpers import new_key


def test_it_puts_the_first_key_first() -> None:
    ring = crypto.parse_key_ring(f"k2:{new_key()}, k1:{new_key()}")
    assert ring.newest_id == "k2"
    assert ring.ids == ["k2", "k1"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty"),
        ("k1", "no ':'"),
        ("k1:{key},", "entry 2 is empty"),
        ("k1:{key},k1:{key}", "appears twice"),
        ("k 1:{key}", "invalid key id"),
        ("k.1:{key}", "invalid key id"),
        (":{key}", "invalid key id"),
        ("k1:{key}!", "not valid urlsafe base64"),
        ("k1:{standard}", "not valid urlsafe base64"),
        ("k1:c2hvcnQ=", "5 bytes long"),
    ],
)
def test_it_refuses_a_doubtful_ring(value: str, message: str) -> None:
    key = new_key()
    # A key whose standard encoding holds '+' or '/': the urlsafe alphabet is required.
    standard = "+/" + key[2:]
    with pytest.raises(ImproperlyConfigured, match=message) as raised:
        crypto.parse_key_ring(value.format(key=key, standard=standard))
    assert key not in str(raised.value)


def test_it_refuses_a_short_blind_index_key() -> None:
    with pytest.raises(ImproperlyConfigured, match="32"):
        crypto.parse_blind_index_key("c2hvcnQ=")


def test_it_follows_a_changed_setting(settings) -> None:
    settings.ACCORD_ENCRYPTION_KEYS = f"first:{new_key()}"
    assert crypto.key_ring().newest_id == "first"
    settings.ACCORD_ENCRYPTION_KEYS = f"second:{new_key()}"
    assert crypto.key_ring().newest_id == "second"


def test_it_reports_a_bad_ring_in_the_system_checks(settings) -> None:
    settings.ACCORD_ENCRYPTION_KEYS = "k1:short"
    assert [message.id for message in crypto.check_keys()] == ["core.E001"]
    assert any(check.__name__ == "check_keys" for check in registry.get_checks())


def test_it_keeps_keys_out_of_its_repr() -> None:
    key = new_key()
    assert key not in repr(crypto.parse_key_ring(f"k1:{key}"))
