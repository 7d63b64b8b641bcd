"""Who is who in the network, as far as the knowledge exchange needs to know.

The hub is an organisation with a network-hub service; its staff are the people with a
membership in one of that service's teams. Until the network app (members directory) is
merged, the hub's *member organisations* are every other organisation on the platform
(docs/decisions/0040-knowledge-exchange-app.md): this module is the one place to change when
membership of the network is recorded.

A member organisation is represented by its managers and admins: they answer surveys, submit
compendium entries and add campaign activities on its behalf.
"""

from django.db.models import QuerySet

from accord.access.policy import AnyUser, memberships_of
from accord.accounts.models import Organisation, Role, ServiceKind

HUB_EDITOR_ROLES = frozenset({Role.MANAGER, Role.ADMIN, Role.COORDINATOR})
REPRESENTATIVE_ROLES = frozenset({Role.MANAGER, Role.ADMIN})


def hubs() -> QuerySet[Organisation]:
    return Organisation.objects.filter(services__kind=ServiceKind.NETWORK_HUB).distinct()


def member_organisations(hub: Organisation) -> QuerySet[Organisation]:
    """The organisations a hub's surveys and campaigns address."""
    return Organisation.objects.exclude(pk__in=hubs().values("pk")).order_by("name")


def _hub_memberships(user: AnyUser):
    return memberships_of(user).filter(team__service__kind=ServiceKind.NETWORK_HUB)


def hub_ids_as_analyst(user: AnyUser) -> set[int]:
    """Hubs where she codes answers and reads reports (role analyst)."""
    return set(
        _hub_memberships(user)
        .filter(role=Role.ANALYST)
        .values_list("team__service__organisation_id", flat=True)
    )


def hub_ids_as_editor(user: AnyUser) -> set[int]:
    """Hubs whose surveys, compendium and campaigns she runs (manager, admin, coordinator)."""
    return set(
        _hub_memberships(user)
        .filter(role__in=HUB_EDITOR_ROLES)
        .values_list("team__service__organisation_id", flat=True)
    )


def hub_ids_of_staff(user: AnyUser) -> set[int]:
    return set(_hub_memberships(user).values_list("team__service__organisation_id", flat=True))


def represented_organisation_ids(user: AnyUser) -> set[int]:
    """The member organisations she answers for (manager or admin there, never a hub)."""
    return set(
        memberships_of(user)
        .filter(role__in=REPRESENTATIVE_ROLES)
        .exclude(team__service__kind=ServiceKind.NETWORK_HUB)
        .values_list("team__service__organisation_id", flat=True)
    )
