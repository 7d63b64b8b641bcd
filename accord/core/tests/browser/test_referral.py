"""A referral between two organisations, as two people: her caseworker at Women's Aid A refers
her case to Elsewhere Aid; Elsewhere Aid's caseworker finds it in her team's inbox, opens it
(and reads only the categories the protocol allows), accepts it, and her own linked case opens.
"""

import pytest
from playwright.sync_api import Browser, Page, expect

from accord.referrals.models import Referral, ReferralStatus
from accord.referrals.tests.referral_helpers import route
from accord.testing import SURVIVOR_ADDRESS, SURVIVOR_DISCLOSURE, Casework, World
from accord.testing.browser import assert_accessible, sign_in_with_session

pytestmark = pytest.mark.browser


def test_a_referral_from_her_caseworker_to_another_organisation_is_accepted(
    browser: Browser, site: str, world: World, casework: Casework
) -> None:
    r = route(world, casework, flow=["identity", "risk"])

    sender = browser.new_context(base_url=site)
    sign_in_with_session(sender, site, world.caseworker)
    page: Page = sender.new_page()
    page.goto(f"/cases/{casework.her_case.reference}/")
    page.get_by_role("link", name="Refer to another service").click()
    assert_accessible(page)
    page.get_by_label("Refer to").select_option(label=f"Elsewhere Aid · {r.to_service.name}")
    page.get_by_role("button", name="Save the draft").click()
    main = page.locator("main")
    expect(main).to_contain_text("exactly this would be sent")
    expect(main).to_contain_text("García")
    assert_accessible(page)
    page.get_by_role("button", name="Send the referral").click()
    expect(main).to_contain_text("Referral sent.")
    reference = Referral.objects.get().reference
    sender.close()

    receiver = browser.new_context(base_url=site)
    sign_in_with_session(receiver, site, world.outsider)
    inbox = receiver.new_page()
    inbox.goto("/referrals/inbox/")
    assert_accessible(inbox)
    inbox.get_by_role("link", name=f"A new referral {reference}").click()
    main = inbox.locator("main")
    expect(main).to_contain_text("What was sent")
    expect(main).to_contain_text("García")
    for secret in (SURVIVOR_ADDRESS, SURVIVOR_DISCLOSURE, casework.her_case.reference):
        expect(main).not_to_contain_text(secret)
    assert_accessible(inbox)
    inbox.get_by_role("button", name="Accept and open a case").click()
    expect(main).to_contain_text("Referral accepted")

    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.ACCEPTED
    inbox.get_by_role("link", name=referral.receiver_case.reference).click()
    expect(inbox.locator("h1")).to_contain_text(referral.receiver_case.reference)
    receiver.close()
