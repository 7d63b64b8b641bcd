"""The demo locality's referrals, made through the real services (so the audit log is true):
inbound ones from the police and ones from Women's Aid's cases of children, under the protocols
of accord.demo.directory. Called from accord.demo.locality.seed_demo_locality after them."""

import datetime

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import Service, Team, User
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind
from accord.demo.locality import HOUSEHOLDS
from accord.people import services as people
from accord.people.models import (
    ConsentGiver,
    ConsentMethod,
    ConsentScope,
    Gender,
    HouseholdMember,
    Person,
    Relationship,
)
from accord.referrals import services
from accord.referrals.models import Referral

# Police referrals to the Women's Support Service, as the police system sends them in: one in
# every state a referral can reach. Invented names only.
POLICE_REFERRALS: list[tuple[str, str, str]] = [
    # (given name, family name, what becomes of it)
    ("Example", "Waiting", "sent"),
    ("Sample", "Overdue", "overdue"),
    ("Fictional", "Accepted", "accepted"),
    ("Placeholder", "Declined", "declined"),
    ("Example", "Closed", "closed"),
    ("Sample", "Withdrawn", "withdrawn"),
]


@transaction.atomic
def seed_demo_referrals() -> None:
    """Referrals in every state between the Riverton organisations, through the services:
    inbound ones from the police, and ones made from Women's Aid's cases of children."""
    _seed_police_referrals()
    _seed_children_referrals()


def _seed_police_referrals() -> None:
    """Idempotent: once the police have referred anyone, nothing more is made."""
    police_team = Team.objects.filter(
        service__organisation__slug="riverton-police", name="Domestic Abuse Unit"
    ).first()
    support = Service.objects.filter(
        organisation__slug="riverton-womens-aid", name="Women's Support Service"
    ).first()
    if police_team is None or support is None:
        return
    if Referral.objects.filter(from_team=police_team).exists():
        return
    police = Actor.for_user(User.objects.get(username="police"))
    caseworker_user = User.objects.get(username="caseworker")
    caseworker = Actor.for_user(caseworker_user)
    outreach = Team.objects.get(service=support, name="Outreach")
    for given_name, family_name, outcome in POLICE_REFERRALS:
        referral = services.referral_inbound(
            actor=police,
            from_team=police_team,
            to_service=support,
            case_kind="survivor_support",
            person={"given_name": given_name, "family_name": family_name},
            risk_level="medium",
            consent_stated_on=datetime.date(2025, 1, 15),
        )
        if outcome == "overdue":
            # Sent today, so not late yet: the demo moves its deadline back to show the flags.
            Referral.objects.filter(pk=referral.pk).update(
                due_on=referral.due_on - datetime.timedelta(days=7)
            )
            services.referral_overdue_notify(actor=Actor.system(), today=referral.due_on)
        elif outcome in {"accepted", "closed"}:
            referral = services.referral_accept(
                actor=caseworker,
                referral=referral,
                expected_version=referral.version,
                team=outreach,
                key_worker=caseworker_user,
            )
            if outcome == "closed":
                services.referral_close(
                    actor=caseworker,
                    referral=referral,
                    expected_version=referral.version,
                    by_sender=False,
                )
        elif outcome == "declined":
            services.referral_decline(
                actor=caseworker,
                referral=referral,
                expected_version=referral.version,
                reason="already_known",
            )
        elif outcome == "withdrawn":
            services.referral_withdraw(
                actor=police, referral=referral, expected_version=referral.version
            )
    # A draft: her caseworker starts a referral of a survivor's child to children's services.
    children = Service.objects.filter(
        organisation__slug="riverton-council", name="Children's Services"
    ).first()
    case = Case.objects.filter(team=outreach, kind="survivor_support").order_by("pk").first()
    if children is not None and case is not None:
        services.referral_draft(actor=caseworker, case=case, to_service=children, case_kind="child")


