"""The shape of the community mentors' input; the services check again."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Organisation, Service
from accord.community.models import LABEL_MAX, Concern, Destination, Offer
from accord.people.forms import DateInput, check_past_date
from accord.people.models import ConsentMethod


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class MentorProfileForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    languages = forms.CharField(
        label=_("Languages you speak"),
        max_length=400,
        required=False,
        help_text=_("Separate them with commas, e.g. Arabic, French."),
    )
    communities = forms.CharField(
        label=_("Communities you work with"), max_length=400, required=False
    )
    training = forms.CharField(
        label=_("Training you received"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    availability = forms.CharField(
        label=_("When you are available"), max_length=200, required=False
    )

    def clean_languages(self) -> list[str]:
        return _split(self.cleaned_data["languages"])

    def clean_communities(self) -> list[str]:
        return _split(self.cleaned_data["communities"])


class EarlyContactForm(forms.Form):
    contacted_on = forms.DateField(label=_("Date"), widget=DateInput())
    community = forms.CharField(label=_("Community"), max_length=LABEL_MAX)
    language = forms.CharField(label=_("Language she spoke"), max_length=LABEL_MAX)
    concern = forms.ChoiceField(label=_("Main concern"), choices=Concern.choices)
    offered = forms.MultipleChoiceField(
        label=_("What you offered"),
        choices=Offer.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    referral_followed = forms.BooleanField(
        label=_("She went on to a service (a referral followed)"), required=False
    )

    def clean_contacted_on(self) -> Any:
        return check_past_date(self.cleaned_data.get("contacted_on"))


class AccompanimentForm(forms.Form):
    appointment_on = forms.DateField(label=_("Appointment date"), widget=DateInput())
    destination = forms.ChoiceField(label=_("Where to"), choices=Destination.choices)
    language = forms.CharField(label=_("Language"), max_length=LABEL_MAX, required=False)
    interpreted = forms.BooleanField(label=_("You helped with language"), required=False)
    took_place = forms.BooleanField(label=_("It has taken place"), required=False)


class CaseAccompanimentForm(AccompanimentForm):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, mentors: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mentor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = mentors
        field.label_from_instance = lambda user: (
            f"{user.get_full_name() or user.get_username()}"
            + (
                f" ({', '.join(user.mentor_profile.languages)})"
                if hasattr(user, "mentor_profile")
                else ""
            )
        )
        self.order_fields(["mentor"])


class CommunityReferralForm(forms.Form):
    given_name = forms.CharField(
        label=_("Her first name (as she wants to be known)"), max_length=LABEL_MAX
    )
    to_service = forms.ModelChoiceField(label=_("Refer to"), queryset=Service.objects.none())
    consent_method = forms.ChoiceField(
        label=_("She agreed to this referral"), choices=ConsentMethod.choices
    )
    witness_name = forms.CharField(
        label=_("Who witnessed her verbal consent"), max_length=LABEL_MAX, required=False
    )
    summary = forms.CharField(
        label=_("Why (only if she wants it said)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services


class CoordinationMeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Subject"), max_length=160)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Services present"),
        queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    networks = forms.CharField(
        label=_("Community networks present"), max_length=300, required=False
    )
    agreed = forms.CharField(
        label=_("What was agreed"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("No names of women or details that could point to one."),
    )

    def clean_held_on(self) -> Any:
        return check_past_date(self.cleaned_data.get("held_on"))
