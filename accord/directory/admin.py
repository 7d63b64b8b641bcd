"""Directory entries and protocols in the admin, scoped to the organisations the admin
administers and audited, as the tenancy screens are. Protocols are read-only here: drafting,
signing and activating go through the protocol pages, whose services check the rules and lock
by version; the signed document never shows in the admin."""

from django.contrib import admin
from django.http import HttpRequest

from accord.accounts.admin import OrganisationScopedAdmin
from accord.directory.models import DirectoryEntry, Protocol, ProtocolFlow, ProtocolParty


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(OrganisationScopedAdmin):
    organisation_path = "service__organisation"
    list_display = ["service", "catchment", "accepts_self_referrals", "updated_at"]
    list_filter = ["accepts_self_referrals"]
    list_select_related = ["service__organisation"]
    readonly_fields = ["updated_at", "updated_by"]

    def has_delete_permission(
        self, request: HttpRequest, obj: DirectoryEntry | None = None
    ) -> bool:
        # Referrals will name the entry's accepted case kinds: an entry is edited, not removed.
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Protocol | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Protocol | None = None) -> bool:
        return False


class PartyInline(ReadOnlyInline):
    model = ProtocolParty
    fields = ["organisation", "signatory_name", "signatory_role", "signed_on"]


class FlowInline(ReadOnlyInline):
    model = ProtocolFlow
    fk_name = "protocol"
    fields = ["from_organisation", "to_organisation", "categories"]


@admin.register(Protocol)
class ProtocolAdmin(OrganisationScopedAdmin):
    organisation_path = "parties__organisation"
    list_display = ["title", "status", "valid_from", "valid_to"]
    list_filter = ["status"]
    fields = [
        "title",
        "status",
        "valid_from",
        "valid_to",
        "response_working_days",
        "document_name",
        "version",
        "created_by",
        "created_at",
    ]
    readonly_fields = fields
    inlines = [PartyInline, FlowInline]

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        # A protocol with two parties the admin administers would show twice.
        return super().get_queryset(request).defer("document").distinct()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Protocol | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Protocol | None = None) -> bool:
        return False
