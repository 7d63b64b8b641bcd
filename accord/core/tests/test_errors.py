"""Bad input gets a clear answer and never a 500 (docs/product.md §4.10)."""

from django.test import Client

from accord.testing import World, client_for


def test_it_answers_an_unknown_url_with_a_clear_page(world: World) -> None:
    response = client_for(world.caseworker).get("/does-not-exist/")
    assert response.status_code == 404
    assert b"There is nothing here, or it is not yours to see." in response.content
    assert b"<nav" in response.content  # our layout, not a bare error


def test_it_answers_a_wrong_method_with_405(world: World) -> None:
    response = client_for(world.caseworker).delete("/")
    assert response.status_code == 405
    assert client_for(world.caseworker).post("/help/").status_code == 405


def test_it_answers_an_over_long_sign_in_with_form_errors(db) -> None:
    response = Client().post(
        "/accounts/login/", {"login": "x" * 100_000, "password": "y" * 100_000}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_it_answers_a_missing_csrf_token_with_a_clear_page(db) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a", "password": "b"})
    assert response.status_code == 403
    assert b"Form expired" in response.content


def test_it_answers_a_bad_language_code_without_error(db) -> None:
    response = Client().post("/i18n/setlang/", {"language": "xx" * 500, "next": "/"})
    assert response.status_code == 302


def test_it_hides_server_errors_behind_a_plain_page(world: World, client, settings) -> None:
    from django.test import RequestFactory

    from accord.core.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Nothing was saved" in response.content
    api = server_error(RequestFactory().get("/api/v1/teams/"))
    assert api["Content-Type"] == "application/json"
