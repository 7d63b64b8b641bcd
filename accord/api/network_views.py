"""The hub's submission endpoint: /api/v1/network/submissions/.

A member's service account (the hub's service token for that member) POSTs a period's
protected tables; the hub checks them (accord.network.hub) and stores them through
accord.network.services, or refuses the whole submission with every problem named (400) and
stores nothing. The same figures sent again change nothing (200); changed figures become a new
revision (201), the earlier kept. GET lists what the reader may see of the submissions: a
member's own account its own; the hub's analysts all.

/api/v1/network/area-returns/: the barometer's area figures, for whoever keeps them (the hub's
analysts every area, a member's organisation admins their member's areas; 404 for anyone
else), through the same service as the page.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from accord.access.policy import visible_to
from accord.api import network_serializers as s
from accord.audit.context import Actor
from accord.core.locking import StaleVersion
from accord.network import access, selectors, services
from accord.network.access import submitting_member
from accord.network.models import AreaReturn, Submission


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


@extend_schema_view(
    list=extend_schema(
        summary="Area figures recorded",
        description="The barometer's figures of the areas the reader keeps, latest year first.",
    ),
    create=extend_schema(
        summary="Record an area's figures for a year",
        description=(
            "Refused whole (400, every problem listed, nothing saved) for an area the reader "
            "does not keep or that does not exist, a year outside 2000 to 2100, fewer than one "
            "inhabitant, a negative figure or a measure the scoring does not have. Recording a "
            "year again replaces its figures: send the version you read (409 with the figures "
            "as they are if someone saved them since)."
        ),
        request=s.AreaReturnRequestSerializer,
        responses={
            201: s.AreaReturnSerializer,
            400: s.RefusalSerializer,
            404: s.RefusalSerializer,
            409: s.StaleAreaReturnSerializer,
        },
    ),
)
class AreaReturnViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = s.AreaReturnSerializer
    queryset = AreaReturn.objects.none()

    def get_queryset(self) -> QuerySet[AreaReturn]:
        if not access.may_keep_area_figures(self.request.user):
            raise Http404
        return (
            visible_to(self.request.user, AreaReturn)
            .select_related("area")
            .order_by("area__country", "area__name", "-year")
        )

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        kept = access.areas_kept_by(request.user)
        if not kept.exists():
            raise Http404
        scheme = selectors.scoring_scheme()
        if scheme is None:
            raise Http404
        body = s.AreaReturnRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        area = kept.filter(slug=data["area"]).first()
        if area is None:
            return self._refused(
                [_("“%(area)s” is not an area whose figures you keep.") % {"area": data["area"]}]
            )
        try:
            entry = services.area_return_record(
                actor=Actor.for_user(request.user),
                area=area,
                year=data["year"],
                population=data["population"],
                figures=data["figures"],
                scheme=scheme,
                expected_version=data["version"],
            )
        except DjangoPermissionDenied as denied:
            raise Http404 from denied
        except DjangoValidationError as error:
            return self._refused(error.messages)
        return Response(s.AreaReturnSerializer(entry).data, status=status.HTTP_201_CREATED)

    @staticmethod
    def _refused(problems: list[str]) -> Response:
        return Response(
            {"detail": _("The figures were refused; nothing was saved."), "problems": problems},
            status=status.HTTP_400_BAD_REQUEST,
        )

    def stale_response(self, stale: StaleVersion) -> dict[str, Any]:
        """The 409 body (StaleAreaReturnSerializer), given to the API's exception handler."""
        return {
            "detail": _(
                "Someone saved these figures after you read them (they are now at version "
                "%(version)s). Nothing of yours was saved: read them and send yours again with "
                "this version."
            )
            % {"version": stale.current.version},
            "current": s.AreaReturnSerializer(stale.current).data,
        }
