"""A full referral between two Riverton organisations, as two demo personas: Maria Lopez
(`caseworker`, Women's Aid, Outreach) signs in with the published demo password, records the
consent of a child whose case she holds (a caregiver's and the child's own assent), refers the
child to the council's Children's Services, checks what would be sent, sends it and signs out.
Lucy Brennan (`socialworker`, the council's Family Safeguarding team) finds the notice in her
team's inbox, opens the referral, reads only what the protocol lets flow (the child's identity,
never the address, the contact details or Women's Aid's case), accepts it, and opens the case
her team now holds."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accord.accounts.models import User
from accord.cases.models import Case
from accord.demo.locality import DEMO_PASSWORD, seed_demo_locality
from accord.demo.referrals import CHILD_REFERRALS
from accord.people.services import name_dob_index
from accord.referrals.models import Referral, ReferralStatus
from accord.testing.browser import assert_accessible, fresh_totp_code, sign_in_with_session

pytestmark = pytest.mark.browser


def record_consent(page: Page, given_by: str, caregiver: str = "") -> None:
    page.get_by_label("For what").select_option(label="Referral to an organisation")
    page.get_by_label("Organisation").select_option(label="Riverton Council")
    page.get_by_label("Given by").select_option(label=given_by)
    page.get_by_label("Caregiver's name").fill(caregiver)
    page.get_by_label("How").select_option(label="Written")
    page.get_by_label("Given on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Record the consent").click()
    expect(page.locator("#consent-status")).to_contain_text("Consent recorded.")


def test_womens_aid_refers_a_child_to_childrens_services_who_accept_it(
    browser: Browser, site: str
) -> None:
    seed_demo_locality()
    # The demo leaves one child's case of hers unreferred, without consent, for this.
    [(given_name, family_name, born, mother, _outcome)] = [
        child for child in CHILD_REFERRALS if not child[4]
    ]
    case = Case.objects.select_related("person").get(
        person__organisation__slug="riverton-womens-aid",
        person__name_dob_index=name_dob_index(given_name, family_name, born),
    )
    child = case.person
    assert case.key_worker.username == "caseworker"
    before = set(Referral.objects.values_list("pk", flat=True))

    # --- Maria Lopez, Women's Aid -------------------------------------------------------------
    caseworker = User.objects.get(username="caseworker")
    browser_context = browser.new_context(base_url=site)
    page = browser_context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", caseworker.username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.fill("input[name=code]", fresh_totp_code(caseworker))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(site + "/")

    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("link", name="Consent: what may be shared, with whom").click()
    expect(page.locator("main")).to_contain_text("No consent is recorded for this person.")
    record_consent(page, "A caregiver, on the child's behalf", caregiver=f"{mother} {family_name}")
    record_consent(page, "The child's own assent")
    assert_accessible(page)

    page.get_by_role("link", name=f"Back to case {case.reference}").click()
    page.get_by_role("link", name="Refer to another service").click()
    page.get_by_label("Refer to").select_option(label="Riverton Council · Children's Services")
    page.get_by_role("button", name="Save the draft").click()
    main = page.locator("main")
    expect(main).to_contain_text("exactly this would be sent")
    expect(main).to_contain_text(given_name)
    expect(main).to_contain_text("On her consent given on")
    assert_accessible(page)
    page.get_by_role("button", name="Send the referral").click()
    expect(main).to_contain_text("Referral sent.")
    [referral] = Referral.objects.exclude(pk__in=before)
    assert referral.status == ReferralStatus.SENT and referral.consent is not None

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"/referrals/{referral.reference}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    # --- Lucy Brennan, the council's Family Safeguarding team --------------------------------
    socialworker = User.objects.get(username="socialworker")
    sign_in_with_session(browser_context, site, socialworker)
    page.goto("/referrals/inbox/")
    page.get_by_role("link", name=f"A new referral {referral.reference}").click()
    main = page.locator("main")
    expect(main).to_contain_text("What was sent")
    expect(main).to_contain_text(given_name)
    expect(main).to_contain_text(family_name)
    html = page.content()
    # Location is never sent; contact details, Women's Aid's case and who consented for the
    # child do not flow to the council under the protocol (identity and risk only).
    for withheld in (
        child.real_address,
        child.substitute_address,
        child.safe_contact_times,
        case.reference,
        f"{mother} {family_name}",
    ):
        assert withheld and withheld not in html, withheld
    assert_accessible(page)

    page.get_by_role("button", name="Accept and open a case").click()
    expect(main).to_contain_text("Referral accepted")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    theirs = referral.receiver_case
    assert theirs.team.name == "Family Safeguarding" and theirs.key_worker == socialworker
    assert theirs.person.organisation.slug == "riverton-council" != child.organisation.slug
    page.get_by_role("link", name=theirs.reference).click()
    expect(page.locator("h1")).to_contain_text(theirs.reference)
    expect(page.locator("main")).to_contain_text(given_name)
    browser_context.close()
