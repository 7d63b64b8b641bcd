from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.core import panels


def _signed_in(request: HttpRequest) -> bool:
    # No query: shown() runs on every page. What the page lists is scoped to the reader.
    return request.user.is_authenticated


panels.nav_entry(
    "empowerment",
    label=_("Empowerment"),
    url_name="empowerment:paths",
    order=65,
    shown=_signed_in,
)
