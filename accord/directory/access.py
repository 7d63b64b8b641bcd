"""The access rules of the service directory and of cooperation protocols."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accord.access import registry
from accord.access.roles import (
    AnyUser,
    is_person,
    memberships_of,
    organisation_ids_with_role,
    service_account_memberships,
)
from accord.accounts.models import Organisation, Role, Service
from accord.directory.models import DirectoryEntry, Protocol, ProtocolParty, ProtocolStatus


@registry.register(DirectoryEntry)
def directory_entries(user: AnyUser) -> QuerySet[DirectoryEntry]:
    """Part of the directory, like the services it describes: no person data in it. Every
    signed-in account, service accounts included."""
    if not user.is_authenticated:
        return DirectoryEntry.objects.none()
    return DirectoryEntry.objects.select_related("service__organisation")


@registry.register(Protocol)
def protocols(user: AnyUser) -> QuerySet[Protocol]:
    """A cooperation protocol is read by the admins of its parties (drafts included: they
    negotiate it) and by the service accounts of its parties once it has been activated (a
    police system checks what it may send). Nobody else: not the parties' caseworkers or
    managers, not a superuser, not another organisation's admin."""
    if not user.is_authenticated or not user.is_active:
        return Protocol.objects.none()
    if user.is_service_account:
        organisations = service_account_memberships(user).values("team__service__organisation_id")
        parties = ProtocolParty.objects.filter(organisation_id__in=organisations)
        return Protocol.objects.filter(
            pk__in=parties.values("protocol_id"), status=ProtocolStatus.ACTIVE
        )
    parties = ProtocolParty.objects.filter(
        organisation_id__in=organisation_ids_with_role(user, Role.ADMIN)
    )
    return Protocol.objects.filter(pk__in=parties.values("protocol_id"))


def protocol_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations the user drafts, signs and activates protocols for: those where she
    holds the admin role (a manager runs a service; an agreement binds the organisation)."""
    if not is_person(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(id__in=organisation_ids_with_role(user, Role.ADMIN))


@dataclass(frozen=True)
class ProtocolStanding:
    """How she stands to protocols: the organisations she manages them for
    (`protocol_organisations`). She manages a protocol one of them is party to, and signs for
    those parties only: another party's admin never signs for hers."""

    organisation_ids: frozenset[int]

    def manages(self, protocol: Protocol) -> bool:
        return any(self.signs_for(party) for party in protocol.parties.all())

    def signs_for(self, party: ProtocolParty) -> bool:
        return party.organisation_id in self.organisation_ids


def protocol_standing(user: AnyUser) -> ProtocolStanding:
    """One query, whatever the number of parties a page then asks about."""
    return ProtocolStanding(frozenset(protocol_organisations(user).values_list("pk", flat=True)))


def may_edit_directory_entry(user: AnyUser, service: Service) -> bool:
    """A service's directory entry: its organisation's admin, or a manager of the service."""
    return (
        memberships_of(user)
        .filter(
            Q(role=Role.ADMIN, team__service__organisation_id=service.organisation_id)
            | Q(role=Role.MANAGER, team__service_id=service.pk)
        )
        .exists()
    )
