"""A security key as the second factor (issue 10, item 6): registered and then used to sign in,
in Chromium with a virtual authenticator (the DevTools protocol's WebAuthn domain), under the
site's strict CSP (allauth's WebAuthn scripts are static files; its data blocks are JSON)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect

from accord.testing import PASSWORD, World
from accord.testing.browser import fresh_totp_code

pytestmark = pytest.mark.browser


def _virtual_security_key(page: Page) -> None:
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_it_registers_a_security_key_and_signs_in_with_it(
    page: Page, site: str, world: World, settings
) -> None:
    # WebAuthn asks for a secure origin: http://localhost is one to the browser, and allauth
    # is told to accept it here (ACCORD_DEBUG does the same for the demo).
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text))
    _virtual_security_key(page)
    user = world.caseworker

    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.fill("input[name=code]", fresh_totp_code(user))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(site + "/")

    # Adding a second factor asks for the password again (ACCOUNT_REAUTHENTICATION_REQUIRED).
    page.goto("/accounts/2fa/webauthn/add/")
    expect(page).to_have_url(re.compile(r"/reauthenticate/"))
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/webauthn/add/"))
    page.fill("input[name=name]", "Blue key")
    page.get_by_role("button", name="Add").click()
    expect(page).not_to_have_url(re.compile(r"/webauthn/add/$"))
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("input[name=login]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.get_by_role("button", name=re.compile("security key", re.I)).click()
    expect(page).to_have_url(site + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, ")
    # The key, not a code: the sign-in never asked for one after the password.
    assert not [e for e in errors if "Content Security Policy" in e], errors
