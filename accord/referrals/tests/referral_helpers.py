"""Shared by the referral tests: Women's Aid A refers her to Elsewhere Aid (the outsider's
organisation, a survivor-support service) under a protocol that lets identity, contact and risk
flow that way, on her written consent."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accord.accounts.models import Service, Team
from accord.audit.context import Actor
from accord.cases.models import Case, CaseKind
from accord.directory import services as directory
from accord.directory.models import Protocol
from accord.directory.tests.helpers import complete, draft
from accord.people import services as people
from accord.people.models import Consent, ConsentGiver, ConsentMethod, ConsentScope
from accord.referrals import services
from accord.referrals.models import Referral
from accord.testing import Casework, World

FLOW = ["identity", "contact", "risk"]


@dataclass(frozen=True)
class Route:
    to_service: Service
    to_team: Team
    protocol: Protocol | None
    consent: Consent | None


def elsewhere_service(world: World) -> Service:
    return Service.objects.get(organisation=world.unrelated)


def route(
    world: World,
    casework: Casework,
    *,
    flow: list[str] | None = None,
    consent: bool = True,
    consent_expires_on: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    with_protocol: bool = True,
) -> Route:
    service = elsewhere_service(world)
    directory.directory_entry_update(
        actor=Actor.system(),
        service=service,
        offers=["counselling"],
        languages=["es"],
        accepted_case_kinds=[CaseKind.SURVIVOR_SUPPORT],
    )
    protocol = None
    if with_protocol:
        protocol = complete(
            draft(world, world.unrelated, title="Women's Aid and Elsewhere"),
            {(world.womens_aid, world.unrelated): flow if flow is not None else FLOW},
            valid_to=valid_to,
        )
    given = None
    if consent:
        given = people.consent_record(
            actor=Actor.for_user(world.caseworker),
            person=casework.survivor,
            case=casework.her_case,
            scope=ConsentScope.REFERRAL_TO_ORGANISATION,
            organisation=world.unrelated,
            given_by=ConsentGiver.PERSON,
            method=ConsentMethod.WRITTEN,
            given_on=timezone.localdate() - datetime.timedelta(days=3),
            expires_on=consent_expires_on,
        )
    return Route(
        to_service=service,
        to_team=Team.objects.get(service=service),
        protocol=protocol,
        consent=given,
    )


def her_draft(world: World, case: Case, to_service: Service, summary: str = "") -> Referral:
    return services.referral_draft(
        actor=Actor.for_user(world.caseworker), case=case, to_service=to_service, summary=summary
    )


def sent(world: World, casework: Casework, r: Route, **send: str) -> Referral:
    referral = her_draft(world, casework.her_case, r.to_service)
    return services.referral_send(
        actor=Actor.for_user(world.caseworker),
        referral=referral,
        expected_version=referral.version,
        **send,
    )


def fresh(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)
