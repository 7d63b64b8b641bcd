"""The hot pages render byte for byte what they rendered before the hot-path work (issue 16).

Fixed data (the personas, her case with a chronology, more cases, a programme case), a fixed
clock and fixed random references; each page is compared with the reference stored in
`reference_pages/`. Only what legitimately differs between two renderings of the same data is
normalised: the CSP nonce and the CSRF token. A change that alters a page on purpose
regenerates the references:

    ACCORD_WRITE_REFERENCE_PAGES=1 python -m pytest accord/cases/tests/test_reference_pages.py

and the diff of `reference_pages/` shows what changed.
"""

import datetime
import difflib
import os
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest

from accord.testing import build_casework, build_world

from .helpers import case_url, fill_chronology, open_cases, settled_client

REFERENCES = Path(__file__).parent / "reference_pages"
WRITE = os.environ.get("ACCORD_WRITE_REFERENCE_PAGES") == "1"
NOW = datetime.datetime(2026, 3, 10, 9, 30, tzinfo=datetime.UTC)

# What differs between two renderings of the same data.
VOLATILE = [
    (re.compile(r'nonce="[^"]*"'), 'nonce="NONCE"'),
    (
        re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
        'name="csrfmiddlewaretoken" value="CSRF"',
    ),
    (re.compile(r'"X-CSRFToken": *"[^"]*"'), '"X-CSRFToken": "CSRF"'),
    (
        re.compile(r'<meta name="csrf-token" content="[^"]*"'),
        '<meta name="csrf-token" content="CSRF"',
    ),
]


@contextmanager
def fixed_world() -> Iterator[None]:
    """A clock that stands still and references drawn from a seeded generator."""
    rng = random.Random(16)
    with (
        mock.patch("django.utils.timezone.now", lambda: NOW),
        mock.patch("accord.core.references.secrets", SimpleNamespace(choice=rng.choice)),
    ):
        yield


def normalised(html: str) -> str:
    for pattern, replacement in VOLATILE:
        html = pattern.sub(replacement, html)
    return html


def compare(name: str, html: str) -> None:
    path = REFERENCES / f"{name}.html"
    html = normalised(html)
    if WRITE:
        path.write_text(html, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    if html != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    html.splitlines(keepends=True),
                    fromfile=f"reference {name}",
                    tofile=f"rendered {name}",
                )
            )[:80]
        )
        pytest.fail(f"{name} differs from its reference page:\n{diff}")


def test_it_renders_the_hot_pages_as_their_references(
    transactional_db, django_db_reset_sequences
) -> None:
    with fixed_world():
        world = build_world()
        casework = build_casework(world)
        fill_chronology(world, casework.her_case, 4)
        open_cases(world, 3)
        open_cases(world, 2, key_worker=world.manager, given_name="Lucia")
        pages = {
            "case_page_caseworker": (world.caseworker, case_url(casework.her_case)),
            "case_page_facilitator": (world.facilitator, case_url(casework.his_case)),
            "caseload_caseworker": (world.caseworker, "/cases/"),
            "team_caseload_caseworker": (world.caseworker, "/cases/?scope=team"),
            "team_caseload_manager": (world.manager, "/cases/?scope=team"),
            "all_caseload_dpo": (world.dpo, "/cases/?scope=all"),
            "caseload_filtered": (
                world.caseworker,
                "/cases/?scope=all&status=open&kind=survivor_support",
            ),
        }
        for name, (user, url) in pages.items():
            response = settled_client(user).get(url)
            assert response.status_code == 200, name
            compare(name, response.content.decode())
