"""The headers of docs/product.md §4.8 on every kind of response."""

import pytest
from django.test import Client

from accord.testing import World, client_for

# The nonce appears only where a page uses it (see test_it_puts_the_nonce_on_our_scripts).
CSP_MUST = ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"]


def assert_safe_headers(response) -> None:
    csp = response["Content-Security-Policy"]
    for directive in CSP_MUST:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path, status",
    [
        ("/", 200),  # page
        ("/organisation/", 200),  # page
        ("/no/such/page/", 404),  # 404
        ("/api/v1/teams/", 200),  # API
        ("/api/v1/teams/999999/", 404),  # API 404
    ],
)
def test_it_sets_the_headers_for_a_signed_in_user(world: World, path: str, status: int) -> None:
    response = client_for(world.caseworker).get(path)
    assert response.status_code == status
    assert_safe_headers(response)


@pytest.mark.parametrize("path, status", [("/", 302), ("/accounts/login/", 200), ("/help/", 200)])
def test_it_sets_the_headers_for_a_visitor(db, path: str, status: int) -> None:
    response = Client().get(path)
    assert response.status_code == status
    assert_safe_headers(response)


def test_it_uses_a_fresh_nonce_each_time(world: World) -> None:
    client = client_for(world.caseworker)
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert first != second


def test_it_puts_the_nonce_on_our_scripts(world: World) -> None:
    response = client_for(world.caseworker).get("/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_it_sends_hsts_over_https(world: World, settings) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client_for(world.caseworker).get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = client_for(world.caseworker).get("/")
    assert "Strict-Transport-Security" not in plain


def test_it_clears_the_site_data_on_sign_out(world: World) -> None:
    client = client_for(world.caseworker)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert client.get("/").status_code == 302


def test_it_sets_safe_cookie_flags(world: World) -> None:
    client = Client()
    client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/", {"login": "caseworker_a", "password": "correct horse battery staple"}
    )
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["httponly"]
    assert session_cookie["secure"]
    assert session_cookie["samesite"] == "Lax"
    csrf_cookie = client.cookies["csrftoken"]
    assert csrf_cookie["secure"]
    assert csrf_cookie["samesite"] == "Strict"
