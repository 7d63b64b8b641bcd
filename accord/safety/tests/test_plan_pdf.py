"""The printable plan: her first name, the case reference, the items with who does them and
their status, the review date, "Printed by … at …" (and an audit event); never her family
name, phone or any address.

WeasyPrint needs the system's Pango. Without it these tests skip, saying why, unless
ACCORD_REQUIRE_BROWSER=1 (CI), where a missing library must fail rather than pass quietly.
"""

import io
import os

import pytest
from pypdf import PdfReader

from accord.audit.models import AuditEvent
from accord.testing import SURVIVOR_ADDRESS, SURVIVOR_PHONE, Casework, World, client_for

from .helpers import ITEM_TEXT, plan_url, start_plan

NEEDS_PANGO = "needs Pango (apt-get install libpango-1.0-0)"


@pytest.fixture(autouse=True)
def weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError):
        if os.environ.get("ACCORD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{NEEDS_PANGO} (ACCORD_REQUIRE_BROWSER=1 forbids skipping)", pytrace=False)
        pytest.skip(NEEDS_PANGO)
    return weasyprint


def pdf_text(content: bytes) -> str:
    # Line breaks inside a table cell are layout, not content.
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def test_it_downloads_the_plan_as_a_pdf(world: World, casework: Casework) -> None:
    start_plan(world, casework.her_case, items=3)
    response = client_for(world.caseworker).get(plan_url(casework.her_case, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{casework.her_case.reference}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Safety plan" in text
    assert f"For Ana · case {casework.her_case.reference}" in text
    assert ITEM_TEXT in text and f"{ITEM_TEXT} (2)" in text
    assert "She does this" in text and "Police DA Unit" in text
    assert "To do" in text and "In place" in text
    assert "Review by" in text
    assert "Printed by caseworker_a at " in text
    event = AuditEvent.objects.get(action="safety_plan.printed")
    assert event.actor_label == "caseworker_a"
    assert event.object_type == "safety.safetyplan"


def test_the_pdf_never_says_where_she_lives_or_how_to_reach_her(
    world: World, casework: Casework
) -> None:
    start_plan(world, casework.her_case, items=2)
    text = pdf_text(client_for(world.manager).get(plan_url(casework.her_case, "pdf")).content)
    assert "Printed by manager_a at " in text
    for secret in [SURVIVOR_ADDRESS, "Orchard Row", SURVIVOR_PHONE, "PO Box 12", "García"]:
        assert secret not in text, secret


def test_a_failed_pdf_writes_no_audit_event(
    world: World, casework: Casework, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.core.pdf import PdfUnavailable
    from accord.safety import printing

    def unavailable(html: str) -> bytes:
        raise PdfUnavailable

    monkeypatch.setattr(printing, "pdf_from_html", unavailable)
    start_plan(world, casework.her_case, items=1)
    response = client_for(world.caseworker).get(plan_url(casework.her_case, "pdf"))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="safety_plan.printed").exists()
