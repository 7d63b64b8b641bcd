from django.http import HttpRequest

from accord.access.policy import memberships_of
from accord.core import panels


def roles(request: HttpRequest) -> frozenset[str]:
    """The reader's roles anywhere, read once (one query) for all the home page's panels: each
    app's panel asks it to decide whether it has anything for her."""
    if not hasattr(request, "_accord_home_roles"):
        roles = frozenset(memberships_of(request.user).values_list("role", flat=True))
        request._accord_home_roles = roles  # type: ignore[attr-defined]
    return request._accord_home_roles  # type: ignore[attr-defined]


@panels.home_panel("teams", template="accounts/_home_teams.html", order=900)
def teams(request: HttpRequest) -> dict[str, object]:
    """The reader's teams and roles, for everyone signed in."""
    memberships = memberships_of(request.user).select_related("team__service__organisation")
    return {"memberships": memberships}
