"""The shape of directory and protocol input. accord.directory.services checks the rules again
(choices, parties, dates, the document's type and size) and says what is wrong."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.access.fields import FieldClass
from accord.accounts.models import Organisation
from accord.cases.models import CaseKind
from accord.directory.models import TEXT_MAX, TITLE_MAX, Offer
from accord.people.forms import DateInput


class DirectoryEntryForm(forms.Form):
    offers = forms.MultipleChoiceField(
        label=_("What the service offers"),
        choices=Offer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.CharField(
        label=_("Languages"),
        max_length=200,
        required=False,
        help_text=_("Language codes separated by commas, e.g. en, es, ar."),
    )
    accessibility = forms.CharField(
        label=_("Accessibility"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    catchment = forms.CharField(label=_("Area covered"), max_length=200, required=False)
    how_to_refer = forms.CharField(
        label=_("How to refer"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    accepts_self_referrals = forms.BooleanField(label=_("Accepts self-referrals"), required=False)
    accepted_case_kinds = forms.MultipleChoiceField(
        label=_("A referral may open a case for"),
        choices=CaseKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_languages(self) -> list[str]:
        return [code.strip() for code in self.cleaned_data["languages"].split(",") if code.strip()]


class VersionedForm(forms.Form):
    # The protocol's version the user read: a change made since is reported, not overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class _DatesMixin(forms.Form):
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput())
    valid_to = forms.DateField(
        label=_("Valid to (last day)"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while the protocol runs on."),
    )
    response_working_days = forms.IntegerField(
        label=_("Working days to answer a referral"), min_value=1, max_value=60, initial=2
    )


class ProtocolCreateForm(_DatesMixin):
    organisation = forms.ModelChoiceField(
        label=_("Drafted by"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    field_order = ["organisation", "title"]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ProtocolDatesForm(VersionedForm, _DatesMixin):
    pass


class PartyAddForm(VersionedForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PartySignForm(VersionedForm):
    signatory_name = forms.CharField(label=_("Signed by"), max_length=200)
    signatory_role = forms.CharField(label=_("Their role"), max_length=200, required=False)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())


class FlowForm(VersionedForm):
    from_organisation = forms.TypedChoiceField(label=_("From"), coerce=int)
    to_organisation = forms.TypedChoiceField(label=_("To"), coerce=int)
    categories = forms.MultipleChoiceField(
        label=_("Data that may flow"),
        choices=FieldClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to let nothing flow in this direction."),
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The parties the page has already loaded: no query of its own.
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        choices = [(pk, organisation.name) for pk, organisation in self.organisations.items()]
        self.fields["from_organisation"].choices = choices
        self.fields["to_organisation"].choices = choices

    def clean_from_organisation(self) -> Organisation:
        return self.organisations[self.cleaned_data["from_organisation"]]

    def clean_to_organisation(self) -> Organisation:
        return self.organisations[self.cleaned_data["to_organisation"]]


class DocumentForm(VersionedForm):
    document = forms.FileField(
        label=_("Signed document (PDF, at most 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class ActivateForm(VersionedForm):
    pass


class EndForm(VersionedForm):
    valid_to = forms.DateField(label=_("Last valid day"), widget=DateInput())
