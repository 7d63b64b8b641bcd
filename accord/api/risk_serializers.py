"""Risk work in the API: the shapes of instruments and assessments.

An instrument is printed with its definition as data (`accord.risk.loader.to_data`), so a client
builds the form and words it from the same source the pages use. An assessment is printed whole
or not at all: every field of it is of the risk class, which the view has checked before
anything is read. Input serializers check shape and size only; accord.risk.services validates
the answers against the instrument, scores and audits.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from accord.api.casework_serializers import ID_MAX, VERSION_MAX
from accord.cases.risk_levels import RiskLevel
from accord.risk.models import AssessmentStatus, Occasion
from accord.risk.scoring import TEXT_ANSWER_LIMIT

# More answers than any instrument has items: a flood is refused before the service reads it.
ANSWERS_MAX = 500


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choice set is one schema component named after its choices class
    (`RiskLevelEnum`). Three level fields share one set, and `status` is also a case's and a
    plan item's: left to drf-spectacular's enum naming, both warn (the schema must have none)."""

    def __init__(self, choices_class: type[models.TextChoices], **kwargs: Any) -> None:
        self.choices_class = choices_class
        super().__init__(choices=choices_class.choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def get_name(self) -> str:
        return f"{self.target.choices_class.__name__}Enum"

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        choices = self.target.choices_class
        return {
            "type": "string",
            "enum": list(choices.values),
            "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.choices),
        }


class LevelField(NamedChoiceField):
    """A level, null until there is one (a draft has no result, most results no judgement)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(RiskLevel, allow_null=True, **kwargs)

    def to_representation(self, value: str) -> str | None:
        return value or None


# --- output ---------------------------------------------------------------------------------------


class InstrumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    version = serializers.CharField()
    title = serializers.CharField()
    active = serializers.BooleanField(help_text="Offered for new assessments.")
    organisation = serializers.IntegerField(
        source="organisation_id",
        allow_null=True,
        help_text="The organisation whose own instrument this is; null for those Accord ships.",
    )
    definition = serializers.DictField(
        help_text=(
            "The instrument as data, in its file format (docs/instruments.md): sections and "
            "items with their answer types, follow-up modules, scoring, thresholds, red flags "
            "and translations."
        )
    )


class AssessmentSummarySerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    instrument = serializers.IntegerField(source="instrument_id")
    instrument_slug = serializers.SlugField(source="instrument.slug")
    instrument_version = serializers.CharField(source="instrument.version")
    occasion = NamedChoiceField(Occasion)
    status = NamedChoiceField(AssessmentStatus)
    assessed_on = serializers.DateField()
    score = serializers.IntegerField(allow_null=True)
    computed_level = LevelField(help_text="The instrument's result (red flags included).")
    judgement_level = LevelField(help_text="The level by professional judgement, if given.")
    level = LevelField(help_text="The level that stands: the result, raised by judgement.")
    flags = serializers.ListField(
        child=serializers.CharField(), help_text="The keys of the red flags raised."
    )
    next_review_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField(
        help_text="What a change must send back (optimistic locking)."
    )
    created_by = serializers.CharField(source="created_by.username")
    completed_by = serializers.CharField(source="completed_by.username", allow_null=True)


class AssessmentSerializer(AssessmentSummarySerializer):
    answers = serializers.DictField(
        help_text="Item key → answer: yes / no / unknown, a choice's value, a number, a date "
        "(YYYY-MM-DD) or text. Unanswered items are absent."
    )
    judgement_reason = serializers.CharField(allow_null=True)


class StaleAssessmentSerializer(serializers.Serializer):
    """409: someone saved or completed the assessment first. Nothing of the request was saved."""

    detail = serializers.CharField()
    current = AssessmentSerializer()


# --- input ----------------------------------------------------------------------------------------


def _version() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=VERSION_MAX,
        help_text="The assessment's version you read: a stale one is refused with 409 Conflict.",
    )


class AssessmentStartInputSerializer(serializers.Serializer):
    instrument = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, help_text="The id of an active instrument for this case."
    )
    occasion = NamedChoiceField(Occasion, required=False, default=Occasion.FIRST)


class AssessmentSaveInputSerializer(serializers.Serializer):
    version = _version()
    answers = serializers.DictField(
        help_text="Item key → answer, as in the assessment; every answer given so far (an item "
        "left out is unanswered)."
    )

    def validate_answers(self, answers: dict[str, Any]) -> dict[str, Any]:
        if len(answers) > ANSWERS_MAX:
            raise serializers.ValidationError(
                _("Send at most %(limit)s answers.") % {"limit": ANSWERS_MAX}
            )
        return answers


class AssessmentCompleteInputSerializer(AssessmentSaveInputSerializer):
    judgement_level = LevelField(
        required=False, help_text="Only to raise the result; never lower than it."
    )
    judgement_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=TEXT_ANSWER_LIMIT,
        help_text="Why your judgement differs from the result (required with a judgement).",
    )
