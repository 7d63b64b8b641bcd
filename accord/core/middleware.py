from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set (DESIGN.md §4.8).

    Every dynamic response is `no-store`: pages behind sign-in carry person data, and the
    sign-in page carries a CSRF token, so no browser or proxy cache may keep either.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class RejectNulBytesMiddleware:
    """A NUL byte in the path or the query string is always an attack or garbage, and
    PostgreSQL refuses it with an error rather than "no such row": answer 400 before any
    view or query sees it. (Form and JSON fields are refused by their own validators.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query_values = (value for values in request.GET.lists() for value in values[1])
        if "\x00" in request.path or any("\x00" in value for value in query_values):
            from accord.core.views import bad_request

            return bad_request(request, ValueError("NUL byte"))
        return self.get_response(request)
