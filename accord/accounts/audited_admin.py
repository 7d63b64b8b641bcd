from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from accord.access.roles import standings_forget_all
from accord.audit.context import Actor
from accord.audit.services import audit_event_record


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete made in the admin also goes into the audit chain.

    The admin calls these hooks inside the transaction of the change, so the event commits with
    it. Only the names of changed fields are recorded, never their values.
    """

    def _audit(self, request: HttpRequest, obj: models.Model, verb: str, message: str = "") -> None:
        from accord.accounts.models import Membership, Service, Team

        if isinstance(obj, Membership | Team | Service):
            # Who works which team may have changed: the rest of this request (the event's
            # acting team first) reads every standing again (accord.access.roles.standing_of).
            standings_forget_all()
        audit_event_record(
            actor=Actor.from_request(request),
            action=f"{obj._meta.model_name}.admin_{verb}",
            obj=obj,
            subject_organisation_id=organisation_id_of(obj),
            reason=message if isinstance(message, str) else str(message),
        )

    def log_addition(self, request: HttpRequest, obj: models.Model, message):  # type: ignore[no-untyped-def]
        self._audit(request, obj, "added", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: models.Model, message):  # type: ignore[no-untyped-def]
        self._audit(request, obj, "changed", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset):  # type: ignore[no-untyped-def]
        for obj in queryset:
            self._audit(request, obj, "deleted")
        return super().log_deletions(request, queryset)


def organisation_id_of(obj: models.Model) -> int | None:
    """The organisation a tenancy record belongs to, for the DPO's view of the log."""
    from accord.accounts.models import Membership, Organisation, Service, Team

    match obj:
        case Organisation():
            return obj.pk
        case Service():
            return obj.organisation_id
        case Team():
            return obj.service.organisation_id
        case Membership():
            return obj.team.service.organisation_id
    # Records of other apps that belong to one organisation (a safety-plan section, an
    # instrument it loaded): empty for the platform's own (a shipped instrument).
    return getattr(obj, "organisation_id", None)
