"""The caseworker's day in a browser: the home page of the caseworker, the manager and the DPO,
the case page's header and in-page navigation, axe on every page visited in English and in
Greek; and at phone width (375 × 812) no main page scrolls sideways."""

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from accord.cases.tests.helpers import fill_chronology
from accord.testing import Casework, World
from accord.testing.browser import assert_accessible, sign_in_with_session

pytestmark = pytest.mark.browser

HOME_HEADINGS = {
    "caseworker": {"en": "Your tasks", "el": "Οι εργασίες σας"},
    "manager": {"en": "Your team's load", "el": "Ο φόρτος της ομάδας σας"},
    "dpo": {"en": "Pending for data protection", "el": "Εκκρεμότητες προστασίας δεδομένων"},
}


def _in(page: Page, language: str) -> None:
    """Switch the interface language from the header, as a reader would."""
    page.select_option("#language-select", language)
    page.locator("form.language button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("persona", ["caseworker", "manager", "dpo"])
def test_each_role_finds_its_work_on_the_home_page_in_two_languages(
    context: BrowserContext, page: Page, site: str, world: World, casework: Casework, persona: str
) -> None:
    sign_in_with_session(context, site, getattr(world, persona))
    page.goto("/")
    for language in ("en", "el"):
        if language != "en":
            _in(page, language)
        heading = HOME_HEADINGS[persona][language]
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
        assert_accessible(page)


def test_the_case_page_header_stays_in_view_and_its_navigation_jumps(
    context: BrowserContext, page: Page, site: str, world: World, casework: Casework
) -> None:
    fill_chronology(world, casework.her_case, 4)
    sign_in_with_session(context, site, world.caseworker)
    page.goto(f"/cases/{casework.her_case.reference}/")
    header = page.locator("header.case-header")
    expect(header).to_contain_text(casework.her_case.reference)
    expect(header).to_contain_text(casework.survivor.given_name)
    assert_accessible(page)

    header.get_by_role("link", name="Chronology").click()
    expect(page).to_have_url(f"{site}/cases/{casework.her_case.reference}/#chronology")
    # Scrolled down the page, the summary is still on screen.
    assert page.evaluate("() => window.scrollY") > 0
    box = header.bounding_box()
    assert box is not None and box["y"] <= 1

    page.get_by_role("link", name="Notes and contacts").click()
    expect(page.locator(".chronology-item.incident")).to_have_count(0)
    expect(page.locator(".chronology-item.note").first).to_be_visible()

    _in(page, "el")
    expect(page.locator("header.case-header")).to_contain_text("Επισκόπηση")
    assert_accessible(page)


# Each main page with what its heading begins with: the page itself, not an error page.
MAIN_PAGES = [
    ("/", "Welcome, {name}"),
    ("/cases/", "Cases"),
    ("{case}", "Case {reference}"),
    ("{case}risk/", "Risk · case {reference}"),
    ("{case}consent/", "Consent · case {reference}"),
    ("/referrals/", "Referrals"),
    ("/referrals/inbox/", "Team inbox"),
    ("/directory/", "Service directory"),
]


def test_at_phone_width_no_main_page_scrolls_sideways(
    browser, site: str, world: World, casework: Casework
) -> None:
    fill_chronology(world, casework.her_case, 3)
    context = browser.new_context(base_url=site, viewport={"width": 375, "height": 812})
    try:
        sign_in_with_session(context, site, world.caseworker)
        page = context.new_page()
        reference = casework.her_case.reference
        case = f"/cases/{reference}/"
        name = world.caseworker.get_short_name() or world.caseworker.username
        for path, heading in MAIN_PAGES:
            response = page.goto(path.format(case=case))
            assert response is not None and response.status == 200, path
            expect(page.get_by_role("heading", level=1)).to_contain_text(
                heading.format(name=name, reference=reference)
            )
            width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], f"{path}: {width[0]} px wide at {width[1]} px"
        # The directory lists the services of the locality (here, the world's support service).
        page.goto("/directory/")
        expect(page.locator("table.directory")).to_contain_text(world.support_service.name)
        # The navigation folds away behind its button, and opens from it.
        page.goto("/")
        nav = page.locator("#site-nav")
        expect(nav).to_be_hidden()
        page.get_by_role("button", name="Menu").click()
        expect(nav).to_be_visible()
        assert_accessible(page)
    finally:
        context.close()
