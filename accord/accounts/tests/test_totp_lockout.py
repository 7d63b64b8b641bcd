from django.test import Client

from accord.accounts.selectors import user_current_totp_code
from accord.testing import PASSWORD, World


def wrong_code(world: World) -> str:
    code = user_current_totp_code(world.caseworker)
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_wrong_codes_count_towards_the_lockout(world: World) -> None:
    client = Client(REMOTE_ADDR="10.9.9.9")
    client.post("/accounts/login/", {"login": "caseworker_a", "password": PASSWORD})
    for _ in range(5):
        client.post("/accounts/2fa/authenticate/", {"code": wrong_code(world)})
    # Locked now: even the right code is refused.
    response = client.post(
        "/accounts/2fa/authenticate/", {"code": user_current_totp_code(world.caseworker)}
    )
    assert response.status_code in {200, 429}
    assert Client(REMOTE_ADDR="10.9.9.9").get("/").status_code == 302
    assert client.get("/")["Location"].startswith("/accounts/login/")
