"""Who the reader is: a person or a system's account, her memberships and roles, and the teams
whose cases she works. Every rule of the access module and of the apps' `access.py` starts here.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

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
