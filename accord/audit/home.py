from django.http import HttpRequest

from accord.access.policy import Action, may
from accord.core import panels


@panels.home_panel("audit", template="audit/_home_audit.html", order=910)
def audit(request: HttpRequest) -> dict[str, object] | None:
    """The way into the audit log, for a data-protection officer."""
    if not may(request.user, Action.READ_AUDIT):
        return None
    return {}
