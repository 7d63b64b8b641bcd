"""Home panels and navigation for programmes: today's sessions for a facilitator, the partner
contacts due for a partner-support worker."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.access.policy import CaseAccess
from accord.cases.models import Case, CaseKind
from accord.core import panels
from accord.programmes import selectors
from accord.programmes.models import CASE_KINDS_BY_PROGRAMME_KIND, ProgrammeKind

# How many due contacts the home panel lists; the schedule page has them all.
HOME_CONTACTS = 5


@panels.home_panel("programmes-today", template="programmes/_home_today.html", order=30)
def today(request: HttpRequest) -> dict[str, object] | None:
    """Today's sessions, for a facilitator; None hides the panel."""
    sessions = selectors.today_sessions(request.user)
    return {"sessions": sessions} if sessions else None


@panels.home_panel("partner-contacts-due", template="programmes/_home_contacts.html", order=31)
def contacts_due(request: HttpRequest) -> dict[str, object] | None:
    """The partner contacts due by today, for a partner-support worker."""
    today = timezone.localdate()
    rows = [
        row
        for row in selectors.partner_schedule(request.user)
        if row.next_due is not None and row.next_due.due_on <= today
    ]
    return {"rows": rows[:HOME_CONTACTS]} if rows else None


PERPETRATOR_CASE_KINDS = CASE_KINDS_BY_PROGRAMME_KIND[ProgrammeKind.BEHAVIOUR_CHANGE_GROUP]


@panels.case_panel("programmes", template="programmes/_case_panels.html", order=10)
def case_panels(request: HttpRequest, case: Case, access: CaseAccess) -> dict[str, Any] | None:
    """His enrolment panel on his programme case; on her case his programme status and her
    partner contact."""
    if access.relation is None:
        return None
    found = selectors.case_panels(request.user, access)
    panel: dict[str, Any] = {"enrolments": None, "statuses": found.statuses, "partner_rows": []}
    if found.enrolments or (access.may_work and case.kind in PERPETRATOR_CASE_KINDS):
        panel["enrolments"] = found.enrolments
        panel["may_enrol"] = access.may_work
    if case.kind == CaseKind.PARTNER_SUPPORT:
        panel["partner_rows"] = selectors.partner_links_of_case(request.user, case)
    return panel


def _signed_in(request: HttpRequest) -> bool:
    # Free of queries: it runs on every page. The page lists only the reader's own programmes
    # (and her partner contacts, or the reports her team received).
    return request.user.is_authenticated


panels.nav_entry(
    "programmes", label=_("Programmes"), url_name="programmes:list", order=35, shown=_signed_in
)
