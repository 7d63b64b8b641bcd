"""Who may see and do what: the public face of the access module (docs/access-control.md).

Views, the API, the admin, commands and exports ask these functions; none of them filters a
protected model on its own. A record the user may not see is reported as missing (404).

The rules of each record kind are declared by its own app in its `access.py` and collected by
the registry (`registry.py`); this module keeps the shared vocabulary — who the reader is
(`roles.py`), how she reaches a case (`cases.py`), the field-class table (`fields.py`) — and
re-exports it, so that a caller imports from one place.
"""

from enum import StrEnum

from django.db.models import Model, QuerySet

from accord.access.cases import (
    CASE_PAGE_RELATED,
    CaseAccess,
    access_case,
    case_access,
    case_accesses,
    case_rows,
    dpo_case_filter,
    owning_case_filter,
    owning_relation,
    owning_side_cases,
    record_kind_of,
)
from accord.access.fields import FieldClass, Grant, RecordKind, Relation, Rule, rule_for
from accord.access.registry import get_visible_or_404, visible_to
from accord.access.roles import (
    CASEWORK_ROLES,
    AnyUser,
    case_workers,
    is_person,
    is_service_account,
    may_open_case,
    memberships_of,
    organisation_ids_of,
    organisation_ids_with_role,
    service_account_memberships,
    service_account_team,
    worked_team_filter,
    worked_teams,
)
from accord.accounts.models import Organisation, Role, Service

__all__ = [
    "CASE_PAGE_RELATED",
    "CASEWORK_ROLES",
    "Action",
    "AnyUser",
    "CaseAccess",
    "access_case",
    "administered_organisations",
    "case_access",
    "case_accesses",
    "case_rows",
    "case_workers",
    "dpo_case_filter",
    "field_rule",
    "get_visible_or_404",
    "is_person",
    "is_service_account",
    "may",
    "may_administer_organisation",
    "may_open_case",
    "may_read_audit",
    "memberships_of",
    "organisation_ids_of",
    "organisation_ids_with_role",
    "owning_case_filter",
    "owning_relation",
    "owning_side_cases",
    "record_kind_of",
    "relation_to_service",
    "service_account_memberships",
    "service_account_team",
    "visible_to",
    "worked_team_filter",
    "worked_teams",
]


class Action(StrEnum):
    VIEW = "view"
    ADMINISTER = "administer"
    REVEAL_LOCATION = "reveal_location"
    READ_AUDIT = "read_audit"


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


def may_administer_organisation(user: AnyUser, organisation: Organisation) -> bool:
    if not is_person(user):
        return False
    if user.is_superuser:
        return True
    return (
        memberships_of(user)
        .filter(role=Role.ADMIN, team__service__organisation=organisation)
        .exists()
    )


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
