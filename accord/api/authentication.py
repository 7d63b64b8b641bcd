from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.request import Request

from accord.core.csrf import CsrfViewMiddleware


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request: HttpRequest, reason: str) -> str:
        return reason


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication with our CSRF check, which copes with the `Origin: null`
    that `Referrer-Policy: no-referrer` makes browsers send."""

    def enforce_csrf(self, request: Request) -> None:
        check = _CsrfCheck(lambda request: None)
        check.process_request(request)
        reason = check.process_view(request, None, (), {})
        if reason:
            raise PermissionDenied(f"CSRF Failed: {reason}")


class ServiceAccountTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` for machine clients only.

    A person's account never gets a token: a token cannot carry the second factor that every
    person must present (docs/product.md §4.7).
    """

    def authenticate_credentials(self, key: str):  # type: ignore[override]
        user, token = super().authenticate_credentials(key)
        if not user.is_service_account:
            raise AuthenticationFailed(_("Tokens are for service accounts only."))
        return user, token
