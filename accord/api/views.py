from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accord.access.policy import Action, get_visible_or_404, may, visible_to
from accord.accounts.models import Organisation, Service, Team
from accord.accounts.services import team_create
from accord.api import serializers
from accord.api.permissions import IsVerifiedStaff, IsVerifiedUser
from accord.audit.context import Actor


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        return visible_to(self.request.user, Organisation).order_by("name")


class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ServiceSerializer
    filterset_fields = ["organisation", "kind"]

    def get_queryset(self) -> QuerySet[Service]:
        return visible_to(self.request.user, Service).order_by("organisation__name", "name")


class TeamViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.TeamSerializer
    filterset_fields = ["service"]

    def get_queryset(self) -> QuerySet[Team]:
        return visible_to(self.request.user, Team).order_by("service_id", "name")

    @extend_schema(request=serializers.TeamCreateSerializer, responses=serializers.TeamSerializer)
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Add a team to a service of an organisation you administer."""
        data = serializers.TeamCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service = get_visible_or_404(request.user, Service, pk=data.validated_data["service"])
        if not may(request.user, Action.ADMINISTER, service.organisation):
            raise Http404
        team = team_create(
            actor=Actor.from_request(request), service=service, name=data.validated_data["name"]
        )
        return Response(serializers.TeamSerializer(team).data, status=status.HTTP_201_CREATED)


class SchemaView(SpectacularAPIView):
    permission_classes = [IsVerifiedUser]


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [IsVerifiedStaff]
