"""The shape of outcome input. Answers are checked by the service with the risk instruments'
checks (accord/risk/scoring.py), so that an out-of-range answer gets one plain message
whichever way it came (her link, her worker's form)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.outcomes import definition
from accord.outcomes.models import Channel
from accord.people.forms import DateInput
from accord.risk.definition import AnswerType, Instrument

ANSWER_PREFIX = "a-"


def time_point_choices() -> list[tuple[str, str]]:
    return [(point.key, str(point.label)) for point in definition.time_points()]


class AnswersForm(forms.Form):
    """The questionnaire's questions; nothing is required or ranged here (the service says
    what is wrong, question by question)."""

    def __init__(self, *args: Any, spec: Instrument, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        for item in spec.items():
            label = spec.text(f"items.{item.key}", language)
            if item.answer_type == AnswerType.CHOICE:
                field: forms.Field = forms.ChoiceField(
                    label=label,
                    required=False,
                    widget=forms.RadioSelect,
                    choices=[
                        (c.value, spec.text(f"choices.{item.key}.{c.value}", language))
                        for c in item.choices
                    ],
                )
                # Out-of-list values reach the service, which names the problem plainly.
                field.valid_value = lambda value: True  # type: ignore[attr-defined]
            else:
                field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=4,
                    widget=forms.NumberInput(
                        attrs={"min": item.minimum, "max": item.maximum, "inputmode": "numeric"}
                    ),
                )
            self.fields[ANSWER_PREFIX + item.key] = field

    def answers(self) -> dict[str, str]:
        return {
            item.key: self.cleaned_data.get(ANSWER_PREFIX + item.key, "")
            for item in self.spec.items()
        }

    def add_answer_errors(self, errors: dict[str, list[str]]) -> None:
        for key, messages in errors.items():
            name = ANSWER_PREFIX + key
            self.add_error(name if name in self.fields else None, messages)


class WorkerAnswersForm(AnswersForm):
    time_point = forms.ChoiceField(label=_("Time point"), choices=())
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        time_point = self.fields["time_point"]
        assert isinstance(time_point, forms.ChoiceField)
        time_point.choices = time_point_choices()
        self.order_fields(["time_point", "answered_on"])


class ScheduleForm(forms.Form):
    start_on = forms.DateField(label=_("Count the time points from"), widget=DateInput())


class LinkForm(forms.Form):
    time_point = forms.ChoiceField(label=_("Time point"), choices=())
    channel = forms.ChoiceField(label=_("Send by"), choices=())

    def __init__(self, *args: Any, channels: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        time_point = self.fields["time_point"]
        channel = self.fields["channel"]
        assert isinstance(time_point, forms.ChoiceField)
        assert isinstance(channel, forms.ChoiceField)
        time_point.choices = time_point_choices()
        channel.choices = [(c, label) for c, label in Channel.choices if c in channels]
