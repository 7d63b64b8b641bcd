import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from accord.testing import PASSWORD, World
from accord.testing.browser import assert_accessible, sign_in_with_session

pytestmark = pytest.mark.browser


def test_the_sign_in_page_has_no_serious_problems(page: Page) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)


def test_the_two_factor_page_has_no_serious_problems(page: Page, world: World) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", world.manager.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    assert_accessible(page)


def test_the_help_page_has_no_serious_problems(page: Page) -> None:
    page.goto("/help/")
    assert_accessible(page)


def test_the_dashboard_has_no_serious_problems(
    context: BrowserContext, page: Page, site: str, world: World
) -> None:
    sign_in_with_session(context, site, world.caseworker)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, ")
    assert_accessible(page)
