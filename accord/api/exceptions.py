from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from accord.core.locking import StaleVersion


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus model validation errors raised by services answered as 400, and a
    stale version (optimistic locking) answered as 409 with the body the view documents.

    The 409 is mapped here once: a view whose writes send a version gives its body in
    `stale_response(stale)` (what its schema's 409 serializer describes, usually the detail and
    the record as it is now); without one the body is the detail alone."""
    if isinstance(exc, StaleVersion):
        view = context.get("view")
        stale_response = getattr(view, "stale_response", None)
        body = stale_response(exc) if stale_response else {"detail": str(exc)}
        set_rollback()
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    return drf_exception_handler(exc, context)
