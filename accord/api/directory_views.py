"""The directory and cooperation protocols in the API (read only): /api/v1/directory/ and
/api/v1/protocols/.

The same rules as the pages, from the same places (accord.directory.selectors and the access
module). The directory is reference data: every verified account reads it, service accounts
included (a police system looks up where to refer), and it never holds a confidential address.
A protocol is read by the admins of its parties (drafts included) and by the service accounts
of its parties once it has been activated (a machine checks what it may send); anyone else
gets 404, exactly as for a protocol that does not exist. The signed document is not served
here: it is downloaded from the protocol's page, where the download is audited.
"""

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets

from accord.access.fields import FieldClass
from accord.accounts.models import Service
from accord.api.casework_views import NOT_FOUND
from accord.cases.models import CaseKind
from accord.directory import selectors
from accord.directory.models import Offer, Protocol, ProtocolState, ProtocolStatus

# --- serializers ----------------------------------------------------------------------------------


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DirectoryEntrySerializer(serializers.Serializer):
    offers = serializers.ListField(child=serializers.ChoiceField(choices=Offer.choices))
    languages = serializers.ListField(child=serializers.CharField(), help_text="Language codes.")
    accessibility = serializers.CharField()
    catchment = serializers.CharField(help_text="The area the service covers.")
    how_to_refer = serializers.CharField()
    accepts_self_referrals = serializers.BooleanField()
    accepted_case_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=CaseKind.choices),
        help_text="The kinds of case a referral to this service may open there.",
    )
    updated_at = serializers.DateTimeField()


class DirectoryServiceSerializer(serializers.Serializer):
    # Never the confidential address: the public helpline number only.
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text="The service's kind (ServiceKind).")
    organisation = OrganisationRefSerializer()
    public_phone = serializers.CharField(help_text="A helpline number that may be published.")
    entry = DirectoryEntrySerializer(
        source="directory_entry",
        allow_null=True,
        help_text="What the service offers; null until it has described itself.",
    )


class ProtocolPartySerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    signatory_name = serializers.CharField()
    signatory_role = serializers.CharField()
    signed_on = serializers.DateField(allow_null=True, help_text="Null until signed.")


class ProtocolFlowSerializer(serializers.Serializer):
    from_organisation = OrganisationRefSerializer()
    to_organisation = OrganisationRefSerializer()
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=FieldClass.choices),
        help_text="The data categories that may flow in this direction.",
    )


class ProtocolSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=ProtocolStatus.choices, help_text="As stored.")
    state = serializers.SerializerMethodField(
        help_text=(
            "Its state today: an active protocol is expired from the day after `valid_to`, "
            "without anyone changing it."
        )
    )
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True, help_text="The last day in force.")
    response_working_days = serializers.IntegerField()
    has_document = serializers.BooleanField()
    version = serializers.IntegerField()
    parties = ProtocolPartySerializer(many=True)
    flows = ProtocolFlowSerializer(many=True)

    @extend_schema_field(serializers.ChoiceField(choices=ProtocolState.choices))
    def get_state(self, protocol: Protocol) -> str:
        return protocol.state_on(timezone.localdate())


# --- views ----------------------------------------------------------------------------------------

SERVICE_ID = OpenApiParameter("service_id", OpenApiTypes.INT, OpenApiParameter.PATH)
PROTOCOL_UID = OpenApiParameter("uid", OpenApiTypes.UUID, OpenApiParameter.PATH)


@extend_schema_view(
    list=extend_schema(
        summary="The service directory",
        description=(
            "Every service with what it offers, filtered by the query parameters (name, offer, "
            "language, catchment, self-referral, kind, the kind of case a referral may open). "
            "Service accounts too. Never a confidential address."
        ),
    ),
    retrieve=extend_schema(
        summary="A service's directory card",
        parameters=[SERVICE_ID],
        responses={200: DirectoryServiceSerializer, 404: NOT_FOUND},
    ),
)
class DirectoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Service.objects.none()
    serializer_class = DirectoryServiceSerializer
    filterset_class = selectors.DirectoryFilter
    lookup_url_kwarg = "service_id"
    # An id too long for a database integer is no service: 404, not an overflow in SQL.
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[Service]:
        return selectors.directory_services(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Cooperation protocols",
        description=(
            "The protocols your organisation is party to: for its admins all of them, drafts "
            "included; for its service accounts the activated ones (with their state today)."
        ),
    ),
    retrieve=extend_schema(
        summary="A cooperation protocol",
        parameters=[PROTOCOL_UID],
        responses={200: ProtocolSerializer, 404: NOT_FOUND},
    ),
)
class ProtocolViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Protocol.objects.none()
    serializer_class = ProtocolSerializer
    lookup_field = "uid"
    lookup_value_regex = "[0-9a-f-]{36}"

    def get_queryset(self) -> QuerySet[Protocol]:
        return selectors.protocols_with_flows(self.request.user)
