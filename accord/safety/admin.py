"""The organisation's safety-plan template, edited by its admin (scoped to her organisation and
audited, as the tenancy screens are)."""

from django.contrib import admin
from django.http import HttpRequest

from accord.accounts.admin import OrganisationScopedAdmin
from accord.safety.models import PlanSection


@admin.register(PlanSection)
class PlanSectionAdmin(OrganisationScopedAdmin):
    organisation_path = "organisation"
    list_display = ["title", "key", "position", "active", "organisation"]
    list_editable = ["position", "active"]
    list_filter = ["active"]
    ordering = ["organisation", "position", "pk"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: PlanSection | None = None
    ) -> list[str]:
        # Plans and their saved versions name a section by its key: it stays as created.
        return ["key", "organisation"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: PlanSection | None = None) -> bool:
        # Items and versions point at their section: switch it off ("active") instead.
        return False
