from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.core import panels


def _signed_in(request: HttpRequest) -> bool:
    return request.user.is_authenticated


panels.nav_entry(
    "directory", label=_("Directory"), url_name="directory:directory", order=50, shown=_signed_in
)
