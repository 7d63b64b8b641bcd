from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.core import panels


def _signed_in(request: HttpRequest) -> bool:
    return request.user.is_authenticated


panels.nav_entry(
    "surveys", label=_("Member surveys"), url_name="knowledge:surveys", order=60, shown=_signed_in
)
panels.nav_entry(
    "compendium",
    label=_("Good practice"),
    url_name="knowledge:compendium",
    order=61,
    shown=_signed_in,
)
panels.nav_entry(
    "campaigns", label=_("Campaigns"), url_name="knowledge:campaigns", order=62, shown=_signed_in
)
panels.nav_entry(
    "events", label=_("Events"), url_name="knowledge:events", order=63, shown=_signed_in
)
panels.nav_entry(
    "glossary", label=_("Glossary"), url_name="knowledge:glossary", order=64, shown=_signed_in
)
