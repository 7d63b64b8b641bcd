"""A withdrawn consent reaches referrals through the hook people calls (never an import of
referrals by people): a child's own assent as much as a caregiver's or an adult's consent, and
both sides then read "consent withdrawn" on the referral."""

import datetime
from pathlib import Path

from django.utils import timezone

from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import CaseKind
from accord.directory import services as directory
from accord.people import services as people
from accord.people.consent_hooks import on_withdrawal
from accord.people.models import ConsentGiver, ConsentMethod, ConsentScope, Gender
from accord.referrals import services
from accord.referrals.models import Notification, NotificationKind, ReferralStatus
from accord.referrals.services import referrals_consent_withdrawn
from accord.referrals.tests.referral_helpers import fresh, route, sent
from accord.testing import Casework, World, client_for


def _child_referral(world: World, casework: Casework):
    """Her son's case referred to Elsewhere Aid on his mother's consent and his own assent."""
    r = route(world, casework, consent=False)
    directory.directory_entry_update(
        actor=Actor.system(),
        service=r.to_service,
        offers=["counselling"],
        languages=["es"],
        accepted_case_kinds=[CaseKind.SURVIVOR_SUPPORT, CaseKind.CHILD],
    )
    actor = Actor.for_user(world.caseworker)
    today = timezone.localdate()
    child = people.person_create(
        actor=actor,
        organisation=world.womens_aid,
        given_name="Sam",
        family_name="Sample",
        date_of_birth=today.replace(year=today.year - 9),
        gender=Gender.NOT_STATED,
    )
    case = cases.case_open(
        actor=actor, kind=CaseKind.CHILD, person=child, team=casework.her_case.team
    )
    consents = {
        given_by: people.consent_record(
            actor=actor,
            person=child,
            case=case,
            scope=ConsentScope.REFERRAL_TO_ORGANISATION,
            organisation=world.unrelated,
            given_by=given_by,
            caregiver_name="Her Mother" if given_by == ConsentGiver.CAREGIVER else "",
            method=ConsentMethod.WRITTEN,
            given_on=today - datetime.timedelta(days=2),
        )
        for given_by in (ConsentGiver.CAREGIVER, ConsentGiver.CHILD_ASSENT)
    }
    referral = services.referral_draft(actor=actor, case=case, to_service=r.to_service)
    referral = services.referral_send(
        actor=actor, referral=referral, expected_version=referral.version
    )
    return r, referral, consents


def test_referrals_register_their_handler_and_people_never_imports_referrals() -> None:
    assert referrals_consent_withdrawn in on_withdrawal.handlers
    source = (Path(people.__file__)).read_text(encoding="utf-8")
    assert "accord.referrals" not in source


def test_withdrawing_a_childs_assent_tells_the_receiver_and_withdraws_the_referral(
    world: World, casework: Casework
) -> None:
    """Defect: sending needed the child's assent, but withdrawing it told nobody."""
    r, referral, consents = _child_referral(world, casework)

    people.consent_withdraw(
        actor=Actor.for_user(world.caseworker), consent=consents[ConsentGiver.CHILD_ASSENT]
    )

    withdrawn = fresh(referral)
    assert withdrawn.status == ReferralStatus.WITHDRAWN
    assert withdrawn.consent_withdrawn_by_giver == ConsentGiver.CHILD_ASSENT
    assert Notification.objects.filter(
        team=r.to_team, kind=NotificationKind.CONSENT_WITHDRAWN, referral=referral
    ).exists()


def test_both_sides_read_the_withdrawn_consent_on_an_accepted_referral(
    world: World, casework: Casework
) -> None:
    """Defect: after a withdrawal the referral still read only "Accepted" on both sides."""
    r = route(world, casework)
    referral = sent(world, casework, r)
    services.referral_accept(
        actor=Actor.for_user(world.outsider), referral=referral, expected_version=2, team=r.to_team
    )

    people.consent_withdraw(actor=Actor.for_user(world.caseworker), consent=r.consent)

    assert fresh(referral).status == ReferralStatus.ACCEPTED
    for reader in (world.caseworker, world.outsider):
        client = client_for(reader)
        page = client.get(f"/referrals/{referral.reference}/").content.decode()
        assert "Consent withdrawn" in page
        assert "The person, for themselves" in page
        listing = client.get("/referrals/").content.decode()
        assert "Consent withdrawn" in listing
