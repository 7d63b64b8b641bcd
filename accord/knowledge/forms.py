"""The shape of input only: rules stay in the services."""

from decimal import Decimal
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accord.knowledge.models import (
    SCORE_MAX,
    ActivityKind,
    Answer,
    Category,
    CoderSlot,
    Concept,
    Criterion,
    Pillar,
    Question,
    QuestionKind,
)


class SurveyAnswerForm(forms.Form):
    """One field per question, named by its key; every question may be skipped."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, questions: list[Question], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            choices = [(c.code, c.label) for c in question.categories.all()]
            if question.kind == QuestionKind.SINGLE:
                field: forms.Field = forms.ChoiceField(
                    choices=choices, widget=forms.RadioSelect, required=False
                )
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple, required=False
                )
            elif question.kind == QuestionKind.NUMBER:
                field = forms.DecimalField(
                    required=False, max_digits=12, decimal_places=2, min_value=Decimal(0)
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
                )
            field.label = question.text
            self.fields[f"q_{question.key}"] = field

    def answers(self) -> dict[str, object]:
        return {q.key: self.cleaned_data.get(f"q_{q.key}") for q in self.questions}

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{q.key}"] for q in self.questions]


def initial_answers(answers: list[Answer]) -> dict[str, object]:
    initial: dict[str, object] = {}
    for answer in answers:
        name = f"q_{answer.question.key}"
        codes = [code.category.code for code in answer.codes.all() if code.slot == CoderSlot.FIRST]
        if answer.question.kind == QuestionKind.OPEN:
            initial[name] = answer.text
        elif answer.question.kind == QuestionKind.NUMBER:
            initial[name] = answer.number
        elif answer.question.kind == QuestionKind.SINGLE:
            initial[name] = codes[0] if codes else None
        else:
            initial[name] = codes
    return initial


def coding_prefix(answer_id: int) -> str:
    """One coding form per answer on a page: each its own field names and ids."""
    return f"answer-{answer_id}"


class CodingForm(forms.Form):
    codes = forms.ModelMultipleChoiceField(
        queryset=Category.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Codes"),
    )
    slot = forms.TypedChoiceField(
        choices=CoderSlot.choices, coerce=int, initial=CoderSlot.FIRST, label=_("Coding as")
    )

    def __init__(self, *args: object, question: Question, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["codes"].queryset = question.categories.order_by("position", "pk")


class CategoryForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    label = forms.CharField(label=_("Label"), max_length=200)


class PracticeEntryForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}))
    pillars = forms.MultipleChoiceField(
        label=_("Pillars (Istanbul Convention)"),
        choices=Pillar.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    target_group = forms.CharField(label=_("Target group"), max_length=200)
    partnership_model = forms.CharField(
        label=_("Partnership model"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    what_it_takes = forms.CharField(
        label=_("What it takes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence = forms.CharField(
        label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contact = forms.CharField(
        label=_("Contact point"),
        max_length=200,
        required=False,
        help_text=_("A team address, never a person's."),
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags from the glossary"),
        queryset=Concept.objects.order_by("key"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, organisations: list[tuple[int, str]], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations


class AssessmentForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[criterion.value] = forms.TypedChoiceField(
                label=criterion.label,
                choices=[(score, str(score)) for score in range(SCORE_MAX + 1)],
                coerce=int,
            )

    def scores(self) -> dict[str, int]:
        return {criterion.value: self.cleaned_data[criterion.value] for criterion in Criterion}


class CompendiumSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    pillar = forms.ChoiceField(
        label=_("Pillar"), choices=[("", _("Any"))] + Pillar.choices, required=False
    )
    country = forms.CharField(label=_("Country"), required=False, max_length=2)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=60)


class ActivityForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    audience = forms.CharField(label=_("Audience"), max_length=200, required=False)
    reach = forms.IntegerField(label=_("People reached"), min_value=0, required=False)

    def __init__(self, *args: object, organisations: list[tuple[int, str]], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations


class RegistrationForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    participants = forms.IntegerField(label=_("Participants"), min_value=1, max_value=500)

    def __init__(self, *args: object, organisations: list[tuple[int, str]], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations


SURVEY_FILE_MAX_BYTES = 1024 * 1024


class SurveyFileForm(forms.Form):
    hub = forms.TypedChoiceField(label=_("Hub"), coerce=int)
    file = forms.FileField(
        label=_("Survey file"),
        help_text=_(
            "A survey data file (JSON) with, for a past survey, its coded answers; or an XLSForm "
            "(.xlsx, .csv) that defines the questions."
        ),
    )

    def __init__(self, *args: object, hubs: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = hubs

    def clean_file(self) -> tuple[str, bytes]:
        """(the file's suffix, its content)."""
        upload = self.cleaned_data["file"]
        if upload.size > SURVEY_FILE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return Path(upload.name).suffix.lower(), upload.read()


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}))


class AttendanceForm(forms.Form):
    attended = forms.IntegerField(label=_("Attended"), min_value=0)
