from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.access.policy import CASEWORK_ROLES
from accord.accounts.home import roles
from accord.accounts.models import Role
from accord.cases import selectors
from accord.core import panels


def _signed_in(request: HttpRequest) -> bool:
    return request.user.is_authenticated


panels.nav_entry("cases", label=_("Cases"), url_name="cases:caseload", order=20, shown=_signed_in)


@panels.home_panel("my-work", template="cases/_home_my_work.html", order=10)
def my_work(request: HttpRequest) -> dict[str, object] | None:
    """A caseworker's day: her tasks overdue and due this week, the risk reviews due on her
    cases, her high-risk cases and her alerts (cases meeting a risk conference's criteria)."""
    if not roles(request) & set(CASEWORK_ROLES):
        return None
    today = timezone.localdate()
    cases = selectors.home_cases(request.user, today=today)
    tasks = selectors.home_tasks(request.user, today=today)
    return {
        "today": today,
        "overdue": [task for task in tasks if task.due_on < today],
        "due": [task for task in tasks if task.due_on >= today],
        "cases": cases,
    }


@panels.home_panel("team-load", template="cases/_home_team_load.html", order=20)
def team_load(request: HttpRequest) -> dict[str, object] | None:
    """A manager's view of her services: each worker's open cases and overdue tasks, and the
    overdue tasks themselves."""
    if Role.MANAGER not in roles(request):
        return None
    today = timezone.localdate()
    return {
        "today": today,
        "load": selectors.team_load(request.user, today=today),
        "overdue": selectors.team_overdue_tasks(request.user, today=today),
    }
