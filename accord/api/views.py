from django.db.models import QuerySet
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import viewsets

from accord.access.policy import visible_to
from accord.accounts.models import Organisation, Service, Team
from accord.api import serializers
from accord.api.permissions import IsVerifiedStaff, IsVerifiedUser


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        return visible_to(self.request.user, Organisation).order_by("name")


class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ServiceSerializer
    filterset_fields = ["organisation", "kind"]

    def get_queryset(self) -> QuerySet[Service]:
        return visible_to(self.request.user, Service).order_by("organisation__name", "name")


class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.TeamSerializer
    filterset_fields = ["service"]

    def get_queryset(self) -> QuerySet[Team]:
        return visible_to(self.request.user, Team).order_by("service_id", "name")


class SchemaView(SpectacularAPIView):
    permission_classes = [IsVerifiedUser]


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [IsVerifiedStaff]
