"""A coordinator sets a conference up from its pages, as a new coordinator would: the form,
a mistake explained and her input kept, the conference, a member agency with its
representative, the first meeting. Every page checked with axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.accounts.models import Role, ServiceKind
from accord.conferences.models import Conference, ConferenceMember, Meeting
from accord.conferences.tests.helpers import _team
from accord.testing import Casework, World, make_user
from accord.testing.browser import assert_accessible, sign_in_with_session

pytestmark = pytest.mark.browser


def test_a_coordinator_sets_a_conference_up_and_opens_its_first_meeting(
    context, page: Page, site: str, world: World, casework: Casework
) -> None:
    council = _team("council", "Council", ServiceKind.SOCIAL_SERVICES, "Risk Conference")
    coordinator = make_user("coordinator", council, Role.COORDINATOR)
    sign_in_with_session(context, site, coordinator)

    page.goto("/conferences/")
    page.get_by_role("link", name="Set up a risk conference").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Set up a risk conference")
    assert_accessible(page)
    page.get_by_label("Name").fill("Eastwick MARAC")
    page.get_by_label("Area").fill("Eastwick")
    page.get_by_label("Coordinating team").select_option(
        label="Council · Council · Risk Conference"
    )
    page.get_by_label("Schedule (recurrence rule)").fill("every other day")
    first = timezone.localtime() + datetime.timedelta(days=14)
    page.get_by_label("First meeting").fill(first.strftime("%Y-%m-%dT10:00"))
    page.get_by_role("button", name="Set up the conference").click()
    # The mistake is named beside its field; what she typed is still there.
    expect(page.get_by_text("recurrence rule", exact=False).first).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Eastwick MARAC")
    assert not Conference.objects.filter(name="Eastwick MARAC").exists()
    assert_accessible(page)

    page.get_by_label("Schedule (recurrence rule)").fill("FREQ=MONTHLY;BYDAY=+1WE")
    page.get_by_role("button", name="Set up the conference").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eastwick MARAC")
    conference = Conference.objects.get(name="Eastwick MARAC")
    assert conference.team == council

    police = world.police_liaison.memberships.get().team
    page.get_by_label("Agency and representative").select_option(
        label=f"{police.service.organisation.name} · {police.service.name} · {police.name} — "
        f"{world.police_liaison.get_full_name() or world.police_liaison}"
    )
    page.get_by_role("button", name="Add the agency").click()
    expect(page.get_by_role("button", name=f"Remove {police.name}")).to_be_visible()
    assert ConferenceMember.objects.filter(conference=conference, team=police).exists()
    page.get_by_role("button", name="Schedule the next meeting").click()
    expect(page.get_by_text("The next meeting is scheduled.")).to_be_visible()
    assert Meeting.objects.filter(conference=conference).count() == 1
    assert_accessible(page)
