"""The blind index finds a value however it was typed, and only within its purpose."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.crypto import blind_index, normalise
from accord.core.tests.encryption_helpers import new_key

PURPOSE = "person.name_dob"


@pytest.mark.parametrize(
    "spelling",
    [
        "maría lópez 1990-02-28",
        "  MARÍA   LÓPEZ\t1990-02-28 ",
        "Mari\u0301a Lo\u0301pez 1990-02-28",  # combining accents (NFD)
        "ＭＡＲÍＡ ＬÓＰＥＺ １９９０-０２-２８",  # full-width forms
        "María\u00a0López\n1990-02-28",  # no-break space, newline
    ],
)
def test_it_gives_equal_spellings_equal_digests(spelling: str) -> None:
    assert blind_index(spelling, purpose=PURPOSE) == blind_index(
        "María López 1990-02-28", purpose=PURPOSE
    )


def test_it_folds_case_beyond_lowercase() -> None:
    assert blind_index("STRASSE", purpose=PURPOSE) == blind_index("straße", purpose=PURPOSE)


def test_it_separates_purposes() -> None:
    assert blind_index("María", purpose="person.name") != blind_index(
        "María", purpose="person.phone"
    )


def test_it_tells_different_values_apart() -> None:
    assert blind_index("María López", purpose=PURPOSE) != blind_index(
        "Maria Lopez", purpose=PURPOSE
    )


def test_it_depends_on_the_key(settings) -> None:
    before = blind_index("María", purpose=PURPOSE)
    settings.ACCORD_BLIND_INDEX_KEY = new_key()
    assert blind_index("María", purpose=PURPOSE) != before


def test_it_returns_hex_sha256() -> None:
    digest = blind_index("María", purpose=PURPOSE)
    assert len(digest) == 64 and int(digest, 16) >= 0


def test_it_needs_a_purpose() -> None:
    with pytest.raises(ValueError):
        blind_index("María", purpose="")


@settings(max_examples=50, deadline=None)
@given(value=st.text())
def test_it_normalises_idempotently(value: str) -> None:
    assert normalise(normalise(value)) == normalise(value)
    assert blind_index(normalise(value), purpose=PURPOSE) == blind_index(value, purpose=PURPOSE)
