"""The shape of input only; the rules are in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Team, User
from accord.people.models import ConsentMethod
from accord.programmes.models import (
    AttendanceCode,
    CancellationReason,
    ConcernCategory,
    ContactChannel,
    ContactOutcome,
    EnrolmentStatus,
    Group,
    Programme,
    Route,
    SessionKind,
    Suitability,
    Urgency,
)

BLANK = [("", "—")]


class EnrolForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    route = forms.ChoiceField(label=_("Route"), choices=Route.choices)
    mandated = forms.BooleanField(label=_("Mandated"), required=False)
    mandating_team = forms.ModelChoiceField(
        label=_("Mandating team"), queryset=Team.objects.none(), required=False
    )
    referred_on = forms.DateField(
        label=_("Referred on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, programmes, teams, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["mandating_team"].queryset = teams


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_status = forms.ChoiceField(label=_("New status"), choices=EnrolmentStatus.choices)
    reason = forms.CharField(
        label=_("Why"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, moves: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(EnrolmentStatus.choices)
        self.fields["to_status"].choices = [(m.value, labels[m]) for m in moves]


class GroupSetForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none())

    def __init__(self, *args, groups, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    lead_facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=User.objects.none())
    co_facilitator = forms.ModelChoiceField(
        label=_("Co-facilitator"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A behaviour-change group is run by two facilitators."),
    )
    first_session_at = forms.DateTimeField(
        label=_("First session"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    schedule = forms.CharField(
        label=_("Schedule (RRULE)"),
        max_length=200,
        initial="FREQ=WEEKLY;COUNT=24",
        help_text=_(
            "How the sessions recur, from the first one: FREQ=WEEKLY;COUNT=24 is 24 weekly "
            "sessions; FREQ=WEEKLY;BYDAY=TU;COUNT=24 puts them on Tuesdays."
        ),
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        required=False,
        help_text=_("Leave empty for the local time zone. Example: Europe/Madrid"),
    )
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    session_minutes = forms.IntegerField(
        label=_("Session length (minutes)"), min_value=15, max_value=480, initial=120
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100, initial=10)

    def __init__(self, *args, workers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_facilitator"].queryset = workers
        self.fields["co_facilitator"].queryset = workers


class IndividualSessionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k.value, k.label) for k in (SessionKind.CATCH_UP, SessionKind.ONE_TO_ONE)],
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=15, max_value=480, initial=60
    )
    room = forms.CharField(label=_("Room"), max_length=100, required=False)


class CancelForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why cancelled"), choices=CancellationReason.choices)


def register_field_names(enrolment_pk: int) -> tuple[str, str, str, str]:
    return (
        f"code-{enrolment_pk}",
        f"reason-{enrolment_pk}",
        f"notes-{enrolment_pk}",
        f"version-{enrolment_pk}",
    )


ATTENDANCE_CHOICES = BLANK + list(AttendanceCode.choices)


class ChannelsForm(forms.Form):
    channels = forms.MultipleChoiceField(
        label=_("Channels she says are safe"),
        choices=ContactChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ContactForm(forms.Form):
    at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactChannel.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactOutcome.choices)
    within_safe_times = forms.BooleanField(label=_("Within her safe times"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SafetyInformationForm(forms.Form):
    category = forms.ChoiceField(label=_("Concern"), choices=ConcernCategory.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    text = forms.CharField(
        label=_("The concern, in your own words"),
        help_text=_(
            "Write it so that it cannot be traced to her: no dates, places or words of hers."
        ),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResponseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    response = forms.CharField(
        label=_("What the programme did"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))


class AssessForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    suitability = forms.ChoiceField(
        label=_("Suitability"),
        choices=[c for c in Suitability.choices if c[0] != Suitability.NOT_ASSESSED],
    )
    notes = forms.CharField(
        label=_("Suitability assessment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UnderstandingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    given_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("How"), choices=ConsentMethod.choices)
    witness_name = forms.CharField(label=_("Witness"), required=False, max_length=200)
