"""Who may see and do what: the one place that answers (DESIGN.md §4.2).

Views, the API, the admin, commands and exports ask these functions; none of them filters a
protected model on its own. A record the user may not see is reported as missing (404).
"""

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.http import Http404

from accord.access.fields import FieldClass, Grant, RecordKind, Relation, Rule, rule_for
from accord.accounts.models import Membership, Organisation, Role, Service, Team, User
from accord.audit.models import AuditEvent

AnyUser = AbstractBaseUser | AnonymousUser


class Action(StrEnum):
    VIEW = "view"
    ADMINISTER = "administer"
    REVEAL_LOCATION = "reveal_location"
    READ_AUDIT = "read_audit"


def is_person(user: AnyUser) -> bool:
    """A signed-in human; service accounts act only through the endpoints built for them."""
    return bool(user.is_authenticated and user.is_active and not user.is_service_account)


def memberships_of(user: AnyUser) -> QuerySet[Membership]:
    if not is_person(user):
        return Membership.objects.none()
    return Membership.objects.filter(user=user)


def organisation_ids_with_role(user: AnyUser, role: Role) -> QuerySet:
    return memberships_of(user).filter(role=role).values("team__service__organisation_id")


def organisation_ids_of(user: AnyUser) -> QuerySet:
    return memberships_of(user).values("team__service__organisation_id")


# --- record visibility ------------------------------------------------------------------------


def _organisations(user: AnyUser) -> QuerySet[Organisation]:
    # The locality's directory holds no person data: every signed-in account reads it,
    # service accounts included (a police system looks up where to refer).
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.all()


def _services(user: AnyUser) -> QuerySet[Service]:
    if not user.is_authenticated:
        return Service.objects.none()
    return Service.objects.select_related("organisation")


def public_helplines() -> QuerySet[Service]:
    """Services whose helpline may be published, for the survivor-facing help page."""
    return Service.objects.filter(public_phone__gt="").select_related("organisation")


def _teams(user: AnyUser) -> QuerySet[Team]:
    if not is_person(user):
        return Team.objects.none()
    return Team.objects.filter(
        service__organisation_id__in=organisation_ids_of(user)
    ).select_related("service__organisation")


def _memberships(user: AnyUser) -> QuerySet[Membership]:
    if not is_person(user):
        return Membership.objects.none()
    if user.is_superuser:
        return Membership.objects.all()
    return Membership.objects.filter(
        team__service__organisation_id__in=organisation_ids_with_role(user, Role.ADMIN)
    )


def _users(user: AnyUser) -> QuerySet[User]:
    if not is_person(user):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    return User.objects.filter(
        memberships__team__service__organisation_id__in=organisation_ids_with_role(
            user, Role.ADMIN
        )
    ).distinct()


def _audit_events(user: AnyUser) -> QuerySet[AuditEvent]:
    """A DPO reads what her organisation's people did and what was done to its records."""
    if not is_person(user):
        return AuditEvent.objects.none()
    if user.is_superuser:
        # The platform operator reads the whole log in the (read-only) admin, e.g. to look at
        # the link `audit_verify` names as broken. The DPO screens still require the DPO role
        # (a superuser who is also a DPO sees the whole log there too).
        return AuditEvent.objects.all()
    organisations = organisation_ids_with_role(user, Role.DPO)
    return AuditEvent.objects.filter(acting_organisation_id__in=organisations) | (
        AuditEvent.objects.filter(subject_organisation_id__in=organisations)
    )


def audit_subject_users(user: AnyUser) -> QuerySet[User]:
    """The people whose actions a DPO may review: everyone with a membership in an organisation
    where she holds the DPO role (service accounts included: their calls are audited too).

    Not `visible_to(user, User)`: that answers "whom may she administer", a different question.
    """
    if not is_person(user):
        return User.objects.none()
    return User.objects.filter(
        memberships__team__service__organisation_id__in=organisation_ids_with_role(user, Role.DPO)
    ).distinct()


VISIBILITY: dict[type[Model], Callable[[AnyUser], QuerySet[Any]]] = {
    Organisation: _organisations,
    Service: _services,
    Team: _teams,
    Membership: _memberships,
    User: _users,
    AuditEvent: _audit_events,
}


def visible_to[M: Model](user: AnyUser, model: type[M]) -> QuerySet[M]:
    return VISIBILITY[model](user)


def get_visible_or_404[M: Model](user: AnyUser, model: type[M], **lookup: Any) -> M:
    """The record, or Http404 whether it is missing or forbidden: the two must look alike."""
    try:
        return visible_to(user, model).get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


# --- relations and field rules ----------------------------------------------------------------


def relation_to_service(user: AnyUser, service: Service) -> Relation | None:
    if not is_person(user):
        return None
    if memberships_of(user).filter(team__service=service).exists():
        return Relation.SERVICE_STAFF
    return Relation.ANYONE_SIGNED_IN


def field_rule(user: AnyUser, obj: Model, field_class: FieldClass) -> Rule:
    if isinstance(obj, Service):
        return rule_for(RecordKind.SERVICE, field_class, relation_to_service(user, obj))
    raise TypeError(f"No field rules for {type(obj).__name__}")


# --- actions ------------------------------------------------------------------------------------


def may_administer_organisation(user: AnyUser, organisation: Organisation) -> bool:
    if not is_person(user):
        return False
    if user.is_superuser:
        return True
    return memberships_of(user).filter(
        role=Role.ADMIN, team__service__organisation=organisation
    ).exists()


def administered_organisations(user: AnyUser) -> QuerySet[Organisation]:
    if not is_person(user):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(id__in=organisation_ids_with_role(user, Role.ADMIN))


def may_read_audit(user: AnyUser) -> bool:
    return memberships_of(user).filter(role=Role.DPO).exists()


def may(user: AnyUser, action: Action, obj: Model | None = None) -> bool:
    match action, obj:
        case Action.VIEW, Model():
            return visible_to(user, type(obj)).filter(pk=obj.pk).exists()
        case Action.ADMINISTER, Organisation():
            return may_administer_organisation(user, obj)
        case Action.REVEAL_LOCATION, Service():
            return field_rule(user, obj, FieldClass.LOCATION).grant is Grant.REVEAL
        case Action.READ_AUDIT, None:
            return may_read_audit(user)
    return False
