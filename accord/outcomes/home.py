from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.core import panels


def _signed_in(request: HttpRequest) -> bool:
    # No query: shown() runs on every page. What the page lists is scoped to the reader.
    return request.user.is_authenticated


panels.nav_entry(
    "outcomes", label=_("Outcomes"), url_name="outcomes:report", order=70, shown=_signed_in
)
