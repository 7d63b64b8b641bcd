from django.test import Client

from accord.accounts.selectors import user_current_totp_code
from accord.testing import PASSWORD, World


def sign_in_with_password(client: Client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"login": username, "password": password})


def test_it_asks_for_the_second_factor_after_the_password(world: World) -> None:
    client = Client()
    response = sign_in_with_password(client, "caseworker_a")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    # Not signed in yet: the dashboard still sends her to sign in.
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_it_signs_in_with_password_and_totp(world: World) -> None:
    client = Client()
    sign_in_with_password(client, "caseworker_a")
    code = user_current_totp_code(world.caseworker)
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_refuses_a_wrong_totp_code(world: World) -> None:
    client = Client()
    sign_in_with_password(client, "caseworker_a")
    code = user_current_totp_code(world.caseworker)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_it_gives_the_same_answer_for_unknown_users_and_wrong_passwords(world: World) -> None:
    wrong_password = sign_in_with_password(Client(), "caseworker_a", "not the password")
    unknown_user = sign_in_with_password(Client(), "nobody_at_all", "not the password")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert wrong_password.context["form"].errors == unknown_user.context["form"].errors


def test_it_has_no_self_service_sign_up(db) -> None:
    response = Client().get("/accounts/signup/")
    assert b"Sign Up Closed" in response.content
    assert b"<form" not in response.content.split(b"<main")[1]
