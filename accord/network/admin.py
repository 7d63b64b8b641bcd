from django.contrib import admin

from accord.accounts.audited_admin import AuditedAdmin
from accord.network.models import IndicatorDefinition, Member


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(AuditedAdmin):
    list_display = ["slug", "version", "unit", "standard", "available"]
    readonly_fields = [field.name for field in IndicatorDefinition._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False  # definitions are loaded from files (manage.py load_indicators)


@admin.register(Member)
class MemberAdmin(AuditedAdmin):
    list_display = ["name", "country", "partnership_model", "member_since"]
    search_fields = ["name", "city"]
    list_filter = ["country", "partnership_model"]