# Women's Aid's own cases of the women's children (her caseworker sees them with their mother),
# referred to the council's children's services under the protocol between the two, each on a
# caregiver's consent and the child's own assent: one waiting, one accepted (the council's
# Family Safeguarding team opens its own case), one declined. The last is not referred: a case
# to refer through the pages, in a demo or in the browser test.
CHILD_REFERRALS: list[tuple[str, str, datetime.date, str, str]] = [
    # (given name, family name, date of birth, mother's given name, what becomes of it)
    ("Lily", "Sample", datetime.date(2014, 1, 20), "Alice", "sent"),
    ("Tia", "Example", datetime.date(2011, 6, 12), "Bea", "accepted"),
    ("Rio", "Fictional", datetime.date(2019, 8, 5), "Cora", "declined"),
    ("Leo", "Example", datetime.date(2015, 10, 4), "Bea", ""),
]


def _mother(given_name: str, family_name: str) -> tuple[Person | None, dict[str, str]]:
    """The mother's record at Women's Aid (through the blind index) and her demo addresses."""
    for members in HOUSEHOLDS:
        her = members[0]
        if (her.given_name, her.family_name) == (given_name, family_name):
            index = people.name_dob_index(her.given_name, her.family_name, her.date_of_birth)
            person = Person.objects.filter(
                organisation__slug="riverton-womens-aid", name_dob_index=index
            ).first()
            addresses = {
                key: her.person[key]
                for key in ("real_address", "substitute_address")
                if her.person.get(key)
            }
            return person, addresses
    return None, {}


def _seed_children_referrals() -> None:
    """Idempotent: a child already on Women's Aid's record is left alone."""
    outreach = Team.objects.filter(
        service__organisation__slug="riverton-womens-aid", name="Outreach"
    ).first()
    safeguarding = Team.objects.filter(
        service__organisation__slug="riverton-council", name="Family Safeguarding"
    ).first()
    if outreach is None or safeguarding is None:
        return
    womens_aid = outreach.service.organisation
    council = safeguarding.service.organisation
    caseworker_user = User.objects.get(username="caseworker")
    caseworker = Actor.for_user(caseworker_user)
    socialworker_user = User.objects.get(username="socialworker")
    socialworker = Actor.for_user(socialworker_user)
    today = timezone.localdate()
    for given_name, family_name, born, mother_name, outcome in CHILD_REFERRALS:
        index = people.name_dob_index(given_name, family_name, born)
        if Person.objects.filter(organisation=womens_aid, name_dob_index=index).exists():
            continue
        mother, addresses = _mother(mother_name, family_name)
        child = people.person_create(
            actor=caseworker,
            organisation=womens_aid,
            given_name=given_name,
            family_name=family_name,
            date_of_birth=born,
            gender=Gender.NOT_STATED,
            safe_contact_times="Only through their mother",
            **addresses,
        )
        membership = HouseholdMember.objects.filter(person=mother).first() if mother else None
        household = membership.household if membership else None
        if household is not None:
            people.household_member_add(
                actor=caseworker, household=household, person=child, relationship=Relationship.CHILD
            )
        case = cases.case_open(
            actor=caseworker,
            kind=CaseKind.CHILD,
            person=child,
            team=outreach,
            key_worker=caseworker_user,
            household=household,
            opened_on=today - datetime.timedelta(days=30),
        )
        if not outcome:
            continue
        for given_by in (ConsentGiver.CAREGIVER, ConsentGiver.CHILD_ASSENT):
            people.consent_record(
                actor=caseworker,
                person=child,
                scope=ConsentScope.REFERRAL_TO_ORGANISATION,
                organisation=council,
                given_by=given_by,
                caregiver_name=f"{mother_name} {family_name}"
                if given_by == ConsentGiver.CAREGIVER
                else "",
                method=ConsentMethod.WRITTEN,
                given_on=today - datetime.timedelta(days=7),
                case=case,
            )
        referral = services.referral_draft(
            actor=caseworker, case=case, to_service=safeguarding.service
        )
        referral = services.referral_send(
            actor=caseworker, referral=referral, expected_version=referral.version
        )
        if outcome == "accepted":
            services.referral_accept(
                actor=socialworker,
                referral=referral,
                expected_version=referral.version,
                team=safeguarding,
                key_worker=socialworker_user,
            )
        elif outcome == "declined":
            services.referral_decline(
                actor=socialworker,
                referral=referral,
                expected_version=referral.version,
                reason="outside_criteria",
            )
