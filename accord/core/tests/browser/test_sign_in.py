import re

import pytest
from playwright.sync_api import Page, expect

from accord.testing import PASSWORD, World
from accord.testing.browser import fresh_totp_code

pytestmark = pytest.mark.browser


def test_it_signs_in_with_password_and_totp_then_out_for_good(
    page: Page, site: str, world: World
) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", world.caseworker.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.fill("input[name=code]", fresh_totp_code(world.caseworker))
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(site + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, ")
    expect(page.get_by_role("cell", name="Outreach", exact=True)).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    # Back must not bring the dashboard again: it is no-store and the session is gone, so the
    # browser asks the server again and is sent to sign in.
    page.go_back()
    expect(page.locator("main")).not_to_contain_text("Outreach")
    expect(page.locator("main")).not_to_contain_text("Welcome")
