"""Writes to tenancy records. Each validates, saves and audits in one transaction."""

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from axes.utils import reset as axes_reset
from django.db import transaction

from accord.access.roles import standing_forget, standings_forget_all
from accord.accounts.models import Membership, Organisation, Role, Service, ServiceKind, Team, User
from accord.audit.context import Actor
from accord.audit.services import audit_event_record, audit_reveal


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name: str,
    slug: str,
    country: str,
    languages: list[str],
    default_language: str = "en",
) -> Organisation:
    organisation = Organisation(
        name=name,
        slug=slug,
        country=country,
        languages=languages,
        default_language=default_language,
    )
    organisation.full_clean()
    organisation.save()
    audit_event_record(
        actor=actor,
        action="organisation.created",
        obj=organisation,
        subject_organisation_id=organisation.pk,
    )
    return organisation


@transaction.atomic
def service_create(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    kind: ServiceKind,
    public_phone: str = "",
    confidential_address: str = "",
) -> Service:
    service = Service(
        organisation=organisation,
        name=name,
        kind=kind,
        public_phone=public_phone,
        # "No address" is NULL rather than an encrypted empty string.
        confidential_address=confidential_address or None,
    )
    service.full_clean()
    service.save()
    audit_event_record(
        actor=actor, action="service.created", obj=service, subject_organisation_id=organisation.pk
    )
    return service


@transaction.atomic
def service_address_set(*, actor: Actor, service: Service, address: str) -> Service:
    """Set (or, with "", clear) a service's confidential address. The event records that it
    changed, never the address itself."""
    service.confidential_address = address or None
    service.full_clean()
    service.save(update_fields=["confidential_address"])
    audit_event_record(
        actor=actor,
        action="service.address_changed",
        obj=service,
        subject_organisation_id=service.organisation_id,
    )
    return service


@transaction.atomic
def team_create(*, actor: Actor, service: Service, name: str) -> Team:
    team = Team(service=service, name=name)
    team.full_clean()
    team.save()
    # Her service's managers work the new team's cases from now on, in this request too.
    standings_forget_all()
    audit_event_record(
        actor=actor,
        action="team.created",
        obj=team,
        subject_organisation_id=service.organisation_id,
    )
    return team


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    is_service_account: bool = False,
) -> User:
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
        is_service_account=is_service_account,
    )
    # A service account never signs in with a password (it has a token).
    if password is None or is_service_account:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    audit_event_record(actor=actor, action="user.created", obj=user)
    return user


@transaction.atomic
def membership_create(*, actor: Actor, user: User, team: Team, role: Role) -> Membership:
    membership = Membership(user=user, team=team, role=role)
    membership.full_clean()
    membership.save()
    # The access checks of the rest of this request see her new membership.
    standing_forget(user)
    audit_event_record(
        actor=actor,
        action="membership.created",
        obj=membership,
        subject_organisation_id=team.service.organisation_id,
    )
    return membership


@transaction.atomic
def user_totp_enrol(*, actor: Actor, user: User) -> str:
    """Give a user an authenticator-app secret (demo and test accounts; people enrol themselves
    through the sign-in flow). Returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    audit_event_record(actor=actor, action="user.totp_enrolled", obj=user)
    return secret


@transaction.atomic
def user_unlock(*, actor: Actor, user: User) -> None:
    """Lift a sign-in lockout (too many failed attempts) for every address."""
    axes_reset(username=user.get_username())
    audit_event_record(actor=actor, action="user.unlocked", obj=user)


@transaction.atomic
def service_address_reveal(*, actor: Actor, service: Service, reason: str) -> str:
    """Hand out a service's confidential address for one page view. The caller has checked
    the reveal right and re-authentication; this records who, when, from where and why."""
    audit_reveal(
        actor=actor,
        action="service.address_revealed",
        obj=service,
        subject_organisation_id=service.organisation_id,
        reason=reason,
    )
    return service.confidential_address or ""
