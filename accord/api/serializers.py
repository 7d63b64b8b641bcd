from rest_framework import serializers

from accord.accounts.models import Organisation, Service, Team


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "slug", "country", "languages", "default_language"]


class ServiceSerializer(serializers.ModelSerializer):
    # The confidential address is never part of an API response: it is shown only on an
    # explicit, audited reveal in the UI.
    class Meta:
        model = Service
        fields = ["id", "organisation", "name", "kind", "public_phone"]


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "service", "name"]


class TeamCreateSerializer(serializers.Serializer):
    """Input shape only; the service (accounts.services.team_create) validates and audits."""

    service = serializers.IntegerField()
    name = serializers.CharField(max_length=200)
