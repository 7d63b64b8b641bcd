"""The persona world every test starts from (the people of docs/product.md §1): a women's support
service with a caseworker, her manager, a DPO and an admin; a perpetrator programme's
facilitator; a police liaison; and a worker at an unrelated organisation. Built through the real
services, so the audit log of a test world is as true as the demo's."""

import datetime
import time
from dataclasses import dataclass

from django.test import Client

from accord.accounts import services as accounts
from accord.accounts.models import Organisation, Role, Service, ServiceKind, Team, User
from accord.audit.context import Actor
from accord.cases.models import Case, CaseKind, ContactType
from accord.people.models import Household, Person, Relationship

PASSWORD = "correct horse battery staple"  # noqa: S105 - the test personas' password


@dataclass(frozen=True)
class World:
    womens_aid: Organisation
    support_service: Service
    outreach: Team
    caseworker: User
    manager: User
    dpo: User
    admin: User
    programme: Organisation
    group_work: Team
    facilitator: User
    police: Organisation
    police_liaison: User
    unrelated: Organisation
    outsider: User


def _organisation(
    slug: str, name: str, kind: ServiceKind, team: str
) -> tuple[Organisation, Service, Team]:
    actor = Actor.system()
    organisation = accounts.organisation_create(
        actor=actor, name=name, slug=slug, country="ES", languages=["es", "en"]
    )
    service = accounts.service_create(
        actor=actor, organisation=organisation, name=f"{name} service", kind=kind
    )
    return organisation, service, accounts.team_create(actor=actor, service=service, name=team)


def make_user(username: str, team: Team, role: Role, *, mfa: bool = True, **extra: object) -> User:
    actor = Actor.system()
    user = accounts.user_create(
        actor=actor, username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )
    accounts.membership_create(actor=actor, user=user, team=team, role=role)
    if mfa:
        accounts.user_totp_enrol(actor=actor, user=user)
    return user


def build_world() -> World:
    womens_aid, support_service, outreach = _organisation(
        "womens-aid", "Women's Aid A", ServiceKind.SURVIVOR_SUPPORT, "Outreach"
    )
    programme, _, group_work = _organisation(
        "change", "Change Programme", ServiceKind.PERPETRATOR_PROGRAMME, "Group Work"
    )
    police, _, police_team = _organisation("police", "Police", ServiceKind.POLICE, "DA Unit")
    unrelated, _, unrelated_team = _organisation(
        "elsewhere", "Elsewhere Aid", ServiceKind.SURVIVOR_SUPPORT, "Helpline"
    )
    return World(
        womens_aid=womens_aid,
        support_service=support_service,
        outreach=outreach,
        caseworker=make_user("caseworker_a", outreach, Role.CASEWORKER),
        manager=make_user("manager_a", outreach, Role.MANAGER),
        dpo=make_user("dpo_a", outreach, Role.DPO),
        admin=make_user("admin_a", outreach, Role.ADMIN, is_staff=True),
        programme=programme,
        group_work=group_work,
        facilitator=make_user("facilitator", group_work, Role.FACILITATOR),
        police=police,
        police_liaison=make_user("police_liaison", police_team, Role.CASEWORKER),
        unrelated=unrelated,
        outsider=make_user("outsider", unrelated_team, Role.CASEWORKER),
    )


def reauthenticate(client: Client, user: User) -> None:
    """Record a fresh re-authentication in the client's session, as allauth does after the
    user re-enters her password (sensitive actions check for one)."""
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session.save()


def client_for(user: User) -> Client:
    """A client signed in as `user`. The user has TOTP, so the session counts as past MFA:
    allauth completes a sign-in only after the second factor for such a user."""
    client = Client()
    client.force_login(user)
    return client


@dataclass(frozen=True)
class Casework:
    """One household worked on from both sides of the barrier: her survivor-support case at
    Women's Aid A (key worker: the caseworker) and his programme case at the Change Programme
    (key worker: the facilitator)."""

    household: Household
    survivor: Person
    man: Person
    her_case: Case
    his_case: Case


SURVIVOR_ADDRESS = "7 Orchard Row, Riverton"
SURVIVOR_PHONE = "+34 600 111 222"
SURVIVOR_DISCLOSURE = "He took her phone and locked her in."


def build_casework(world: World) -> Casework:
    from accord.cases import services as cases
    from accord.people import services as people

    her_actor = Actor.for_user(world.caseworker)
    survivor = people.person_create(
        actor=her_actor,
        organisation=world.womens_aid,
        given_name="Ana",
        family_name="García",
        date_of_birth=datetime.date(1990, 4, 2),
        phone=SURVIVOR_PHONE,
        real_address=SURVIVOR_ADDRESS,
        substitute_address="PO Box 12, Riverton",
    )
    household = people.household_create(actor=her_actor, organisation=world.womens_aid)
    people.household_member_add(
        actor=her_actor, household=household, person=survivor, relationship=Relationship.SURVIVOR
    )
    her_case = cases.case_open(
        actor=her_actor,
        kind=CaseKind.SURVIVOR_SUPPORT,
        person=survivor,
        team=world.outreach,
        key_worker=world.caseworker,
        household=household,
    )
    cases.note_add(
        actor=her_actor, case=her_case, contact_type=ContactType.PHONE, text=SURVIVOR_DISCLOSURE
    )
    his_actor = Actor.for_user(world.facilitator)
    man = people.person_create(
        actor=his_actor, organisation=world.programme, given_name="Luis", family_name="Pérez"
    )
    people.household_member_add(
        actor=his_actor,
        household=household,
        person=man,
        relationship=Relationship.PERSON_USING_VIOLENCE,
    )
    his_case = cases.case_open(
        actor=his_actor,
        kind=CaseKind.PERPETRATOR_PROGRAMME,
        person=man,
        team=world.group_work,
        key_worker=world.facilitator,
        household=household,
        partner_first_name_as_given="Ana",
    )
    return Casework(
        household=household, survivor=survivor, man=man, her_case=her_case, his_case=his_case
    )
