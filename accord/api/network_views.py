"""The hub's submission endpoint: /api/v1/network/submissions/.

A member's service account (the hub's service token for that member) POSTs a period's
protected tables; the hub checks them (accord.network.hub) and stores them through
accord.network.services, or refuses the whole submission with every problem named (400) and
stores nothing. The same figures sent again change nothing (200); changed figures become a new
revision (201), the earlier kept. GET lists what the reader may see of the submissions: a
member's own account its own; the hub's analysts all.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from accord.access.policy import visible_to
from accord.api import network_serializers as s
from accord.audit.context import Actor
from accord.network import services
from accord.network.access import submitting_member
from accord.network.models import Submission


@extend_schema_view(
    list=extend_schema(
        summary="Submissions received",
        description="The current and earlier revisions the reader may see.",
    ),
    create=extend_schema(
        summary="Submit a period's tables",
        description=(
            "With the member's service token. Refused whole (400, every problem listed) for an "
            "unknown indicator version, a negative count, a small count shown, a hidden cell "
            "that the totals give away, or a member other than the token's."
        ),
        request=s.SubmissionRequestSerializer,
        responses={200: s.ReceiptSerializer, 201: s.ReceiptSerializer, 400: s.RefusalSerializer},
    ),
)
class SubmissionViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = s.SubmissionSerializer
    queryset = Submission.objects.none()

    def get_queryset(self) -> QuerySet[Submission]:
        return (
            visible_to(self.request.user, Submission)
            .select_related("member", "indicator")
            .order_by("member__slug", "period", "indicator__slug", "-revision")
        )

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        member = submitting_member(request.user)
        if member is None:
            raise PermissionDenied(_("Only a member's service token submits tables."))
        try:
            receipt = services.submission_receive(
                actor=Actor.for_user(request.user), member=member, payload=request.data
            )
        except DjangoValidationError as error:
            return Response(
                {
                    "detail": _("The submission was refused; nothing was stored."),
                    "problems": error.messages,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            receipt, status=status.HTTP_201_CREATED if receipt["created"] else status.HTTP_200_OK
        )
