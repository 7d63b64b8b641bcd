import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from accord.accounts.models import Role
from accord.testing import PASSWORD, World, client_for, make_user


def test_it_sends_a_user_without_totp_to_set_it_up(world: World) -> None:
    newcomer = make_user("newcomer", world.outreach, Role.CASEWORKER, mfa=False)
    response = client_for(newcomer).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_it_keeps_every_page_behind_the_setup(world: World) -> None:
    newcomer = make_user("newcomer", world.outreach, Role.CASEWORKER, mfa=False)
    client = client_for(newcomer)
    for path in ["/organisation/", "/admin/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/", path


def test_it_refuses_the_api_without_totp(world: World) -> None:
    newcomer = make_user("newcomer", world.outreach, Role.CASEWORKER, mfa=False)
    response = client_for(newcomer).get("/api/v1/teams/")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


def test_it_lets_a_newcomer_set_up_totp_right_after_her_password(world: World) -> None:
    make_user("newcomer", world.outreach, Role.CASEWORKER, mfa=False)
    client = Client()
    client.post("/accounts/login/", {"login": "newcomer", "password": PASSWORD})
    assert client.get("/")["Location"] == "/accounts/2fa/totp/activate/"
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_lets_a_user_with_totp_in(world: World) -> None:
    assert client_for(world.caseworker).get("/").status_code == 200
    assert client_for(world.caseworker).get("/api/v1/teams/").status_code == 200


def test_it_never_lets_the_authenticator_be_removed(world: World) -> None:
    from allauth.mfa.models import Authenticator

    totp = Authenticator.objects.get(user=world.caseworker, type=Authenticator.Type.TOTP)
    response = client_for(world.caseworker).post("/accounts/2fa/totp/deactivate/", {})
    assert Authenticator.objects.filter(pk=totp.pk).exists()
    assert response.status_code in {302, 403, 200}
