"""Safety plans in the API: /api/v1/cases/{case_reference}/safety-plan/ and its items.

The same rules as the UI, from the same places: the case comes from `visible_to`, and the plan
is shown only where the reader's `CaseAccess.reads_records(SafetyPlan)` (the survivor side); anyone
else gets 404, exactly as for a case with no plan. Writes go through accord.safety.services
(which validate and audit) and only when the access says the reader works the case; a change
sent with a stale version answers 409 with the plan as it is now. Reading the plan is audited.
"""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accord.access.policy import CaseAccess, case_access
from accord.api.casework_views import (
    CASE_REFERENCE,
    NOT_FOUND,
    NOT_YOURS_TO_WORK,
    UUID_PATTERN,
    _require_work,
    _validated,
    case_in_url_or_404,
)
from accord.api.permissions import IsVerifiedPerson
from accord.api.schema import PersonsOnlySchema
from accord.audit.context import Actor
from accord.cases.models import Case
from accord.core.locking import StaleVersion
from accord.safety import selectors, services
from accord.safety.models import (
    AGENCY_MAX,
    ITEM_TEXT_MAX,
    ItemOwner,
    ItemStatus,
    SafetyPlan,
    SafetyPlanItem,
)

VERSION_MAX = 2**31 - 1


# --- serializers ----------------------------------------------------------------------------------


def OwnerField(**kwargs: Any) -> serializers.ChoiceField:  # noqa: N802 - reads as a field
    return serializers.ChoiceField(choices=ItemOwner.choices, **kwargs)


def ItemStatusField(**kwargs: Any) -> serializers.ChoiceField:  # noqa: N802 - reads as a field
    # Named SafetyPlanItemStatusEnum in the schema (SPECTACULAR_SETTINGS): cases have a status.
    return serializers.ChoiceField(choices=ItemStatus.choices, **kwargs)


class SafetyPlanItemSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    section = serializers.CharField(source="section.key", help_text="The section's key.")
    text = serializers.CharField()
    owner = OwnerField()
    agency = serializers.CharField(help_text="Only when another agency does it; else empty.")
    status = ItemStatusField()


class SafetyPlanSectionSerializer(serializers.Serializer):
    key = serializers.CharField(source="section.key")
    title = serializers.CharField(source="section.shown_title")
    active = serializers.BooleanField(
        source="section.active", help_text="Whether the section takes new items."
    )
    items = SafetyPlanItemSerializer(many=True)


class SafetyPlanSerializer(serializers.Serializer):
    case = serializers.CharField(source="plan.case.reference")
    version = serializers.IntegerField(
        source="plan.version", help_text="What a change must send back (optimistic locking)."
    )
    review_on = serializers.DateField(
        source="review_due_on",
        help_text="When the plan is next reviewed (sooner if the risk level has risen).",
    )
    review_overdue = serializers.BooleanField(source="overdue")
    created_at = serializers.DateTimeField(source="plan.created_at")
    created_by = serializers.CharField(source="plan.created_by.username")
    updated_at = serializers.DateTimeField(source="plan.updated_at")
    updated_by = serializers.CharField(source="plan.updated_by.username")
    sections = SafetyPlanSectionSerializer(many=True)


class StaleSafetyPlanSerializer(serializers.Serializer):
    """409: someone changed the plan first. Nothing of the request was saved."""

    detail = serializers.CharField()
    current = SafetyPlanSerializer()


def _version() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=VERSION_MAX,
        help_text="The plan's version you read: a stale one is refused with 409 Conflict.",
    )


class SafetyPlanItemInputSerializer(serializers.Serializer):
    section = serializers.SlugField(max_length=40, help_text="The key of an active section.")
    text = serializers.CharField(max_length=ITEM_TEXT_MAX)
    owner = OwnerField()
    agency = serializers.CharField(max_length=AGENCY_MAX, required=False, allow_blank=True)
    status = ItemStatusField(required=False)


class SafetyPlanItemUpdateSerializer(serializers.Serializer):
    version = _version()
    text = serializers.CharField(max_length=ITEM_TEXT_MAX, required=False)
    owner = OwnerField(required=False)
    agency = serializers.CharField(max_length=AGENCY_MAX, required=False, allow_blank=True)
    status = ItemStatusField(required=False)


# --- views ----------------------------------------------------------------------------------------


