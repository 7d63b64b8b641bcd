import time
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from accord.accounts.selectors import organisation_language

SIGNED_IN_AT = "accord_signed_in_at"
SEEN_AT = "accord_seen_at"
# Writing the session on every request would cost a database write per click; a minute of
# slack on a 30-minute idle limit is harmless.
SEEN_AT_RESOLUTION = 60


class SessionExpiryMiddleware:
    """Ends a session after an idle period and after an absolute lifetime (docs/product.md §4.7)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self.enforce_limits(request)
        return self.get_response(request)

    def enforce_limits(self, request: HttpRequest) -> None:
        now = time.time()
        signed_in_at = request.session.get(SIGNED_IN_AT)
        seen_at = request.session.get(SEEN_AT)
        if signed_in_at is None or seen_at is None:
            request.session[SIGNED_IN_AT] = now
            request.session[SEEN_AT] = now
            return
        if now - signed_in_at > settings.ACCORD_SESSION_ABSOLUTE_SECONDS:
            logout(request)
            messages.info(request, _("Your session reached its time limit. Please sign in again."))
            return
        if now - seen_at > settings.ACCORD_SESSION_IDLE_SECONDS:
            logout(request)
            messages.info(request, _("You were signed out after a period of inactivity."))
            return
        if now - seen_at > SEEN_AT_RESOLUTION:
            request.session[SEEN_AT] = now


# What a signed-in user without an authenticator may still reach: setting one up, signing out,
# and pages that hold no data.
MFA_SETUP_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "set_language",
        "help",
        "healthz",
    }
)


class MfaRequiredMiddleware:
    """Sends a signed-in user without TOTP to set it up before anything else (docs/product.md §4.7).

    allauth already demands the second factor at sign-in from anyone who has one; this closes
    the other door, a user who has none yet.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.needs_setup(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Set up two-factor authentication before using Accord.")},
                    status=403,
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def needs_setup(self, request: HttpRequest) -> bool:
        if not request.user.is_authenticated:
            return False
        if request.path.startswith(settings.STATIC_URL):
            return False
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            return False
        if url_name in MFA_SETUP_URL_NAMES:
            return False
        return not is_mfa_enabled(request.user)


ORGANISATION_LANGUAGE = "accord_organisation_language"


class OrganisationLanguageMiddleware:
    """A signed-in user who has not picked a language gets her organisation's default.

    The choice is remembered in the session, so it costs one query per sign-in. A language
    picked with the switcher (the language cookie) always wins.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            language = request.session.get(ORGANISATION_LANGUAGE)
            if language is None:
                language = organisation_language(request.user) or ""
                request.session[ORGANISATION_LANGUAGE] = language
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
