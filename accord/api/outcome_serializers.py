"""What the empowerment-path and outcome-questionnaire endpoints read and write
(accord/api/outcome_views.py)."""

from typing import Any

from rest_framework import serializers

from accord.outcomes.services import NOT_AN_ANSWER
from accord.programmes.models import SessionKind


class PathModuleSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()
    sessions = serializers.IntegerField()
    session_kind = serializers.ChoiceField(choices=SessionKind.choices)


class PathSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    format = serializers.CharField(help_text="Group or one to one.")
    service = serializers.CharField()
    modules = PathModuleSerializer(many=True)
    women = serializers.ListField(
        child=serializers.CharField(), help_text="The case references on it that you reach."
    )


class PathJoinSerializer(serializers.Serializer):
    path = serializers.IntegerField(min_value=1, help_text="A path of her case's service.")


class TimePointSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    due_on = serializers.DateField()


class AnswersSerializer(serializers.Serializer):
    time_point = serializers.CharField()
    answered_on = serializers.DateField()
    self_completed = serializers.BooleanField()
    scores = serializers.DictField(child=serializers.IntegerField(), help_text="By construct.")
    answers = serializers.DictField(child=serializers.JSONField(), help_text="As given.")


class PairedCellSerializer(serializers.Serializer):
    construct = serializers.CharField()
    title = serializers.CharField()
    his = serializers.IntegerField(allow_null=True)
    hers = serializers.IntegerField(allow_null=True)
    gap = serializers.BooleanField(help_text="His report and hers differ by the gap or more.")


class PairedRowSerializer(serializers.Serializer):
    time_point = serializers.CharField()
    due_on = serializers.DateField()
    cells = PairedCellSerializer(many=True)
    review_prompt = serializers.BooleanField()


class CaseOutcomesSerializer(serializers.Serializer):
    instrument = serializers.CharField(allow_null=True)
    time_points = TimePointSerializer(many=True)
    answers = AnswersSerializer(many=True, help_text="The answers on this case.")
    paired = PairedRowSerializer(
        many=True, help_text="On her case, for her worker: his scores beside hers; else empty."
    )


class AnswersInputSerializer(serializers.Serializer):
    time_point = serializers.CharField(max_length=40)
    answered_on = serializers.DateField(required=False, help_text="Not in the future.")
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Item key to answer: a choice's value, or a whole number.",
    )

    def validate_answers(self, value: dict[str, Any]) -> dict[str, str]:
        # A choice or a number, as the page's form sends them; the service checks each against
        # the instrument (its choices, its range) and names the question.
        if any(
            isinstance(answer, bool) or not isinstance(answer, str | int)
            for answer in value.values()
        ):
            raise serializers.ValidationError(NOT_AN_ANSWER)
        return {key: str(answer) for key, answer in value.items()}
