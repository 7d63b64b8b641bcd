"""At phone width: she answers her questionnaire through her one-time link, and leaves at once
with quick exit; each page with zero serious or critical axe violations."""

import pytest
from playwright.sync_api import Browser, Page, expect

from accord.audit.context import Actor
from accord.outcomes import services
from accord.outcomes.models import OutcomeResponse
from accord.testing import build_casework, build_world
from accord.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def _link(site: str) -> str:
    world = build_world()
    casework = build_casework(world)
    schedule = services.outcome_schedule_start(
        actor=Actor.for_user(world.facilitator),
        case=casework.his_case,
        start_on=casework.his_case.opened_on,
    )
    return services.link_create(
        actor=Actor.for_user(world.caseworker),
        case=casework.her_case,
        schedule=schedule,
        time_point="intake",
        channel="phone",
        build_url=lambda token: f"{site}/outcomes/q/{token}/",
    )


@pytest.fixture
def phone(browser: Browser, site: str) -> Page:
    context = browser.new_context(base_url=site, viewport=PHONE, is_mobile=True)
    return context.new_page()


def test_she_answers_through_her_link_on_a_phone(phone: Page, site: str) -> None:
    url = _link(site)
    phone.goto(url)
    expect(phone).to_have_title("Survey")
    assert_accessible(phone)
    # Her link is no longer in the address bar or in this history entry.
    expect(phone).to_have_url(site + "/outcomes/q/done/")
    for question in ("pushed_hit", "threatened", "checked", "afraid"):
        phone.locator(f"input[name='a-{question}'][value='never']").check()
    phone.locator("input[name='a-safe_at_home']").fill("8")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(phone)
    assert OutcomeResponse.objects.get().self_completed
    # The link is used up: a plain page that says nothing.
    phone.goto(url)
    expect(phone.get_by_role("heading", name="This page is not available")).to_be_visible()
    assert_accessible(phone)


def test_she_leaves_with_quick_exit(phone: Page, site: str) -> None:
    url = _link(site)
    phone.goto(url)
    phone.get_by_role("link", name="Leave this site now").click()
    expect(phone).to_have_url(site + "/healthz")
    assert not OutcomeResponse.objects.exists()
