"""OpenAPI descriptions of our own authentication classes (drf-spectacular extensions).

drf-spectacular knows DRF's classes, not our subclasses of them; without these, the schema
lists no way to sign in and warns on every view."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "accord.api.authentication.SessionAuthentication"
    name = "cookieAuth"
    priority = 1

    def get_security_definition(self, auto_schema):  # type: ignore[no-untyped-def]
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}


class ServiceAccountTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accord.api.authentication.ServiceAccountTokenAuthentication"
    name = "serviceAccountToken"
    priority = 1

    def get_security_definition(self, auto_schema):  # type: ignore[no-untyped-def]
        return build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Token",  # noqa: S106 - the header's prefix, not a password
        )


class PersonsOnlySchema(AutoSchema):
    """For endpoints that refuse service accounts (casework): the schema offers no token."""

    def get_auth(self) -> list[dict[str, list[str]]]:
        return [scheme for scheme in super().get_auth() if "serviceAccountToken" not in scheme]
