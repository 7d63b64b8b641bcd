from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.core import panels


def _signed_in(request: HttpRequest) -> bool:
    return request.user.is_authenticated


panels.nav_entry(
    "referrals", label=_("Referrals"), url_name="referrals:referrals", order=30, shown=_signed_in
)
panels.nav_entry(
    "inbox", label=_("Team inbox"), url_name="referrals:inbox", order=40, shown=_signed_in
)
panels.nav_entry(
    "directory", label=_("Directory"), url_name="referrals:directory", order=50, shown=_signed_in
)
