import re

from django.core import mail
from django.test import Client

from accord.testing import World


def test_it_answers_alike_for_known_and_unknown_addresses(world: World) -> None:
    known = Client().post("/accounts/password/reset/", {"email": "caseworker_a@example.org"})
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_a_reset_never_bypasses_the_second_factor(world: World) -> None:
    client = Client()
    client.post("/accounts/password/reset/", {"email": "caseworker_a@example.org"})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    assert link is not None
    page = client.get(link.group(1), follow=True)
    new_password = "a brand new long passphrase"
    client.post(page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    # The password changed, but she is not signed in: she still needs her authenticator.
    assert client.get("/")["Location"].startswith("/accounts/login/")
    response = client.post("/accounts/login/", {"login": "caseworker_a", "password": new_password})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/")["Location"].startswith("/accounts/login/")
