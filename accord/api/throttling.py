"""How often a client may call the API (issue 10, item 2).

One throttle for every endpoint, with a rate for each kind of client: a service account's
token and a person's signed-in session, each counted per account (a person's browser tabs
share her count). The counts live in the default cache, the
database cache every app process shares (config/settings.py, CACHES), so a limit holds across
gunicorn's workers. Over the limit: 429 with `Retry-After`, as every operation of the schema
documents (accord/api/schema.py)."""

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from accord.audit.context import client_address


class ClientRateThrottle(SimpleRateThrottle):
    def allow_request(self, request: Request, view: Any) -> bool:
        # The scope (and so the rate) depends on the request; rates are read at each request
        # from ACCORD_API_RATES, so a deployment (or a test) may change them.
        self.scope = _scope(request)
        self.rate = settings.ACCORD_API_RATES[self.scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str:
        user = request.user
        who = str(user.pk) if user.is_authenticated else client_address(request) or "unknown"
        return self.cache_format % {"scope": self.scope, "ident": who}

    def get_rate(self) -> str | None:
        # Decided in allow_request, once the request is known.
        return None


def _scope(request: Request) -> str:
    if not request.user.is_authenticated:
        return "anonymous"
    if request.auth is not None:
        return "token"
    return "session"
