"""The access rules of the audit log."""

from django.db.models import QuerySet

from accord.access import registry
from accord.access.roles import AnyUser, is_person, organisation_ids_with_role
from accord.accounts.models import Role, User
from accord.audit.models import AuditEvent


@registry.register(AuditEvent)
def audit_events(user: AnyUser) -> QuerySet[AuditEvent]:
    """A DPO reads what her organisation's people did and what was done to its records; the
    platform operator (a superuser) reads the whole log in the read-only admin."""
    if not is_person(user):
        return AuditEvent.objects.none()
    if user.is_superuser:
        # E.g. to look at the link `audit_verify` names as broken. The DPO screens still require
        # the DPO role (a superuser who is also a DPO sees the whole log there too).
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
