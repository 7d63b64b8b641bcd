"""The shape of risk input: an assessment form built from its instrument, the choice of a form
to start, a change of circumstances, and an instrument file to load."""

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.cases.risk_levels import RiskLevel
from accord.risk.definition import NO, UNKNOWN, YES, AnswerType, Item
from accord.risk.definition import Instrument as Definition
from accord.risk.models import Instrument, Occasion
from accord.risk.scoring import TEXT_ANSWER_LIMIT

YES_NO_LABELS = {YES: _("Yes"), NO: _("No"), UNKNOWN: _("Don't know")}
ANSWER_PREFIX = "answer-"


def _answer_field(item: Item, spec: Definition, language: str) -> forms.Field:
    # Never required here: a draft may stop anywhere. Completing checks required answers in
    # the service, against the instrument (modules opened by an answer included).
    label = spec.text(f"items.{item.key}", language)
    help_text = spec.text(f"help.{item.key}", language) if item.help else ""
    common: dict[str, Any] = {"label": label, "required": False, "help_text": help_text}
    match item.answer_type:
        case AnswerType.YES_NO:
            return forms.ChoiceField(
                choices=list(YES_NO_LABELS.items()), widget=forms.RadioSelect, **common
            )
        case AnswerType.CHOICE:
            choices = [
                (c.value, spec.text(f"choices.{item.key}.{c.value}", language))
                for c in item.choices
            ]
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        case AnswerType.NUMBER:
            return forms.IntegerField(min_value=item.minimum, max_value=item.maximum, **common)
        case AnswerType.DATE:
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        case _:
            return forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_ANSWER_LIMIT, **common
            )


class AssessmentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    judgement_level = forms.ChoiceField(
        label=_("Level by your professional judgement (only to raise it)"),
        choices=[("", _("No change: the result stands")), *RiskLevel.choices],
        required=False,
    )
    judgement_reason = forms.CharField(
        label=_("Why your judgement differs from the result"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_ANSWER_LIMIT,
        required=False,
    )

    def __init__(self, *args: Any, spec: Definition, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        for item in spec.items():
            self.fields[ANSWER_PREFIX + item.key] = _answer_field(item, spec, language)

    def answers(self) -> dict[str, Any]:
        """The answers given, by item key; dates as ISO strings (how they are stored)."""
        answers = {}
        for item in self.spec.items():
            value = self.cleaned_data.get(ANSWER_PREFIX + item.key)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            if value not in (None, ""):
                answers[item.key] = value
        return answers


@dataclass(frozen=True)
class AnswerBlock:
    """A section, or a follow-up module, with the form fields of its items."""

    title: str
    fields: list[forms.BoundField]
    # Modules only: whether an answer opened it, and what opens it.
    is_module: bool = False
    opened: bool = True


def answer_blocks(
    form: AssessmentForm, language: str, opened_modules: tuple[str, ...]
) -> list[AnswerBlock]:
    spec = form.spec
    blocks = [
        AnswerBlock(
            title=spec.text(f"sections.{section.key}", language),
            fields=[form[ANSWER_PREFIX + item.key] for item in section.items],
        )
        for section in spec.sections
    ]
    blocks += [
        AnswerBlock(
            title=spec.text(f"modules.{module.key}", language),
            fields=[form[ANSWER_PREFIX + item.key] for item in module.items],
            is_module=True,
            opened=module.key in opened_modules,
        )
        for module in spec.modules
    ]
    return blocks


class InstrumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Instrument) -> str:
        return f"{obj.shown_title} ({obj.version})"


class AssessmentStartForm(forms.Form):
    instrument = InstrumentChoiceField(label=_("Form"), queryset=Instrument.objects.none())
    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices)

    def __init__(self, *args: Any, instruments: list[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instrument"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Instrument.objects.filter(pk__in=[i.pk for i in instruments])


class CircumstancesForm(forms.Form):
    """Shown on the risk page beside the start form, which has an occasion too: its own ids,
    so that "What changed" labels its own control (the field's name stays `occasion`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_change_%s")
        super().__init__(*args, **kwargs)

    occasion = forms.ChoiceField(
        label=_("What changed"),
        choices=[
            (o.value, o.label)
            for o in (
                Occasion.SEPARATION,
                Occasion.RELEASE_FROM_CUSTODY,
                Occasion.PROGRAMME_DROPOUT,
                Occasion.OTHER_CHANGE,
            )
        ],
    )


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(label=_("Instrument file (YAML or JSON)"))
