"""The shapes of the network endpoints (accord/api/network_views.py)."""

from rest_framework import serializers


class CellSerializer(serializers.Serializer):
    key = serializers.ListField(child=serializers.CharField())
    value = serializers.IntegerField(allow_null=True, min_value=0)
    flag = serializers.CharField(allow_blank=True)


class TableSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    version = serializers.IntegerField()
    period = serializers.CharField()
    unit = serializers.CharField()
    dimensions = serializers.ListField(child=serializers.CharField())
    rounding = serializers.IntegerField(required=False)
    cells = CellSerializer(many=True)


class SubmissionRequestSerializer(serializers.Serializer):
    """Documentation of the body; the hub checks it itself (accord.network.hub), so that every
    problem is named at once."""

    member = serializers.CharField()
    report = serializers.UUIDField(required=False)
    period = serializers.CharField()
    tables = TableSerializer(many=True)


class ReceiptTableSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    revision = serializers.IntegerField()


class ReceiptSerializer(serializers.Serializer):
    member = serializers.CharField()
    created = serializers.IntegerField()
    tables = ReceiptTableSerializer(many=True)


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    # Every problem of a refused submission; a body that is not JSON at all has none to list.
    problems = serializers.ListField(child=serializers.CharField(), required=False)


class SubmissionSerializer(serializers.Serializer):
    member = serializers.CharField(source="member.slug")
    period = serializers.CharField()
    indicator = serializers.CharField(source="indicator.slug")
    version = serializers.IntegerField(source="indicator.version")
    revision = serializers.IntegerField()
    current = serializers.BooleanField()
    received_at = serializers.DateTimeField()
    cells = CellSerializer(many=True)


class AreaReturnSerializer(serializers.Serializer):
    """An area's barometer figures for a year (figures as the scoring's measures hold them: a
    count, [in place, required], or days)."""

    area = serializers.CharField(source="area.slug")
    year = serializers.IntegerField()
    population = serializers.IntegerField()
    figures = serializers.DictField(child=serializers.JSONField())
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class AreaReturnRequestSerializer(serializers.Serializer):
    """Shape only; whether the figures are allowed is the service's check (every problem named
    at once, as on the page)."""

    area = serializers.CharField(max_length=60)
    year = serializers.IntegerField()
    population = serializers.IntegerField()
    figures = serializers.DictField(child=serializers.JSONField())
    version = serializers.IntegerField(
        min_value=0,
        default=0,
        help_text="The version you read; 0 (the default) for a year with no figures yet.",
    )


class StaleAreaReturnSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = AreaReturnSerializer()
