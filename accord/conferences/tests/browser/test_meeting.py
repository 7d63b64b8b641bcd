"""The coordinator builds the agenda (a high-risk case, an escalation case and a repeat appear
with their reasons), two agencies add research, actions are agreed, and the next meeting opens
with the actions still open. Every page checked with axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from accord.accounts.models import User
from accord.audit.context import Actor
from accord.conferences import services
from accord.conferences.models import Meeting, MeetingStatus
from accord.conferences.tests.helpers import (
    build_conference_world,
    meets_criteria,
    refer,
    survivor_case,
)
from accord.testing import Casework, World
from accord.testing.browser import assert_accessible, sign_in_with_session

pytestmark = pytest.mark.browser


def _as(browser: Browser, site: str, user: User) -> Page:
    context = browser.new_context(base_url=site)
    sign_in_with_session(context, site, user)
    return context.new_page()


def test_a_meeting_from_agenda_to_the_next_meeting(
    browser: Browser,
    context: BrowserContext,
    page: Page,
    site: str,
    world: World,
    casework: Casework,
) -> None:
    cw = build_conference_world(world, casework)
    coordinator = Actor.for_user(cw.coordinator)
    # Her case at high risk; another escalating; a third heard at an earlier meeting and now
    # referred again: a repeat.
    meets_criteria(casework.her_case, "high_risk")
    escalating = survivor_case(world, "Bea", datetime.date(1985, 2, 3), children=2)
    meets_criteria(escalating, "escalation", level="medium")
    again = survivor_case(world, "Cora", datetime.date(1979, 6, 7))
    meets_criteria(again, "high_risk")
    refer(cw, again)
    earlier = services.meeting_schedule_next(actor=coordinator, conference=cw.conference)
    services.agenda_build(actor=coordinator, meeting=earlier)
    services.meeting_close(actor=coordinator, meeting=earlier, expected_version=1)
    for case in (casework.her_case, escalating):
        refer(cw, case)
    services.conference_referral_make(
        actor=Actor.for_user(world.caseworker),
        conference=cw.conference,
        case=again,
        risk_summary="He found her new address.",
    )

    sign_in_with_session(context, site, cw.coordinator)
    page.goto(f"/conferences/{cw.conference.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Schedule the next meeting").click()
    meeting = Meeting.objects.filter(status=MeetingStatus.OPEN).get()
    page.goto(f"/conferences/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Put the referrals received on the agenda").click()
    page.goto(f"/conferences/meetings/{meeting.pk}/")
    agenda = page.get_by_role("table").filter(has_text="Why it is here")
    rows = agenda.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Repeat referral")
    expect(rows.nth(1)).to_contain_text("Visible high risk")
    expect(rows.nth(2)).to_contain_text("Potential escalation")
    assert_accessible(page)
    reference = rows.nth(1).locator("th a").inner_text()

    for member, text in [(world.police_liaison, "Two call-outs"), (cw.housing_officer, "Arrears")]:
        member_page = _as(browser, site, member)
        member_page.goto(f"/conferences/meetings/{meeting.pk}/")
        expect(member_page.get_by_role("heading", name="Confidentiality statement")).to_be_visible()
        assert_accessible(member_page)
        member_page.get_by_role("button", name="I accept the confidentiality statement").click()
        member_page.get_by_role("link", name=reference).click()
        member_page.get_by_label("What your agency holds").fill(text)
        member_page.get_by_role("button", name="Save your agency's research").click()
        expect(member_page.get_by_text("Your agency's research is saved.")).to_be_visible()
        assert_accessible(member_page)
        member_page.context.close()

    page.goto(f"/conferences/meetings/{meeting.pk}/cases/{reference}/")
    expect(page.get_by_text("Two call-outs")).to_be_visible()
    expect(page.get_by_text("Arrears")).to_be_visible()
    page.get_by_label("Agency").select_option(str(cw.housing_team.pk))
    page.get_by_label("Owner").fill("Housing officer")
    page.get_by_label("What exactly").fill("Fit a sanctuary lock")
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    page.get_by_label("Due").fill(due)
    page.get_by_role("button", name="Agree the action").click()
    expect(page.get_by_text("Action agreed.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/conferences/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Close the meeting").click()
    expect(page.get_by_text("Meeting closed.")).to_be_visible()

    page.goto(f"/conferences/{cw.conference.pk}/")
    page.get_by_role("button", name="Schedule the next meeting").click()
    following = Meeting.objects.filter(status=MeetingStatus.OPEN).get()
    page.goto(f"/conferences/meetings/{following.pk}/")
    open_actions = page.get_by_role("table").filter(has_text="Fit a sanctuary lock")
    expect(open_actions).to_contain_text(reference)
    assert_accessible(page)
