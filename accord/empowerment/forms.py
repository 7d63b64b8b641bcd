"""The shape of the empowerment input; the services check again."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.empowerment.models import TEXT_MAX, GoalArea, GoalStatus, Occasion
from accord.empowerment.questions import QUESTIONS
from accord.people.forms import DateInput

ANSWER_PREFIX = "q-"


class ProfileSnapshotForm(forms.Form):
    """The standard question set: every question, each answer from its list."""

    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices)
    # Not checked here: the service refuses a future date with the one wording it has.
    taken_on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[ANSWER_PREFIX + question.key] = forms.ChoiceField(
                label=question.text, choices=question.answers, widget=forms.RadioSelect
            )

    def answers(self) -> dict[str, str]:
        return {q.key: self.cleaned_data[ANSWER_PREFIX + q.key] for q in QUESTIONS}


class GoalForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=GoalArea.choices)
    goal = forms.CharField(
        label=_("Goal, in her words"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    target_on = forms.DateField(label=_("By when"), widget=DateInput(), required=False)


class GoalProgressForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    progress = forms.CharField(
        label=_("Progress"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MentorshipForm(forms.Form):
    mentor_name = forms.CharField(label=_("Mentor"), max_length=200)
    started_on = forms.DateField(label=_("Started on"), widget=DateInput())
    goals = forms.CharField(
        label=_("What the mentorship is for"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MeetingForm(forms.Form):
    met_on = forms.DateField(label=_("Date"), widget=DateInput())
    notes = forms.CharField(
        label=_("What was worked on"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
