"""The shape of risk-conference input; accord/conferences/services.py checks the rules."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Membership, Team, User
from accord.conferences.models import (
    REASON_MAX,
    TEXT_MAX,
    AttendanceStatus,
    Conference,
)
from accord.conferences.services import CLOSING_STATUSES
from accord.people.forms import DateInput


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class ReferForm(forms.Form):
    conference = forms.ModelChoiceField(label=_("Conference"), queryset=Conference.objects.none())
    risk_summary = forms.CharField(
        label=_("The risk, in a few lines, for the conference"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    judgement_reason = forms.CharField(
        label=_("Professional judgement: why she should be heard"),
        help_text=_("Required when the case meets none of the criteria."),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, conferences: QuerySet[Conference], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conference"].queryset = conferences


class ReferOverrideForm(ReferForm):
    override_reason = forms.CharField(
        label=_("Why it is shared without her consent"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConferenceForm(forms.Form):
    """A conference's set-up: its name, area, schedule and chair (the coordinating team is
    chosen once, when it is created)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    area = forms.CharField(label=_("Area"), max_length=200)
    schedule = forms.CharField(
        label=_("Schedule (recurrence rule)"),
        max_length=200,
        help_text=_(
            "For example FREQ=MONTHLY;BYDAY=+2TU (the second Tuesday of every month) or "
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH (every other Thursday)."
        ),
    )
    first_meeting_at = forms.DateTimeField(
        label=_("First meeting"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, initial="Europe/London")
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, chairs: QuerySet[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs
        self.fields["chair"].label_from_instance = lambda user: user.get_full_name() or str(user)


class ConferenceCreateForm(ConferenceForm):
    team = forms.ModelChoiceField(label=_("Coordinating team"), queryset=Team.objects.none())
    field_order = ["name", "area", "team"]

    def __init__(self, *args, teams: QuerySet[Team], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["team"].label_from_instance = _team_label


class ConferenceEditForm(ConferenceForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


def _team_label(team: Team) -> str:
    return f"{team.service.organisation.name} · {team.service.name} · {team.name}"


class MemberAddForm(forms.Form):
    """An agency and its representative in one choice: a person in the team she represents."""

    membership = forms.ModelChoiceField(
        label=_("Agency and representative"), queryset=Membership.objects.none()
    )

    def __init__(self, *args, memberships: QuerySet[Membership], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships
        self.fields["membership"].label_from_instance = lambda m: (
            f"{_team_label(m.team)} — {m.user.get_full_name() or m.user}"
        )


class EmergencyMeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class AttendanceForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Agency"), queryset=Team.objects.none())
    status = forms.ChoiceField(label=_("Attendance"), choices=AttendanceStatus.choices)

    def __init__(self, *args, teams: QuerySet[Team], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class ResearchForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    summary = forms.CharField(
        label=_("What your agency holds"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    involvement = forms.CharField(
        label=_("Your involvement"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    risks_known = forms.CharField(
        label=_("Risks you know of"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    views_and_wishes = forms.CharField(
        label=_("Her views and wishes (her advocate)"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MinuteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    text = forms.CharField(
        label=_("Minute"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    distribution = forms.ModelMultipleChoiceField(
        label=_("Distributed to"),
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, teams: QuerySet[Team], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["distribution"].queryset = teams


class ActionForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Agency"), queryset=Team.objects.none(), required=False)
    owner = forms.CharField(label=_("Owner"), max_length=200, required=False)
    what = forms.CharField(
        label=_("What exactly"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput())

    def __init__(self, *args, teams: QuerySet[Team], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class ActionCloseForm(VersionForm):
    status = forms.ChoiceField(
        label=_("Outcome"), choices=[(s.value, s.label) for s in CLOSING_STATUSES]
    )


class ReasonForm(VersionForm):
    reason = forms.CharField(
        label=_("Why"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class TransferForm(ReasonForm):
    to_conference = forms.ModelChoiceField(
        label=_("To the conference"), queryset=Conference.objects.none()
    )

    def __init__(self, *args, conferences: QuerySet[Conference], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_conference"].queryset = conferences


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)]
    )
