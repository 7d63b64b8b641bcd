"""The shape of referral input. accord.referrals.services checks the rules again and says
what is wrong."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Service, Team
from accord.referrals.models import REASON_MAX, DeclineReason


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
