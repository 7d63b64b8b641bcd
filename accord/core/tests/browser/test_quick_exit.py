import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def leave(page: Page, site: str, how: str) -> None:
    page.goto("/accounts/login/")
    page.goto("/help/")
    if how == "escape":
        page.keyboard.press("Escape")
    else:
        page.get_by_role("link", name="Leave this site now").click()
    expect(page).to_have_url(site + "/healthz")


@pytest.mark.parametrize("how", ["escape", "button"])
def test_it_leaves_and_drops_the_help_page_from_history(page: Page, site: str, how: str) -> None:
    leave(page, site, how)

    # The help page's history entry was replaced, so Back skips it.
    page.go_back()
    expect(page).to_have_url(site + "/accounts/login/")
