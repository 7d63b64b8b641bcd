from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set (docs/product.md §4.8).

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
    """No URL path holds a NUL byte, and PostgreSQL refuses one in a query with an error rather
    than "no such row": answer 404 before any view or query sees it. (Query strings and form
    or JSON fields go through forms and serializers, whose validators refuse NUL bytes.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            from accord.core.views import page_not_found

            return page_not_found(request, ValueError("NUL byte in the path"))
        return self.get_response(request)
