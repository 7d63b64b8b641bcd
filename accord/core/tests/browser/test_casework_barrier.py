"""The information barrier as people meet it in a browser: the facilitator, signed in with his
TOTP, opens his case in the shared household and finds nothing of her but the first name he
gave; then her caseworker signs in and finds her phone and what she disclosed. Also: the case
pages pass axe-core, and a note added inline (htmx) lands in the chronology."""

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from accord.accounts.models import User
from accord.testing import (
    PASSWORD,
    SURVIVOR_ADDRESS,
    SURVIVOR_DISCLOSURE,
    SURVIVOR_PHONE,
    Casework,
    World,
)
from accord.testing.browser import assert_accessible, fresh_totp_code, sign_in_with_session

pytestmark = pytest.mark.browser


def sign_in(page: Page, site: str, user: User) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.fill("input[name=code]", fresh_totp_code(user))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(site + "/")


def test_it_keeps_her_details_from_the_programme_and_shows_them_to_her_caseworker(
    page: Page, site: str, world: World, casework: Casework
) -> None:
    sign_in(page, site, world.facilitator)
    page.get_by_role("link", name="Cases").click()
    page.get_by_role("link", name=casework.his_case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(casework.his_case.reference)
    main = page.locator("main")
    expect(main).to_contain_text("As he named her: Ana")
    html = page.content()
    for secret in [
        SURVIVOR_ADDRESS,
        SURVIVOR_PHONE,
        SURVIVOR_DISCLOSURE,
        "García",
        casework.household.reference,
    ]:
        assert secret not in html, secret
    # Her case is not there for him, exactly as a case that does not exist.
    response = page.goto(f"/cases/{casework.her_case.reference}/")
    assert response is not None and response.status == 404

    page.goto("/")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    sign_in(page, site, world.caseworker)
    page.get_by_role("link", name="Cases").click()
    page.get_by_role("link", name=casework.her_case.reference).click()
    main = page.locator("main")
    expect(main).to_contain_text(SURVIVOR_PHONE)
    expect(main).to_contain_text(SURVIVOR_DISCLOSURE)
    expect(main).to_contain_text("Programme: Open")
    expect(main).not_to_contain_text(SURVIVOR_ADDRESS)
    expect(main).not_to_contain_text("Luis")


def test_a_note_added_inline_lands_in_the_chronology(
    context: BrowserContext, page: Page, site: str, world: World, casework: Casework
) -> None:
    sign_in_with_session(context, site, world.caseworker)
    page.goto(f"/cases/{casework.her_case.reference}/")
    # The form is fetched when asked for (htmx), in place of the link.
    page.get_by_role("link", name="Add a note or contact").click()
    form = page.locator("#note-form")
    expect(form.get_by_label("Note")).to_be_visible()
    form.get_by_label("Contact").select_option("visit")
    form.get_by_label("Note").fill("Home visit with the children's social worker.")
    form.get_by_role("button", name="Add the note").click()
    expect(page.locator("#chronology")).to_contain_text("Home visit with the children")
    expect(page.locator("#work-status")).to_contain_text("Note added.")
    # htmx swapped the parts; the page itself did not reload, and the form is empty again.
    expect(page).to_have_url(re.compile(rf"/cases/{casework.her_case.reference}/$"))
    expect(page.locator("#note-form").get_by_label("Note")).to_have_value("")


def test_the_case_pages_have_no_serious_problems(
    context: BrowserContext, page: Page, site: str, world: World, casework: Casework
) -> None:
    sign_in_with_session(context, site, world.caseworker)
    for path in [
        "/cases/",
        f"/cases/{casework.her_case.reference}/",
        "/cases/new/",
        "/people/search/",
    ]:
        page.goto(path)
        assert_accessible(page)
