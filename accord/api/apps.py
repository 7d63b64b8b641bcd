from typing import Any

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "accord.api"
    label = "api"

    def ready(self) -> None:
        from accord.api import schema  # noqa: F401 - registers the schema extensions

        _text_fields_take_text_only()


def _text_fields_take_text_only() -> None:
    """Every text field of the API refuses a number or a boolean, as the schema (type: string)
    says: DRF's CharField turns `{"title": 0}` into the text "0" and saves it, so a client's
    bug (a field sent as the wrong thing) would pass unnoticed. Done once here for every
    serializer of every app, rather than in a subclass each module must remember to use."""
    from rest_framework.fields import CharField

    accepts_any = CharField.to_internal_value

    def to_internal_value(self: CharField, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return accepts_any(self, data)

    CharField.to_internal_value = to_internal_value  # type: ignore[method-assign]
