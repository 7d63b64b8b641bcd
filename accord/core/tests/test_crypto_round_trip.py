"""The token layer on its own: what goes in comes out, under the right associated data only."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core import crypto

AAD = "people.person.name:3f1c9a1e-0000-4000-8000-000000000001"


@settings(max_examples=50, deadline=None)
@given(plaintext=st.text())
def test_it_round_trips_any_text(plaintext: str) -> None:
    token = crypto.encrypt(plaintext, aad=AAD)
    assert crypto.decrypt(token, aad=AAD) == plaintext


def test_it_writes_the_documented_token_format() -> None:
    token = crypto.encrypt("Calle Mayor 1", aad=AAD)
    newest = crypto.key_ring().newest_id
    assert re.fullmatch(rf"v1:{newest}:[A-Za-z0-9_-]+=*", token)
    assert crypto.token_key_id(token) == newest
    assert "Calle" not in token


def test_it_uses_a_fresh_nonce_every_time() -> None:
    assert crypto.encrypt("same", aad=AAD) != crypto.encrypt("same", aad=AAD)


def test_it_refuses_the_token_under_other_associated_data() -> None:
    token = crypto.encrypt("Calle Mayor 1", aad=AAD)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, aad=AAD.replace("name", "address"))


@pytest.mark.parametrize(
    "token",
    ["", "Calle Mayor 1", "v2:k1:AAAA", "v1:k1:", "v1:k1:AAAA", "v1:k1:not base64!", "v1::AAAA"],
)
def test_it_refuses_malformed_tokens(token: str) -> None:
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, aad=AAD)
