from django.http import HttpRequest

from accord.access.policy import memberships_of
from accord.core import panels


@panels.home_panel("teams", template="accounts/_home_teams.html", order=900)
def teams(request: HttpRequest) -> dict[str, object]:
    """The reader's teams and roles, for everyone signed in."""
    memberships = memberships_of(request.user).select_related("team__service__organisation")
    return {"memberships": memberships}
