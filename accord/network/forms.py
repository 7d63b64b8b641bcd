from django import forms
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import ServiceKind
from accord.network.models import Member, PartnershipModel


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
