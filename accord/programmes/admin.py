"""Programmes as data: the organisation's admin edits a programme, its rules and its session
plan (scoped to her organisation and audited, as the tenancy screens are). Every save counts
a new version."""

from django.contrib import admin
from django.http import HttpRequest

from accord.accounts.admin import OrganisationScopedAdmin
from accord.programmes.models import Programme, ProgrammeModule


class ModuleInline(admin.TabularInline):
    model = ProgrammeModule
    extra = 1
    ordering = ["position"]


@admin.register(Programme)
class ProgrammeAdmin(OrganisationScopedAdmin):
    organisation_path = "service__organisation"
    list_display = ["name", "kind", "service", "absence_limit", "active", "version"]
    list_filter = ["kind", "active"]
    readonly_fields = ["version"]
    inlines = [ModuleInline]

    def save_model(self, request: HttpRequest, obj: Programme, form, change: bool) -> None:
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Programme | None = None) -> bool:
        # Enrolments point at their programme: switch it off ("taking enrolments") instead.
        return False
