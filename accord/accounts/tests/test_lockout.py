from axes.models import AccessAttempt
from django.test import Client

from accord.accounts.models import Role
from accord.testing import PASSWORD, World, client_for, make_user


def attempt(password: str, address: str = "10.0.0.1", username: str = "caseworker_a"):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"login": username, "password": password}
    )


def lock_out_caseworker() -> None:
    for _ in range(5):
        attempt("wrong password")


def test_it_locks_out_after_five_failures_even_with_the_right_password(world: World) -> None:
    lock_out_caseworker()
    response = attempt(PASSWORD)
    assert response.status_code == 429
    assert b"Sign-in paused" in response.content


def test_it_does_not_lock_before_the_limit(world: World) -> None:
    for _ in range(4):
        attempt("wrong password")
    response = attempt(PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"


def test_it_keys_the_lockout_on_user_and_address(world: World) -> None:
    lock_out_caseworker()
    # Someone guessing from elsewhere cannot lock her out of her own office.
    assert attempt(PASSWORD, address="10.0.0.2").status_code == 302
    # Nor does her lockout touch a colleague on the same address.
    assert attempt(PASSWORD, username="manager_a").status_code == 302


def test_it_locks_unknown_user_names_alike(world: World) -> None:
    # The same answer whether the account exists or not: no user enumeration by lockout.
    for _ in range(5):
        attempt("wrong password", username="no_such_user")
    assert attempt("anything", username="no_such_user").status_code == 429


def test_an_organisation_admin_unlocks_her_user(world: World) -> None:
    lock_out_caseworker()
    admin_client = client_for(world.admin)
    response = admin_client.post(
        "/admin/accounts/user/",
        {"action": "unlock", "_selected_action": [world.caseworker.pk]},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="caseworker_a").exists()
    assert attempt(PASSWORD).status_code == 302


def test_an_admin_of_another_organisation_cannot_unlock_her(world: World) -> None:
    other_admin = make_user("admin_x", world.group_work, Role.ADMIN, is_staff=True)
    lock_out_caseworker()
    client_for(other_admin).post(
        "/admin/accounts/user/",
        {"action": "unlock", "_selected_action": [world.caseworker.pk]},
    )
    assert AccessAttempt.objects.filter(username="caseworker_a").exists()
    assert attempt(PASSWORD).status_code == 429


def test_behind_the_proxy_it_keys_on_the_forwarded_address(world: World, settings) -> None:
    settings.ACCORD_BEHIND_PROXY = True

    def attempt_from(address: str, password: str):
        # Everyone arrives from the proxy's own address; the proxy appends the client's.
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address).post(
            "/accounts/login/", {"login": "caseworker_a", "password": password}
        )

    for _ in range(5):
        attempt_from("203.0.113.7", "wrong password")
    assert attempt_from("203.0.113.7", PASSWORD).status_code == 429
    assert attempt_from("198.51.100.4", PASSWORD).status_code == 302
