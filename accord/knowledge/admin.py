"""The hub's records in the admin, scoped to the hubs the admin administers and audited, as the
tenancy screens are. Answers and codes are not here: they are written through the survey pages
and `survey_import`, whose services keep one response per organisation."""

from django.contrib import admin
from django.http import HttpRequest

from accord.access.policy import administered_organisations
from accord.accounts.admin import OrganisationScopedAdmin
from accord.accounts.audited_admin import AuditedAdmin
from accord.knowledge.members import hubs
from accord.knowledge.models import (
    Campaign,
    Category,
    Concept,
    ConceptDefinition,
    ConceptLabel,
    Event,
    Material,
    Question,
    Survey,
)


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["key", "position", "text", "kind"]


@admin.register(Survey)
class SurveyAdmin(OrganisationScopedAdmin):
    organisation_path = "hub"
    list_display = ["title", "key", "status", "deadline", "version"]
    list_filter = ["status"]
    readonly_fields = ["version"]
    filter_horizontal = ["tags"]
    inlines = [QuestionInline]


@admin.register(Category)
class CategoryAdmin(OrganisationScopedAdmin):
    organisation_path = "question__survey__hub"
    list_display = ["code", "label", "question", "is_other"]


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0


@admin.register(Event)
class EventAdmin(OrganisationScopedAdmin):
    organisation_path = "hub"
    list_display = ["title", "kind", "starts_at", "recurrence"]
    list_filter = ["kind"]
    exclude = ["uid"]
    filter_horizontal = ["tags"]
    inlines = [MaterialInline]


@admin.register(Campaign)
class CampaignAdmin(OrganisationScopedAdmin):
    organisation_path = "hub"
    list_display = ["title", "starts_on", "ends_on"]


class LabelInline(admin.TabularInline):
    model = ConceptLabel
    extra = 0


class DefinitionInline(admin.TabularInline):
    model = ConceptDefinition
    extra = 0


@admin.register(Concept)
class ConceptAdmin(AuditedAdmin):
    """The glossary is shared by the network; the admins of a hub keep it (`glossary_check`
    finds a loop made here)."""

    list_display = ["key"]
    search_fields = ["key", "labels__text"]
    filter_horizontal = ["broader", "related"]
    inlines = [LabelInline, DefinitionInline]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return hubs().filter(pk__in=administered_organisations(request.user)).exists()

    def has_view_permission(self, request: HttpRequest, obj: Concept | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    has_change_permission = has_delete_permission = has_view_permission
