"""The API's OpenAPI schema: what every operation may answer, whoever wrote its view.

drf-spectacular documents the answers a view declares; a client meets more than those on day
one: 400 for refused input (a body, a filter), 401/403 without a verified sign-in, 404 for a
record it may not see or a page past the end, 415 for a body that is not JSON, and 429 with
`Retry-After` when it is throttled. `AccordSchema` adds them to every operation, so an endpoint
added by any app is documented as it behaves (checked by schemathesis in
accord/api/tests/test_schemathesis.py; docs/decisions/0050-api-conforms-to-its-schema.md).

It also says in the schema what the serializers enforce and OpenAPI cannot infer: a required
text may not be blank (DRF trims it first), and a page number starts at 1.

The extensions below describe our own authentication classes: drf-spectacular knows DRF's
classes, not our subclasses of them; without these, the schema lists no way to sign in and
warns on every view."""

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type, build_bearer_security_scheme_object
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

# Not blank after DRF's trimming: at least one character that is not white space.
NOT_BLANK = r"\S"


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the reader's language.")


BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class AccordSchema(AutoSchema):
    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        error = ErrorSerializer
        refused = build_basic_type(OpenApiTypes.OBJECT)
        refused["description"] = (
            "Each refused field with its messages, or `detail` for the whole request."
        )
        defaults: dict[str, Any] = {
            "401": (error, "Not signed in (a service account's token is missing or wrong)."),
            "403": (error, "Not signed in with a second factor, or not allowed this action."),
            "404": (error, "No such record or page, or not one you may see: the two look alike."),
            "429": (error, "Too many requests: wait the seconds `Retry-After` gives."),
        }
        if self.method in BODY_METHODS or self._is_list_view() or self._has_parameters():
            defaults["400"] = (refused, "The request was refused: nothing was saved.")
        if self.method in BODY_METHODS:
            defaults["415"] = (error, "The body is not JSON.")
        for code, (schema, description) in defaults.items():
            if code in responses:
                continue
            response = self._get_response_for_code(schema, code, direction=direction)
            response["description"] = description
            if code == "429":
                response["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "description": "Seconds to wait before the next request.",
                    }
                }
            responses[code] = response
        return dict(sorted(responses.items()))

    def _has_parameters(self) -> bool:
        return bool(self._get_filter_parameters() or self._get_pagination_parameters())

    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and not isinstance(field, serializers.ChoiceField)
            and not field.allow_blank
            and schema.get("type") == "string"
            and "format" not in schema
            and "pattern" not in schema
            and "enum" not in schema
        ):
            schema.setdefault("minLength", 1)
            schema["pattern"] = NOT_BLANK
        return schema


class PersonsOnlySchema(AccordSchema):
    """For endpoints that refuse service accounts (casework): the schema offers no token."""

    def get_auth(self) -> list[dict[str, list[str]]]:
        return [scheme for scheme in super().get_auth() if "serviceAccountToken" not in scheme]


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
