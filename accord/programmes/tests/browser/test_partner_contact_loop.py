"""The loop as the people in it meet it in a browser: the facilitator records his third
unacceptable absence on the register and his enrolment moves to breach review; the
partner-support worker's inbox shows the alert and her case has a risk review (same request);
she writes the partner's concern as safety information; once released, the facilitator reads
it without its source; the compliance report's PDF holds attendance codes and status only."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect
from pypdf import PdfReader

from accord.audit.context import Actor
from accord.programmes import partner_contact, services
from accord.programmes.models import AttendanceCode
from accord.programmes.tests.helpers import ProgrammeWorld, held_sessions
from accord.testing import Casework, World
from accord.testing.browser import assert_accessible, sign_in_with_session

pytestmark = pytest.mark.browser

CONCERN = "He keeps asking mutual friends where she goes on Saturdays"
NOTE = "Said his car broke down (his side only)"


def test_the_loop_from_the_register_to_the_compliance_report(
    context: BrowserContext,
    page: Page,
    site: str,
    world: World,
    casework: Casework,
    pw: ProgrammeWorld,
) -> None:
    held = held_sessions(pw.group)
    for session in held[:2]:
        services.attendance_record(
            actor=Actor.for_user(world.facilitator),
            session=session,
            enrolment=pw.enrolment,
            code=AttendanceCode.UNACCEPTABLE_ABSENCE,
            notes=NOTE,
        )

    # The facilitator records the third unacceptable absence.
    sign_in_with_session(context, site, world.facilitator)
    page.goto(f"/programmes/sessions/{held[2].pk}/register/")
    assert_accessible(page)
    page.get_by_label("Attendance of Luis").select_option(label="Unacceptable absence")
    page.get_by_role("button", name="Save the register").click()
    expect(page.locator("#register-status")).to_contain_text("Register saved")
    page.goto(f"/programmes/enrolments/{pw.enrolment.uid}/")
    expect(page.locator("main")).to_contain_text("Breach review (non-attendance)")
    assert_accessible(page)

    # Her partner-support worker: the alert in her inbox, a risk review on her case.
    sign_in_with_session(context, site, pw.partner_worker)
    page.goto("/referrals/inbox/")
    expect(page.locator("#inbox")).to_contain_text(pw.link.partner_case.reference)
    expect(page.locator("#inbox")).to_contain_text("breach review")
    assert_accessible(page)
    page.goto(f"/cases/{pw.link.partner_case.reference}/")
    expect(page.locator("main")).to_contain_text("Risk review")
    expect(page.locator("#partner-contact")).to_contain_text("Unacceptable absence")
    expect(page.locator("main")).not_to_contain_text(NOTE)
    assert_accessible(page)

    # She writes the partner's concern for the programme.
    page.get_by_role("link", name="Partner contact and safety information").click()
    assert_accessible(page)
    page.locator("#id_category").select_option(label="Threats or intimidation")
    page.locator("#id_urgency").select_option(label="Soon: before the next session")
    page.locator("#id_text").fill(CONCERN)
    page.get_by_role("button", name="Save for the programme").click()
    expect(page.locator("main")).to_contain_text("Safety information saved")

    # The daily release job, after the delay.
    partner_contact.safety_information_release(now=timezone.now() + datetime.timedelta(days=15))

    # The facilitator reads it without its source.
    sign_in_with_session(context, site, world.facilitator)
    page.goto(f"/programmes/enrolments/{pw.enrolment.uid}/")
    section = page.locator("section", has_text="Safety information from the partner-support")
    expect(section).to_contain_text(CONCERN)
    for source in (pw.partner_worker.username, pw.link.partner_case.reference, "García"):
        expect(page.locator("main")).not_to_contain_text(source)
    assert_accessible(page)

    # The compliance report for probation: codes and status only.
    start = (timezone.localdate() - datetime.timedelta(days=90)).isoformat()
    page.locator("#id_start").fill(start)
    page.locator("#id_end").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Make and deliver a report").click()
    expect(page.locator("main")).to_contain_text("Unacceptable absence")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as PDF").click()
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(download_info.value.path()).pages).split()
    )
    assert "Unacceptable absence" in text
    assert "Breach review (non-attendance)" in text
    for absent in (CONCERN, NOTE, pw.partner_worker.username, "García"):
        assert absent not in text
