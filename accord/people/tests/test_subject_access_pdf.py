"""The subject-access PDF: readable, says who printed it, when and for what, and is rendered
with a URL fetcher that reads local static files only.

WeasyPrint needs the system's Pango. Without it these tests skip, saying why, unless
ACCORD_REQUIRE_BROWSER=1 (CI), where a missing library must fail rather than pass quietly.
"""

import os
import socket
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases.models import ContactType
from accord.cases.services import note_add
from accord.core.pdf import local_static_path, static_files_only_fetcher
from accord.people.subject_access import STYLESHEETS, subject_access_data, subject_access_html
from accord.people.tests.dpo_helpers import dpo_client
from accord.testing import SURVIVOR_ADDRESS, SURVIVOR_DISCLOSURE, Casework, World

NEEDS_PANGO = "needs Pango (apt-get install libpango-1.0-0)"
REASON = "Art. 15 request of 3 March"


@pytest.fixture
def weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError):
        if os.environ.get("ACCORD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{NEEDS_PANGO} (ACCORD_REQUIRE_BROWSER=1 forbids skipping)", pytrace=False)
        pytest.skip(NEEDS_PANGO)
    return weasyprint


def pdf_text(weasyprint, html: str) -> list[str]:
    """The text WeasyPrint lays out on the pages, body and page margins (header, footer)."""
    from weasyprint.formatting_structure.boxes import TextBox

    def walk(box):
        yield box
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    document = weasyprint.HTML(string=html, url_fetcher=static_files_only_fetcher()).render()
    return [
        box.text
        for page in document.pages
        for box in walk(page._page_box)
        if isinstance(box, TextBox)
    ]


def html_for(casework: Casework) -> str:
    return subject_access_html(
        subject_access_data(person=casework.survivor),
        printed_by="dpo_a",
        printed_at=timezone.now(),
        reason=REASON,
    )


def test_the_dpo_downloads_a_pdf(weasyprint, world: World, casework: Casework) -> None:
    response = dpo_client(world).post(
        f"/people/{casework.survivor.uid}/subject-access/", {"reason": REASON, "file_format": "pdf"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="person.subject_access_exported")
    assert event.reason == f"pdf: {REASON}"


def test_the_pdf_says_who_printed_it_when_and_for_what(weasyprint, casework: Casework) -> None:
    text = pdf_text(weasyprint, html_for(casework))

    printed = [line for line in text if line.startswith("Printed by dpo_a at ")]
    # In the body and again in every page's footer.
    assert len(printed) >= 2
    assert any(REASON in line for line in text)
    assert any(
        line.startswith("Confidential: personal data held by Women's Aid A") for line in text
    )


def test_the_pdf_holds_her_record_and_her_notes(weasyprint, casework: Casework) -> None:
    text = "\n".join(pdf_text(weasyprint, html_for(casework)))

    assert "García" in text
    assert SURVIVOR_DISCLOSURE in text
    assert casework.her_case.reference in text


def test_her_address_is_in_the_body_never_in_the_header(casework: Casework) -> None:
    # Asserted on the HTML, so it holds without Pango too: the page header (the "printed" box
    # and the running header strings) names who printed it and why, never where she lives.
    html = html_for(casework)
    header, body = html.split("<h2>", 1)

    assert "Printed by dpo_a" in header
    assert SURVIVOR_ADDRESS not in header
    assert SURVIVOR_ADDRESS in body


def test_the_html_escapes_what_staff_typed(world: World, casework: Casework) -> None:
    note_add(
        actor=Actor.for_user(world.caseworker),
        case=casework.her_case,
        contact_type=ContactType.NOTE,
        text='<img src="http://192.0.2.1/track.png">',
    )

    html = html_for(casework)

    assert '<img src="http://192.0.2.1' not in html
    assert "&lt;img src=&quot;http://192.0.2.1/track.png&quot;&gt;" in html


@pytest.mark.parametrize("name", STYLESHEETS)
def test_the_fetcher_serves_the_stylesheets_from_static_files(weasyprint, name: str) -> None:
    stylesheet = Path(finders.find(name)).resolve()

    response = static_files_only_fetcher().fetch(stylesheet.as_uri())

    assert response.read() == stylesheet.read_bytes()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "http://192.0.2.1/style.css",
        "https://fonts.example.org/font.woff2",
        "ftp://192.0.2.1/file",
        "data:text/css,body{}",
        "file:///etc/passwd",
        "file://192.0.2.1/share/style.css",
        # Out of the static folder by "..", and a file that does not exist in it.
        f"file://{settings.BASE_DIR}/static/../config/settings.py",
        f"file://{settings.BASE_DIR}/static/css/missing.css",
    ],
)
def test_the_fetcher_refuses_anything_else(weasyprint, url: str) -> None:
    assert local_static_path(url) is None
    with pytest.raises(ValueError):
        static_files_only_fetcher().fetch(url)


def test_rendering_never_opens_a_connection(weasyprint, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the PDF renderer tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    html = (
        '<link rel="stylesheet" href="http://192.0.2.1/x.css">'
        '<img src="https://192.0.2.1/x.png"><p>text</p>'
    )

    pdf = weasyprint.HTML(string=html, url_fetcher=static_files_only_fetcher()).write_pdf()

    assert pdf.startswith(b"%PDF-")
