"""At phone width: the mentor records an early contact and an accompaniment; each page with
zero serious or critical axe violations."""

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accord.community.models import Accompaniment, EarlyContact
from accord.community.tests.helpers import build_network
from accord.testing import build_world
from accord.testing.browser import assert_accessible, sign_in_with_session

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def phone(browser: Browser, site: str) -> Page:
    context = browser.new_context(base_url=site, viewport=PHONE, is_mobile=True)
    network = build_network(build_world())
    sign_in_with_session(context, site, network.mentor)
    return context.new_page()


def test_the_mentor_records_a_contact_and_an_accompaniment(phone: Page) -> None:
    phone.goto("/community/")
    assert_accessible(phone)
    phone.get_by_role("link", name="Record an early contact").click()
    assert_accessible(phone)
    phone.get_by_label("Date").fill(timezone.localdate().isoformat())
    phone.get_by_label("Community").fill("Eritrean")
    phone.get_by_label("Language she spoke").fill("Tigrinya")
    phone.get_by_label("Main concern").select_option("physical")
    phone.get_by_label("Listening and emotional support").check()
    phone.get_by_role("button", name="Record the contact").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Early contact")
    assert_accessible(phone)
    assert EarlyContact.objects.get().language == "Tigrinya"
    phone.get_by_label("Appointment date").fill(timezone.localdate().isoformat())
    phone.get_by_label("Where to").select_option("health")
    phone.get_by_label("It has taken place").check()
    phone.get_by_role("button", name="Record the accompaniment").click()
    expect(phone.get_by_text("The accompaniment is recorded.")).to_be_visible()
    assert_accessible(phone)
    assert Accompaniment.objects.get().took_place
