"""A security key (WebAuthn) counts as the second factor wherever TOTP does (issue 10, item 6);
the browser test (browser/test_webauthn.py) registers one and signs in with it."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.test import Client

from accord.accounts.models import Role
from accord.testing import World, make_user


def test_webauthn_is_offered_beside_totp() -> None:
    assert {"totp", "webauthn"} <= set(settings.MFA_SUPPORTED_TYPES)
    assert settings.MFA_PASSKEY_LOGIN_ENABLED is False


def test_a_security_key_alone_satisfies_the_mfa_requirement(world: World) -> None:
    user = make_user("keyholder", world.outreach, Role.CASEWORKER, mfa=False)
    Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={})
    client = Client()
    client.force_login(user)
    assert client.get("/cases/").status_code == 200
    assert client.get("/api/v1/cases/").status_code == 200


def test_without_any_factor_she_is_sent_to_set_one_up(world: World) -> None:
    user = make_user("nofactor", world.outreach, Role.CASEWORKER, mfa=False)
    client = Client()
    client.force_login(user)
    assert client.get("/cases/").status_code == 302
    assert client.get("/accounts/2fa/webauthn/add/").status_code != 403
    assert client.get("/api/v1/cases/").status_code == 403
