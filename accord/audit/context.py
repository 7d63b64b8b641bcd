from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

ACTING_TEAM_SESSION_KEY = "accord_acting_team_id"


@dataclass(frozen=True)
class Actor:
    """Who does something, for whom and from where: what every audit event records."""

    user: AbstractBaseUser | None
    organisation_id: int | None = None
    team_id: int | None = None
    client_address: str | None = None

    @property
    def label(self) -> str:
        return self.user.get_username() if self.user is not None else "system"

    @property
    def display_name(self) -> str:
        """Who this is for a reader ("Printed by Alex Example"); the audit log keeps `label`."""
        if self.user is None:
            return "Accord"
        return self.user.get_full_name() or self.user.get_username()

    @classmethod
    def system(cls) -> "Actor":
        """Commands and scheduled tasks acting on the platform's own behalf."""
        return cls(user=None)

    @classmethod
    def for_user(cls, user: AbstractBaseUser, *, client_address: str | None = None) -> "Actor":
        """Acting for the organisation and team of her first membership (her standing, read
        once per request: `accord.access.roles.standing_of`)."""
        from accord.access.roles import standing_of

        memberships = standing_of(user).memberships
        if not memberships:
            return cls(user=user, client_address=client_address)
        first = memberships[0]
        return cls(
            user=user,
            organisation_id=first.organisation_id,
            team_id=first.team_id,
            client_address=client_address,
        )

    @classmethod
    def from_request(cls, request: HttpRequest) -> "Actor":
        """The signed-in user, acting for the team she chose (the session's acting team) if she
        is a member of it, else for that of her first membership."""
        from accord.access.roles import standing_of

        address = client_address(request)
        if not request.user.is_authenticated:
            return cls(user=None, client_address=address)
        actor = cls.for_user(request.user, client_address=address)
        team_id = request.session.get(ACTING_TEAM_SESSION_KEY)
        if team_id is None or team_id == actor.team_id:
            return actor
        membership = standing_of(request.user).membership_in(team_id)
        if membership is None:
            return actor
        return cls(
            user=request.user,
            organisation_id=membership.organisation_id,
            team_id=team_id,
            client_address=address,
        )


def client_address(request: HttpRequest) -> str | None:
    if settings.ACCORD_BEHIND_PROXY:
        # Our own reverse proxy appends the address it saw; anything before it is client-supplied.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None
