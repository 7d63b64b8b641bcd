"""The case page's hook: `{% load programme_panels %}{% programme_case_panels %}` renders his
enrolment panel on his programme case, and on her case his programme status and her partner
contact. The case page needs only that line (the cases app does not know this one)."""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from accord.access.policy import CaseAccess
from accord.cases.models import CaseKind
from accord.programmes import selectors
from accord.programmes.models import CASE_KINDS_BY_PROGRAMME_KIND, ProgrammeKind

register = template.Library()

PERPETRATOR_CASE_KINDS = CASE_KINDS_BY_PROGRAMME_KIND[ProgrammeKind.BEHAVIOUR_CHANGE_GROUP]


@register.simple_tag(takes_context=True)
def programme_case_panels(context: template.Context) -> SafeString:
    access: CaseAccess | None = context.get("access")
    request = context.get("request")
    if access is None or request is None or access.relation is None:
        return SafeString("")
    case = access.case
    panels = selectors.case_panels(request.user, access)
    panel: dict[str, Any] = {
        "case": case,
        "enrolments": None,
        "statuses": panels.statuses,
        "partner_rows": [],
    }
    if panels.enrolments or (access.may_work and case.kind in PERPETRATOR_CASE_KINDS):
        panel["enrolments"] = panels.enrolments
        panel["may_enrol"] = access.may_work
    if case.kind == CaseKind.PARTNER_SUPPORT:
        panel["partner_rows"] = selectors.partner_links_of_case(request.user, case)
    return render_to_string("programmes/_case_panels.html", panel, request=request)
