"""The persona world every test starts from (DESIGN.md §5): a women's support service with a
caseworker, her manager, a DPO and an admin; a perpetrator programme's facilitator; a police
liaison; and a worker at an unrelated organisation. Built through the real services, so the
audit log of a test world is as true as the demo's."""

import time
from dataclasses import dataclass

from django.test import Client

from accord.accounts import services as accounts
from accord.accounts.models import Organisation, Role, Service, ServiceKind, Team, User
from accord.audit.context import Actor

PASSWORD = "correct horse battery staple"


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


def _organisation(slug: str, name: str, kind: ServiceKind, team: str) -> tuple[Organisation, Service, Team]:
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
