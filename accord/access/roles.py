"""Who the reader is: a person or a system's account, her memberships and roles, and the teams
whose cases she works. Every rule of the access module and of the apps' `access.py` starts here.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from accord.accounts.models import Membership, Role, Team, User

AnyUser = AbstractBaseUser | AnonymousUser

# Roles that work cases: the cases of their own teams (and the ones assigned to them). Not the
# community mentor: her team opens no case to her; she reaches her own early contacts and, of a
# case, only what an accompaniment shows (accord/community/access.py, docs/decisions/0073).
CASEWORK_ROLES = frozenset({Role.CASEWORKER, Role.FACILITATOR, Role.COORDINATOR})


def is_person(user: AnyUser) -> bool:
    """A signed-in human; service accounts act only through the endpoints built for them."""
    return bool(user.is_authenticated and user.is_active and not user.is_service_account)


def is_service_account(user: AnyUser) -> bool:
    """A police or probation system's account: it acts only through the endpoints built for it."""
    return bool(user.is_authenticated and user.is_active and user.is_service_account)


def memberships_of(user: AnyUser) -> QuerySet[Membership]:
    if not is_person(user):
        return Membership.objects.none()
    return Membership.objects.filter(user=user)


def service_account_memberships(user: AnyUser) -> QuerySet[Membership]:
    """Where a system's account belongs (`memberships_of` answers for people only)."""
    if not is_service_account(user):
        return Membership.objects.none()
    return Membership.objects.filter(user=user)


def service_account_team(user: AnyUser) -> Team | None:
    """The team a system's account sends referrals from: that of its first membership."""
    membership = (
        service_account_memberships(user).select_related("team__service").order_by("pk").first()
    )
    return membership.team if membership is not None else None


def organisation_ids_with_role(user: AnyUser, role: Role) -> QuerySet:
    return memberships_of(user).filter(role=role).values("team__service__organisation_id")


def organisation_ids_of(user: AnyUser) -> QuerySet:
    return memberships_of(user).values("team__service__organisation_id")


def worked_team_filter(user: AnyUser, prefix: str = "") -> Q:
    """Rows of the teams whose cases the user works: a casework role in the team, or the
    manager of its service. `prefix` reaches the team through a relation (e.g. "team__" for a
    case, "from_team__" for a referral); with no prefix it filters teams themselves."""
    memberships = memberships_of(user)
    team_ids = memberships.filter(role__in=CASEWORK_ROLES).values("team_id")
    managed_service_ids = memberships.filter(role=Role.MANAGER).values("team__service_id")
    team_id = f"{prefix}id" if prefix else "pk"
    return Q(**{f"{team_id}__in": team_ids}) | Q(**{f"{prefix}service_id__in": managed_service_ids})


def worked_teams(user: AnyUser) -> QuerySet[Team]:
    """The teams whose cases the user works (`case_workers` of each includes her): she opens
    cases there and reads their inbox."""
    if not is_person(user):
        return Team.objects.none()
    return Team.objects.filter(worked_team_filter(user))


def may_open_case(user: AnyUser, team: Team) -> bool:
    """Opening a case in `team`: one of its case workers (whoever she then names key worker)."""
    return worked_teams(user).filter(pk=team.pk).exists()


def case_workers(team: Team) -> QuerySet[User]:
    """The people who work the cases `team` owns: its casework roles and the managers of its
    service (the other side of `worked_teams`). A key worker or a task's assignee comes from
    here, so that naming someone never opens a case to her across the barrier."""
    return User.objects.filter(
        Q(memberships__team=team, memberships__role__in=CASEWORK_ROLES)
        | Q(memberships__team__service_id=team.service_id, memberships__role=Role.MANAGER),
        is_active=True,
        is_service_account=False,
    ).distinct()


# --- her standing, once per request -----------------------------------------------------------


@dataclass(frozen=True)
class HeldMembership:
    """One of her memberships, as ids: where she belongs and in which role."""

    pk: int
    team_id: int
    role: str
    service_id: int
    organisation_id: int


@dataclass(frozen=True)
class Standing:
    """Where the reader belongs (every membership, oldest first) and the teams whose cases she
    works: read once per request and asked by the access checks of single records
    (`case_accesses`) and by the audit actor, instead of each asking the database again.
    Ids only, nothing of any person; it lives as long as the request (`standing_scope`)."""

    memberships: tuple[HeldMembership, ...]
    # The teams whose cases she works: the same rule as `worked_team_filter`.
    worked_team_ids: frozenset[int]

    def organisation_ids_with_role(self, role: Role) -> frozenset[int]:
        return frozenset(m.organisation_id for m in self.memberships if m.role == role)

    def membership_in(self, team_id: int) -> HeldMembership | None:
        return next((m for m in self.memberships if m.team_id == team_id), None)


_standings: ContextVar[dict[int, Standing] | None] = ContextVar("accord_standings", default=None)


def _read_standing(user: AbstractBaseUser) -> Standing:
    memberships = tuple(
        HeldMembership(*row)
        for row in Membership.objects.filter(user=user)
        .order_by("pk")
        .values_list("pk", "team_id", "role", "team__service_id", "team__service__organisation_id")
    )
    worked = {m.team_id for m in memberships if m.role in CASEWORK_ROLES}
    managed_services = {m.service_id for m in memberships if m.role == Role.MANAGER}
    if managed_services:
        # Every team of the services she manages (`worked_team_filter`'s second half).
        worked.update(
            Team.objects.filter(service_id__in=managed_services).values_list("pk", flat=True)
        )
    return Standing(memberships=memberships, worked_team_ids=frozenset(worked))


def standing_of(user: AbstractBaseUser) -> Standing:
    """Her standing: read once per request inside `standing_scope` (the middleware opens one
    around every request), afresh on every call outside one (commands, tasks, tests calling
    a selector directly), so that nothing outlives the request that read it."""
    standings = _standings.get()
    if standings is None:
        return _read_standing(user)
    standing = standings.get(user.pk)
    if standing is None:
        standing = standings[user.pk] = _read_standing(user)
    return standing


def standing_forget(user: AbstractBaseUser) -> None:
    """Her memberships changed (`membership_create`): the rest of this request reads them again."""
    standings = _standings.get()
    if standings is not None:
        standings.pop(user.pk, None)


def standings_forget_all() -> None:
    """A team was added: a manager of its service works its cases now; read every standing again."""
    standings = _standings.get()
    if standings is not None:
        standings.clear()


@contextmanager
def standing_scope() -> Iterator[None]:
    """One request's memo of standings, emptied when the request ends."""
    token = _standings.set({})
    try:
        yield
    finally:
        _standings.reset(token)


class StandingMiddleware:
    """Opens the per-request memo of standings (`standing_scope`) around every request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with standing_scope():
            return self.get_response(request)
