"""The demo's directory and protocols: every service described, five protocols (one expired)
that referrals and programme reports can follow; seeding twice changes nothing."""

import datetime

from django.utils import timezone

from accord.accounts.models import Organisation, Service
from accord.audit.models import AuditEvent
from accord.demo.directory import seed_demo_directory_and_protocols
from accord.demo.locality import seed_demo_locality
from accord.directory.models import DirectoryEntry, Protocol, ProtocolState
from accord.directory.selectors import protocol_flow_for, why_no_protocol

DAY = datetime.date(2026, 3, 1)


def test_the_demo_locality_seeds_its_directory_and_protocols_once(demo_locality) -> None:
    seed_demo_locality()
    assert DirectoryEntry.objects.count() == Service.objects.count()
    states = {p.title: p.state_on(DAY) for p in Protocol.objects.all()}
    assert sorted(states.values()) == sorted(
        [ProtocolState.ACTIVE] * 5 + [ProtocolState.EXPIRED, ProtocolState.NOT_YET_VALID]
    )
    orgs = Organisation.objects.in_bulk(field_name="slug")
    womens_aid, change = orgs["riverton-womens-aid"], orgs["riverton-change"]
    to_her = protocol_flow_for(change, womens_aid, on=DAY)
    assert to_her is not None and to_her.categories == ["programme_status"]
    to_him = protocol_flow_for(womens_aid, change, on=DAY)
    assert to_him is not None and to_him.categories == ["risk"]
    police = protocol_flow_for(orgs["riverton-police"], womens_aid, on=DAY)
    assert police is not None and police.categories == ["identity", "contact", "risk"]
    assert "expired on" in why_no_protocol(orgs["riverton-probation"], change, on=DAY)

    events = AuditEvent.objects.count()
    seed_demo_directory_and_protocols()
    # Six of the directory's (two between Women's Aid and the mentors' network, one each way),
    # and the programme's with probation (accord.demo.programmes).
    assert Protocol.objects.count() == 7
    assert AuditEvent.objects.count() == events


def test_a_survivor_case_of_the_demo_can_be_referred_on(demo_locality) -> None:
    """Defect: "No service in the directory takes a referral for this kind of case" for every
    survivor case: now the mentors take one, under a protocol in force."""
    from accord.cases.models import Case, CaseKind
    from accord.referrals.selectors import referable_services

    seed_demo_locality()
    case = Case.objects.filter(kind=CaseKind.SURVIVOR_SUPPORT).order_by("pk").first()
    sender = case.team.service.organisation
    sendable = [
        service
        for service in referable_services(case)
        if protocol_flow_for(sender, service.organisation, on=timezone.localdate()) is not None
    ]
    assert sendable
