"""The community mentors' test personas, built through the real services: a migrant women's
network with two mentors, and a protocol that lets it refer to Women's Aid A."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accord.accounts import services as accounts
from accord.accounts.models import Organisation, Role, Service, ServiceKind, Team, User
from accord.audit.context import Actor
from accord.cases.models import CaseKind
from accord.community import services
from accord.community.models import EarlyContact
from accord.directory import services as directory
from accord.directory.models import Protocol
from accord.directory.tests.helpers import complete, draft
from accord.testing import World, make_user


@dataclass(frozen=True)
class Network:
    organisation: Organisation
    service: Service
    team: Team
    mentor: User
    other_mentor: User


def build_network(world: World) -> Network:
    actor = Actor.system()
    organisation = accounts.organisation_create(
        actor=actor, name="Migrant Women's Network", slug="network", country="ES", languages=["es"]
    )
    service = accounts.service_create(
        actor=actor, organisation=organisation, name="Mentors", kind=ServiceKind.COMMUNITY
    )
    team = accounts.team_create(actor=actor, service=service, name="Mentors")
    return Network(
        organisation=organisation,
        service=service,
        team=team,
        mentor=make_user("mentor_a", team, Role.MENTOR, first_name="Amina"),
        other_mentor=make_user("mentor_b", team, Role.MENTOR),
    )


def contact(network: Network, mentor: User | None = None, **extra: object) -> EarlyContact:
    mentor = mentor or network.mentor
    fields: dict = {
        "contacted_on": timezone.localdate() - datetime.timedelta(days=2),
        "community": "Syrian",
        "language": "Arabic",
        "concern": "psychological",
        "offered": ["listening", "information"],
    }
    fields.update(extra)
    return services.early_contact_record(
        actor=Actor.for_user(mentor), mentor=mentor, team=network.team, **fields
    )


def protocol_to_womens_aid(world: World, network: Network) -> Protocol:
    """An active protocol letting the network send her identity to Women's Aid A, whose support
    service takes survivor-support referrals (the referral tests' helpers)."""
    directory.directory_entry_update(
        actor=Actor.system(),
        service=world.support_service,
        offers=["counselling"],
        languages=["es"],
        accepted_case_kinds=[CaseKind.SURVIVOR_SUPPORT],
    )
    return complete(
        draft(world, network.organisation, title="Community referrals"),
        {(network.organisation, world.womens_aid): ["identity"]},
    )
