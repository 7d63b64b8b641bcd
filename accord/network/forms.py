from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import ServiceKind
from accord.network import barometer
from accord.network.models import Area, AreaReturn, Member, PartnershipModel


class PrepareForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_("A quarter such as 2026-Q3, or a year such as 2026."),
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    partnership_model = forms.ChoiceField(
        label=_("Partnership model"),
        required=False,
        choices=[("", _("Any")), *PartnershipModel.choices],
    )
    service = forms.ChoiceField(
        label=_("Service"), required=False, choices=[("", _("Any")), *ServiceKind.choices]
    )

    def __init__(self, *args: object, countries: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any")), *((c, c) for c in countries)]


class MemberForm(forms.ModelForm):
    services = forms.MultipleChoiceField(
        label=_("Services"),
        choices=ServiceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Member
        fields = [
            "name",
            "country",
            "city",
            "services",
            "partnership_model",
            "description",
            "contact_name",
            "contact_email",
            "website",
            "member_since",
        ]
        widgets = {"member_since": forms.DateInput(attrs={"type": "date"})}


class CompareForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    cell = forms.ChoiceField(label=_("Figure"), required=False)

    def __init__(self, *args: object, indicators: list, cells: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicators
        self.fields["cell"].choices = cells


class BarometerForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        required=False,
        error_messages={
            "invalid_choice": _("No area has figures for %(value)s: choose a year from the list.")
        },
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        error_messages={
            "invalid_choice": _("No area in %(value)s has figures: choose a country from the list.")
        },
    )

    def __init__(self, *args: object, years: list[int], countries: list[str], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["country"].choices = [("", _("All countries")), *((c, c) for c in countries)]


class AreaReturnForm(forms.Form):
    """An area's figures for a year, one field per measure of the scoring (a share: how many
    are in place and how many are required). Shape only: whether a figure is allowed (not
    negative, inhabitants from 1) is decided by the service, for the page and the API alike."""

    area = forms.ChoiceField(
        label=_("Area"),
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not an area whose figures you keep: choose one from the list."
            )
        },
    )
    year = forms.IntegerField(label=_("Year"))
    population = forms.IntegerField(label=_("Inhabitants"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def __init__(
        self, *args: object, areas: list[Area], measures: list[dict[str, Any]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.measures = measures
        self.fields["area"].choices = [(area.slug, str(area)) for area in areas]
        for measure in measures:
            title = barometer.label(measure)
            if measure["kind"] == "share":
                self.fields[f"{measure['slug']}__achieved"] = forms.FloatField(
                    label=_("%(measure)s: in place") % {"measure": title}, required=False
                )
                self.fields[f"{measure['slug']}__required"] = forms.FloatField(
                    label=_("%(measure)s: required") % {"measure": title}, required=False
                )
            else:
                help_text = (
                    _("A count (e.g. places), not the rate: the rate is worked out.")
                    if measure["kind"] == "rate"
                    else _("Days.")
                )
                self.fields[measure["slug"]] = forms.FloatField(
                    label=_("%(measure)s (count)") % {"measure": title}
                    if measure["kind"] == "rate"
                    else title,
                    help_text=help_text,
                    required=False,
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for measure in self.measures:
            if measure["kind"] != "share":
                continue
            parts = [cleaned.get(f"{measure['slug']}__{part}") for part in ("achieved", "required")]
            if (parts[0] is None) != (parts[1] is None):
                raise forms.ValidationError(
                    _("%(measure)s: give both how many are in place and how many are required.")
                    % {"measure": barometer.label(measure)}
                )
        return cleaned

    def figures(self) -> dict[str, Any]:
        """The figures as the scoring holds them; a measure left empty is not recorded."""
        figures: dict[str, Any] = {}
        for measure in self.measures:
            slug = measure["slug"]
            if measure["kind"] == "share":
                achieved = self.cleaned_data.get(f"{slug}__achieved")
                required = self.cleaned_data.get(f"{slug}__required")
                if achieved is not None and required is not None:
                    figures[slug] = [_whole(achieved), _whole(required)]
            elif (value := self.cleaned_data.get(slug)) is not None:
                figures[slug] = _whole(value)
        return figures

    @staticmethod
    def initial_of(entry: AreaReturn, measures: list[dict[str, Any]]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "area": entry.area.slug,
            "year": entry.year,
            "population": entry.population,
            "version": entry.version,
        }
        for measure in measures:
            value = entry.figures.get(measure["slug"])
            if value is None:
                continue
            if measure["kind"] == "share":
                initial[f"{measure['slug']}__achieved"] = value[0]
                initial[f"{measure['slug']}__required"] = value[1]
            else:
                initial[measure["slug"]] = value
        return initial


def _whole(value: float) -> int | float:
    # 3.0 is kept as 3 (a count), 0.5 as it is (e.g. half an advocate's post).
    return int(value) if float(value).is_integer() else value
