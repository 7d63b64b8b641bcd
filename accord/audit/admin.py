"""The audit log in the admin: read-only for everyone, superusers included (docs/product.md §4.5).

The chain head is not registered: it is bookkeeping for appends, and editing it would only
make `audit_verify` report a break.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from accord.access.policy import is_person, may_read_audit, visible_to
from accord.audit.models import AuditEvent

FIELDS = [
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "acting_organisation_id",
    "acting_team_id",
    "action",
    "object_type",
    "object_id",
    "subject_organisation_id",
    "client_address",
    "reason",
    "prev_hash",
    "hash",
]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["seq", "at", "actor_label", "action", "object_type", "object_id"]
    fields = FIELDS
    readonly_fields = FIELDS
    ordering = ["-seq"]
    # Counting a log of millions of rows on every page load is the slow part of a changelist.
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return visible_to(request.user, AuditEvent)

    def has_module_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return is_person(user) and (user.is_superuser or may_read_audit(user))

    def has_view_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return self.has_module_permission(request)

    # Append-only: no add, change or delete, whoever asks. Events are written by services only.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
