from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.core import panels


def _signed_in(request: HttpRequest) -> bool:
    # No query here (it runs on every page): the directory is open to every signed-in account,
    # and its page links the reports and comparisons for those who may open them.
    return request.user.is_authenticated


panels.nav_entry(
    "network", label=_("Network"), url_name="network:members", order=80, shown=_signed_in
)
