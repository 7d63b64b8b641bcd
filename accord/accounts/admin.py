"""Admin screens for tenancy. An organisation admin sees and changes only her own organisation;
the access module decides what that is."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accord.access.policy import administered_organisations, visible_to
from accord.accounts.audited_admin import AuditedAdmin
from accord.accounts.models import Membership, Organisation, Service, Team, User
from accord.accounts.services import user_unlock
from accord.audit.context import Actor


class OrganisationScopedAdmin(AuditedAdmin):
    """Rows are limited to the organisations the signed-in admin administers."""

    organisation_path: str = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        organisations = administered_organisations(request.user)
        return (
            super().get_queryset(request).filter(**{f"{self.organisation_path}__in": organisations})
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Choices never reach into another organisation.
        organisations = administered_organisations(request.user)
        if db_field.related_model is Organisation:
            kwargs["queryset"] = organisations
        elif db_field.related_model is Service:
            kwargs["queryset"] = Service.objects.filter(organisation__in=organisations)
        elif db_field.related_model is Team:
            kwargs["queryset"] = Team.objects.filter(service__organisation__in=organisations)
        elif db_field.related_model is User:
            kwargs["queryset"] = visible_to(request.user, User)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return administered_organisations(request.user).exists()

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request)

    has_change_permission = has_view_permission
    has_add_permission = has_view_permission
    has_delete_permission = has_view_permission


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    organisation_path = "pk"
    list_display = ["name", "country", "default_language"]
    prepopulated_fields = {"slug": ["name"]}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(Service)
class ServiceAdmin(OrganisationScopedAdmin):
    organisation_path = "organisation"
    list_display = ["name", "organisation", "kind"]
    list_filter = ["kind"]
    # An organisation admin is not necessarily on the refuge's staff, and the admin has no
    # audited reveal: the address is set through services.service_address_set only.
    exclude = ["confidential_address"]


@admin.register(Team)
class TeamAdmin(OrganisationScopedAdmin):
    organisation_path = "service__organisation"
    list_display = ["name", "service"]


@admin.register(Membership)
class MembershipAdmin(OrganisationScopedAdmin):
    organisation_path = "team__service__organisation"
    list_display = ["user", "team", "role"]
    list_filter = ["role"]


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (None, {"fields": ["is_service_account"]}),
    )
    actions = ["unlock"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        # An organisation admin must not be able to hand out platform-wide powers.
        if request.user.is_superuser:
            return []
        return [
            "is_superuser",
            "is_staff",
            "groups",
            "user_permissions",
            "last_login",
            "date_joined",
        ]

    @admin.action(description=_("Unlock sign-in after too many failed attempts"))
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = Actor.from_request(request)
        for user in queryset:
            user_unlock(actor=actor, user=user)
        count = len(queryset)
        message = ngettext("Unlocked %(count)d account.", "Unlocked %(count)d accounts.", count)
        self.message_user(request, message % {"count": count})

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return visible_to(request.user, User)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return administered_organisations(request.user).exists()

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request)

    has_change_permission = has_view_permission
    has_add_permission = has_view_permission
    has_delete_permission = has_view_permission
