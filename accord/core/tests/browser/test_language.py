import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_it_switches_the_language_from_the_header(page: Page) -> None:
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.select_option("#language-select", "es")
    page.get_by_role("button", name="Change").click()

    # Until the Spanish catalogue exists the text may still be English; the page's declared
    # language (what screen readers go by) and the selector must already follow the choice.
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#language-select")).to_have_value("es")
    # It stays on the page it was changed from.
    assert page.url.endswith("/accounts/login/")
