"""The access rules of organisations, services, teams, memberships and users."""

from django.db.models import QuerySet

from accord.access import registry
from accord.access.roles import AnyUser, is_person, organisation_ids_of, organisation_ids_with_role
from accord.accounts.models import Membership, Organisation, Role, Service, Team, User


@registry.register(Organisation)
def organisations(user: AnyUser) -> QuerySet[Organisation]:
    """The locality's directory holds no person data: every signed-in account reads it,
    service accounts included (a police system looks up where to refer)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.all()


@registry.register(Service)
def services(user: AnyUser) -> QuerySet[Service]:
    """Every signed-in account reads the services; a confidential address only through the
    service rule table (its own staff, on an audited reveal)."""
    if not user.is_authenticated:
        return Service.objects.none()
    return Service.objects.select_related("organisation")


def public_helplines() -> QuerySet[Service]:
    """Services whose helpline may be published, for the survivor-facing help page."""
    return Service.objects.filter(public_phone__gt="").select_related("organisation")


@registry.register(Team)
def teams(user: AnyUser) -> QuerySet[Team]:
    """The teams of the organisations the user belongs to."""
    if not is_person(user):
        return Team.objects.none()
    return Team.objects.filter(
        service__organisation_id__in=organisation_ids_of(user)
    ).select_related("service__organisation")


@registry.register(Membership)
def memberships(user: AnyUser) -> QuerySet[Membership]:
    """Memberships of the organisations the user administers (every one for a superuser)."""
    if not is_person(user):
        return Membership.objects.none()
    if user.is_superuser:
        return Membership.objects.all()
    return Membership.objects.filter(
        team__service__organisation_id__in=organisation_ids_with_role(user, Role.ADMIN)
    )


@registry.register(User)
def users(user: AnyUser) -> QuerySet[User]:
    """The users of the organisations the user administers (every one for a superuser)."""
    if not is_person(user):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    return User.objects.filter(
        memberships__team__service__organisation_id__in=organisation_ids_with_role(user, Role.ADMIN)
    ).distinct()
