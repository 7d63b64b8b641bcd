"""The shape of consent input: choices, lengths, dates. accord.people.services.consent_record
checks the rules (what goes with which scope, a caregiver for a child, a witness for verbal
consent, the dates) and says which one was broken."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Organisation, ServiceKind
from accord.people.forms import DateInput, check_past_date
from accord.people.models import (
    CONSENT_NAME_MAX,
    CONSENT_NOTE_MAX,
    ConsentAnswer,
    ConsentGiver,
    ConsentMethod,
    ConsentScope,
)


class ConsentRecordForm(forms.Form):
    scope = forms.ChoiceField(label=_("For what"), choices=ConsentScope.choices)
    # Not required: a form sent without it records a consent given, as before refusals were
    # recorded.
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=ConsentAnswer.choices,
        initial=ConsentAnswer.GIVEN,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "A refusal is kept as her answer: nothing is shared on it. Give the day she was "
            "asked and no last valid day."
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("Only for a referral to an organisation."),
    )
    service_kind = forms.ChoiceField(
        label=_("Kind of service"),
        choices=[("", "---------"), *ServiceKind.choices],
        required=False,
        help_text=_("Only for a referral to a kind of service."),
    )
    given_by = forms.ChoiceField(
        label=_("Given by"),
        choices=ConsentGiver.choices,
        help_text=_(
            "For a child, record the caregiver's consent and the child's own assent separately."
        ),
    )
    caregiver_name = forms.CharField(
        label=_("Caregiver's name"),
        max_length=CONSENT_NAME_MAX,
        required=False,
        help_text=_("Only when a caregiver gave it."),
    )
    method = forms.ChoiceField(label=_("How"), choices=ConsentMethod.choices)
    witness_name = forms.CharField(
        label=_("Witness"),
        max_length=CONSENT_NAME_MAX,
        required=False,
        help_text=_("Required for verbal consent: who heard it."),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        required=False,
        help_text=_("The last day on which it holds. Leave empty if it holds until withdrawn."),
    )

    def clean_answer(self) -> str:
        return self.cleaned_data["answer"] or ConsentAnswer.GIVEN

    def clean_given_on(self) -> object:
        return check_past_date(self.cleaned_data["given_on"])


class ConsentWithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=CONSENT_NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How and when she withdrew it, e.g. “by phone to her caseworker”."),
    )
    # One click must not withdraw a consent by mistake: the worker confirms in words.
    confirm = forms.BooleanField(
        label=_("Yes, this consent has been withdrawn and nothing more may be shared on it."),
        error_messages={"required": _("Tick the box to confirm the withdrawal.")},
    )
