"""The shape of directory and protocol input. accord.referrals.services checks the rules again
(choices, parties, dates, the document's type and size) and says what is wrong."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.access.fields import FieldClass
from accord.accounts.models import Organisation, Service, Team
from accord.cases.models import CaseKind
from accord.people.forms import DateInput
from accord.referrals.models import REASON_MAX, TEXT_MAX, TITLE_MAX, DeclineReason, Offer


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


# --- referrals ----------------------------------------------------------------------------------


class ReferralDraftForm(forms.Form):
    to_service = forms.ModelChoiceField(
        label=_("Refer to"), queryset=Service.objects.none(), empty_label=None
    )
    summary = forms.CharField(
        label=_("Why you make this referral (sent only if the protocol lets disclosures flow)"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_service"].queryset = services
        self.fields["to_service"].label_from_instance = lambda s: (
            f"{s.organisation.name} · {s.name}"
        )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DraftEditForm(VersionForm):
    summary = forms.CharField(
        label=_("Why you make this referral (sent only if the protocol lets disclosures flow)"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OverrideForm(VersionForm):
    override_reason = forms.CharField(
        label=_("Why she is at serious risk to life, and why her consent cannot be asked"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AcceptForm(VersionForm):
    team = forms.ModelChoiceField(
        label=_("Open the case in team"), queryset=Team.objects.none(), empty_label=None
    )

    on_existing_record = forms.BooleanField(
        label=_(
            "Open the case on the record your organisation already holds (same name and date "
            "of birth), so that her household stays on one record"
        ),
        required=False,
    )

    def __init__(self, *args: Any, teams: Any, match: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not match:
            del self.fields["on_existing_record"]
        self.fields["team"].queryset = teams
        # The team's name alone: its service is the referral's, named on the page already.
        self.fields["team"].label_from_instance = lambda team: team.name


class DeclineForm(VersionForm):
    reason = forms.ChoiceField(label=_("Why you decline"), choices=DeclineReason.choices)
    note = forms.CharField(
        label=_("Note (no personal details)"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