class SafetyPlanAccessMixin:
    """The case and the reader's access to its safety plan, decided once per request."""

    request: Request
    kwargs: dict[str, Any]
    _access: CaseAccess | None = None

    def access(self) -> CaseAccess:
        if self._access is None:
            case = case_in_url_or_404(self.request.user, self.kwargs["case_reference"])
            access = case_access(self.request.user, case)
            if not access.reads_records(SafetyPlan):
                raise Http404
            self._access = access
        return self._access

    def case(self) -> Case:
        return self.access().case

    def plan(self) -> SafetyPlan:
        return selectors.plan_or_404(self.request.user, self.access())

    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def plan_data(self) -> dict[str, Any]:
        # Fresh from the database: after a write, the plan as it now is.
        return SafetyPlanSerializer(selectors.plan_view(self.plan())).data

    def stale_response(self, stale: StaleVersion) -> dict[str, Any]:
        """The 409 body (StaleSafetyPlanSerializer), given to the API's exception handler."""
        message = _(
            "Someone changed this safety plan after you read it (it is now at version "
            "%(version)s). Nothing of your change was saved: look at the plan as it is now and "
            "send your change again with this version."
        ) % {"version": stale.current.version}
        return {"detail": message, "current": self.plan_data()}


class SafetyPlanView(SafetyPlanAccessMixin, APIView):
    permission_classes = [IsVerifiedPerson]
    schema = PersonsOnlySchema()

    @extend_schema(
        summary="The case's safety plan",
        description=(
            "Her safety plan: sections in the organisation's order with their items, the review "
            "date and the version. Survivor side only: anyone else gets 404, as for a case with "
            "no plan. The read is audited."
        ),
        parameters=[CASE_REFERENCE],
        responses={200: SafetyPlanSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, case_reference: str) -> Response:
        plan = self.plan()
        services.safety_plan_viewed(actor=self.actor(), plan=plan)
        return Response(SafetyPlanSerializer(selectors.plan_view(plan)).data)

    @extend_schema(
        summary="Start the case's safety plan",
        description="An empty plan from the organisation's sections (400 if there is one).",
        parameters=[CASE_REFERENCE],
        request=None,
        responses={201: SafetyPlanSerializer, 403: NOT_YOURS_TO_WORK, 404: NOT_FOUND},
    )
    def post(self, request: Request, case_reference: str) -> Response:
        _require_work(self.access())
        services.safety_plan_start(actor=self.actor(), case=self.case())
        return Response(self.plan_data(), status=status.HTTP_201_CREATED)


ITEM_UID = OpenApiParameter("uid", OpenApiTypes.UUID, OpenApiParameter.PATH)


@extend_schema_view(
    create=extend_schema(
        summary="Add an item to the safety plan",
        description="Added at the end of its section; answers the plan as it now is.",
        parameters=[CASE_REFERENCE],
        request=SafetyPlanItemInputSerializer,
        responses={201: SafetyPlanSerializer, 403: NOT_YOURS_TO_WORK, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Change a safety-plan item",
        description=(
            "Its text, who does it, the agency or its status. Send the plan's version you read: "
            "if anyone changed the plan since, nothing is saved and the answer is 409 with the "
            "plan as it is now."
        ),
        parameters=[CASE_REFERENCE, ITEM_UID],
        request=SafetyPlanItemUpdateSerializer,
        responses={
            200: SafetyPlanSerializer,
            403: NOT_YOURS_TO_WORK,
            404: NOT_FOUND,
            409: StaleSafetyPlanSerializer,
        },
    ),
)
class SafetyPlanItemViewSet(SafetyPlanAccessMixin, viewsets.GenericViewSet):
    permission_classes = [IsVerifiedPerson]
    schema = PersonsOnlySchema()
    queryset = SafetyPlanItem.objects.none()
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN

    def create(self, request: Request, case_reference: str) -> Response:
        _require_work(self.access())
        data = _validated(SafetyPlanItemInputSerializer, request)
        plan = self.plan()
        section = selectors.open_section_or_none(plan, data.pop("section"))
        if section is None:
            raise ValidationError({"section": [_("No active section with this key.")]})
        services.safety_plan_item_add(actor=self.actor(), plan=plan, section=section, **data)
        return Response(self.plan_data(), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, case_reference: str, uid: str) -> Response:
        _require_work(self.access())
        plan = self.plan()
        item = selectors.plan_item_or_404(plan, uid)
        data = _validated(SafetyPlanItemUpdateSerializer, request)
        services.safety_plan_item_update(
            actor=self.actor(),
            item=item,
            expected_version=data.pop("version"),
            **data,
        )
        return Response(self.plan_data())
