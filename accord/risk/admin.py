"""Instruments in the admin: an organisation's admin loads its own instrument files (e.g. a
licensed official checklist) and switches versions on or off. A file goes through the same
validation and service as `manage.py load_instrument`; a stored version is never edited."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.access.policy import administered_organisations
from accord.accounts.admin import OrganisationScopedAdmin
from accord.accounts.models import Organisation
from accord.audit.context import Actor
from accord.risk.loader import MAX_FILE_BYTES
from accord.risk.models import Instrument
from accord.risk.services import instrument_load


class InstrumentFileForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none()
    )
    file = forms.FileField(label=gettext_lazy("Instrument file (YAML or JSON, UTF-8, up to 1 MB)"))

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("The file is larger than 1 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError(_("The file is not UTF-8 text.")) from error


@admin.register(Instrument)
class InstrumentAdmin(OrganisationScopedAdmin):
    organisation_path = "organisation"
    list_display = ["title", "slug", "version", "organisation", "active", "loaded_at"]
    list_filter = ["active"]
    readonly_fields = [
        "organisation",
        "slug",
        "version",
        "title",
        "source",
        "loaded_by",
        "loaded_at",
    ]
    fields = [*readonly_fields, "active"]
    change_list_template = "admin/risk/instrument_change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Instrument]:
        # The instruments Accord ships are listed too (read-only): they are what every service
        # uses unless its organisation loads its own.
        organisations = administered_organisations(request.user)
        return Instrument.objects.filter(
            Q(organisation__in=organisations) | Q(organisation__isnull=True)
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # loaded from a file: see load_view

    def has_delete_permission(self, request: HttpRequest, obj: Instrument | None = None) -> bool:
        return False  # assessments keep the version they were answered with

    def has_change_permission(self, request: HttpRequest, obj: Instrument | None = None) -> bool:
        if obj is not None and obj.organisation_id is None:
            return request.user.is_superuser
        return self.has_module_permission(request)

    def get_urls(self) -> list[URLPattern]:
        load = path(
            "load/", self.admin_site.admin_view(self.load_view), name="risk_instrument_load"
        )
        return [load, *super().get_urls()]

    def load_view(self, request: HttpRequest) -> HttpResponse:
        organisations = administered_organisations(request.user)
        if not self.has_module_permission(request):
            return redirect("admin:index")
        form = InstrumentFileForm(
            request.POST or None, request.FILES or None, organisations=organisations
        )
        if request.method == "POST" and form.is_valid():
            try:
                instrument = instrument_load(
                    actor=Actor.from_request(request),
                    text=form.cleaned_data["file"],
                    organisation=form.cleaned_data["organisation"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("file", message)
            else:
                messages.success(
                    request,
                    _("%(title)s, version %(version)s, is loaded and offered for new assessments.")
                    % {"title": instrument.title, "version": instrument.version},
                )
                return redirect(reverse("admin:risk_instrument_changelist"))
        return render(
            request,
            "admin/risk/instrument_load.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Load an instrument file"),
                "form": form,
            },
            status=400 if form.errors else 200,
        )
