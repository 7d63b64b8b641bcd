from django.test import Client

from accord.testing import World


def post_setlang(origin: str, fetch_site: str | None, token: bool = True) -> int:
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    data = {"language": "es", "next": "/"}
    if token:
        data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    headers = (
        {"HTTP_ORIGIN": origin, "HTTP_SEC_FETCH_SITE": fetch_site}
        if fetch_site
        else {"HTTP_ORIGIN": origin}
    )
    return client.post("/i18n/setlang/", data, **headers).status_code


def test_it_accepts_a_same_origin_post_under_no_referrer(world: World) -> None:
    # Browsers send `Origin: null` under Referrer-Policy: no-referrer.
    assert post_setlang("null", "same-origin") == 302


def test_it_refuses_a_null_origin_from_another_site(world: World) -> None:
    assert post_setlang("null", "cross-site") == 403
    assert post_setlang("null", None) == 403


def test_it_still_needs_the_token(world: World) -> None:
    assert post_setlang("null", "same-origin", token=False) == 403


def test_it_refuses_a_foreign_origin(world: World) -> None:
    assert post_setlang("https://evil.example", "cross-site") == 403
