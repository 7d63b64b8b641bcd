"""Referrals in the API: /api/v1/referrals/.

The same services and access rules as the pages. A person (signed in with a second factor)
drafts from a case she works, sends, answers, withdraws and closes; a police or probation
system (service-account token) sends a referral in at once through `inbound` and reads back
only the referrals it sent. The payload is shown only to a side that may read it (sent or
accepted), and reading it is audited. Sending without consent needs re-authentication, which a
token cannot carry, so through the API only `inbound` (a statutory agency's system, with a
reason, flagged for the DPO) may do it; a person does it on the referral's page.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accord.access.fields import FieldClass
from accord.access.policy import (
    is_person,
    service_account_team,
    visible_to,
)
from accord.accounts.models import Service
from accord.api.casework_views import NOT_FOUND, _validated
from accord.api.directory_views import OrganisationRefSerializer
from accord.api.risk_serializers import LevelField, NamedChoiceField
from accord.audit.context import Actor
from accord.cases.models import CaseKind
from accord.core.locking import StaleVersion
from accord.people.models import Gender
from accord.referrals import selectors, services
from accord.referrals.access import ReferralAccess, referral_access
from accord.referrals.models import REASON_MAX, DeclineReason, Referral, ReferralStatus
from accord.referrals.transitions import (
    ACCEPT,
    CLOSE,
    DECLINE,
    SEND,
    TRANSITIONS,
    WITHDRAW,
    accepting_teams,
    transition_run,
)


class ServiceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation = OrganisationRefSerializer()


class ReferralSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = NamedChoiceField(ReferralStatus)
    from_organisation = OrganisationRefSerializer(source="from_team.service.organisation")
    to_service = ServiceRefSerializer()
    case_kind = serializers.ChoiceField(choices=CaseKind.choices)
    protocol = serializers.UUIDField(source="protocol.uid", allow_null=True, default=None)
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=FieldClass.choices),
        help_text="The data categories the protocol let flow when it was sent.",
    )
    payload = serializers.SerializerMethodField(
        help_text=(
            "What was sent, by category then field; null unless you are a side of a referral "
            "that is sent or accepted."
        )
    )
    due_on = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    override = serializers.BooleanField(help_text="Sent without consent (serious risk to life).")
    decline_reason = serializers.CharField(help_text="Empty unless declined (DeclineReason).")
    receiver_case = serializers.SerializerMethodField(
        help_text="The receiver's own case, for the receiver only."
    )
    sent_at = serializers.DateTimeField(allow_null=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()

    def _access(self, referral: Referral) -> ReferralAccess | None:
        return self.context.get("accesses", {}).get(referral.pk)

    @extend_schema_field(serializers.DictField(child=serializers.DictField(), allow_null=True))
    def get_payload(self, referral: Referral) -> dict[str, Any] | None:
        access = self._access(referral)
        if access is None or not access.reads_payload():
            return None
        return referral.payload

    @extend_schema_field(serializers.BooleanField())
    def get_overdue(self, referral: Referral) -> bool:
        return referral.is_overdue_on(timezone.localdate())

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_receiver_case(self, referral: Referral) -> str | None:
        access = self._access(referral)
        if access is None or not access.receiver or referral.receiver_case is None:
            return None
        return referral.receiver_case.reference


class StaleReferralSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = ReferralSerializer()


class ReferralDraftInputSerializer(serializers.Serializer):
    case = serializers.CharField(max_length=20, help_text="The reference of the case to refer.")
    to_service = serializers.IntegerField(min_value=1, max_value=2**53)
    summary = serializers.CharField(max_length=REASON_MAX, required=False, allow_blank=True)


class VersionInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31)


class AcceptInputSerializer(VersionInputSerializer):
    team = serializers.IntegerField(min_value=1, max_value=2**53)


class DeclineInputSerializer(VersionInputSerializer):
    reason = NamedChoiceField(DeclineReason)
    note = serializers.CharField(max_length=REASON_MAX, required=False, allow_blank=True)


class InboundPersonSerializer(serializers.Serializer):
    """Her identity and contact, as the sending agency holds them. Send only fields of the
    categories the protocol in force lets flow to the receiver: any other is refused."""

    given_name = serializers.CharField(max_length=200)
    family_name = serializers.CharField(max_length=200, required=False)
    date_of_birth = serializers.DateField(required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    languages = serializers.ListField(child=serializers.CharField(max_length=8), required=False)
    nationality = serializers.CharField(max_length=100, required=False)
    interpreter_needed = serializers.BooleanField(required=False)
    phone = serializers.CharField(max_length=40, required=False)
    email = serializers.EmailField(required=False)
    safe_contact_times = serializers.CharField(max_length=200, required=False)


class InboundInputSerializer(serializers.Serializer):
    to_service = serializers.IntegerField(min_value=1, max_value=2**53)
    case_kind = serializers.ChoiceField(choices=CaseKind.choices)
    person = InboundPersonSerializer()
    risk_level = LevelField(required=False)
    summary = serializers.CharField(max_length=REASON_MAX, required=False, allow_blank=True)
    consent_given_on = serializers.DateField(
        required=False, help_text="Since when your agency holds her consent to this referral."
    )
    override_reason = serializers.CharField(
        max_length=REASON_MAX,
        required=False,
        allow_blank=True,
        help_text="Without her consent: why she is at serious risk to life.",
    )


REFERRAL_REFERENCE = OpenApiParameter("reference", OpenApiTypes.STR, OpenApiParameter.PATH)


def _transition(summary: str, request: type, description: str) -> Any:
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[REFERRAL_REFERENCE],
        request=request,
        responses={
            200: ReferralSerializer,
            400: None,
            404: NOT_FOUND,
            409: StaleReferralSerializer,
        },
    )


@extend_schema_view(
    list=extend_schema(
        summary="Referrals",
        description="The referrals you sent or received (a service account: those it sent).",
    ),
    retrieve=extend_schema(
        summary="A referral",
        parameters=[REFERRAL_REFERENCE],
        responses={200: ReferralSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Draft a referral from a case",
        request=ReferralDraftInputSerializer,
        responses={201: ReferralSerializer, 400: None, 404: NOT_FOUND},
    ),
)
class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Referral.objects.none()
    serializer_class = ReferralSerializer
    lookup_field = "reference"
    lookup_value_regex = "[A-Za-z0-9-]{1,20}"

    def get_queryset(self) -> QuerySet[Referral]:
        return (
            visible_to(self.request.user, Referral)
            .select_related(*selectors.REFERRAL_RELATED)
            .defer("protocol__document")
            .order_by("-created_at", "-pk")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "accesses": getattr(self, "_accesses", {})}

    def _reached(self, *, person: bool = True) -> tuple[Referral, ReferralAccess]:
        if person and not is_person(self.request.user):
            raise NotFound
        referral = selectors.referral_or_404(self.request.user, self.kwargs["reference"])
        access = referral_access(self.request.user, referral)
        self._accesses = {referral.pk: access}
        return referral, access

    def _answer(self, referral: Referral, access: ReferralAccess, code: int = 200) -> Response:
        self._accesses = {referral.pk: access}
        if access.reads_payload():
            services.referral_viewed(actor=Actor.from_request(self.request), referral=referral)
        return Response(self.get_serializer(referral).data, status=code)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset().defer("payload"))
        # Lists never carry a payload: open one referral to read it (audited).
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, reference: str) -> Response:
        referral, access = self._reached(person=False)
        return self._answer(referral, access)

    def create(self, request: Request) -> Response:
        if not is_person(request.user):
            raise NotFound
        data = _validated(ReferralDraftInputSerializer, request)
        case = selectors.case_to_refer_or_404(request.user, data["case"])
        to_service = visible_to(request.user, Service).filter(pk=data["to_service"]).first()
        if to_service is None:
            raise ValidationError({"to_service": [_("No service with this id.")]})
        referral = services.referral_draft(
            actor=Actor.from_request(request),
            case=case,
            to_service=to_service,
            summary=data.get("summary", ""),
        )
        referral = selectors.referral_or_404(request.user, referral.reference)
        return self._answer(referral, referral_access(request.user, referral), 201)

    def _do(
        self, name: str, input_class: type, **resolve: Callable[[Referral, Any], Any]
    ) -> Response:
        """One transition of the table (accord/referrals/transitions.py), as on the pages:
        404 for a side that may not, 400 for bad input, 409 (the exception handler) when
        someone changed the referral first. `resolve` turns an input id into its record."""
        referral, access = self._reached()
        TRANSITIONS[name].require(access)
        fields = dict(_validated(input_class, self.request))
        for key, find in resolve.items():
            fields[key] = find(referral, fields[key])
        transition_run(
            name,
            actor=Actor.from_request(self.request),
            user=self.request.user,
            access=access,
            version=fields.pop("version"),
            **fields,
        )
        fresh = selectors.referral_or_404(self.request.user, referral.reference)
        return self._answer(fresh, referral_access(self.request.user, fresh))

    def stale_response(self, stale: StaleVersion) -> dict[str, Any]:
        """The 409 body (StaleReferralSerializer): the referral as it is now."""
        current = selectors.referral_or_404(self.request.user, self.kwargs["reference"])
        self._accesses = {current.pk: referral_access(self.request.user, current)}
        return {
            "detail": _(
                "Someone changed this referral after you read it (it is now at version "
                "%(version)s). Nothing was done: look at it as it is now."
            )
            % {"version": stale.current.version},
            "current": self.get_serializer(current).data,
        }

    @_transition(
        "Send a draft",
        VersionInputSerializer,
        "Only under a protocol in force today and on her valid consent; otherwise 400 says why "
        "and nothing is sent. Sending without consent is done on the referral's page (it asks "
        "for re-authentication).",
    )
    @action(detail=True, methods=["post"])
    def send(self, request: Request, reference: str) -> Response:
        return self._do(SEND, VersionInputSerializer)

    @_transition(
        "Accept a referral",
        AcceptInputSerializer,
        "The receiver opens its own case in `team` (one of the receiving service's teams whose "
        "cases you work) on a new record of her, from what was sent.",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, reference: str) -> Response:
        return self._do(
            ACCEPT,
            AcceptInputSerializer,
            team=lambda referral, pk: accepting_teams(request.user, referral).filter(pk=pk).first(),
        )

    @_transition(
        "Decline a referral",
        DeclineInputSerializer,
        "With a reason (and a note for “other”). What was sent is cleared at once.",
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, reference: str) -> Response:
        return self._do(DECLINE, DeclineInputSerializer)

    @_transition(
        "Withdraw a referral",
        VersionInputSerializer,
        "The sender, while it is a draft or unanswered. What was sent is cleared at once.",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, reference: str) -> Response:
        return self._do(WITHDRAW, VersionInputSerializer)

    @_transition(
        "Close an accepted referral",
        VersionInputSerializer,
        "Either side. What was sent is cleared; the receiver's own case goes on.",
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, reference: str) -> Response:
        return self._do(CLOSE, VersionInputSerializer)

    @extend_schema(
        summary="Send a referral in from a police or probation system",
        description=(
            "Service accounts only. Made and sent at once from your organisation: `person` may "
            "hold only fields of the categories the protocol in force lets flow to the "
            "receiver (any other is refused with 400, nothing sent). Say since when you hold "
            "her consent, or why you refer without it (flagged for the DPOs)."
        ),
        request=InboundInputSerializer,
        responses={201: ReferralSerializer, 400: None, 404: NOT_FOUND},
    )
    @action(detail=False, methods=["post"])
    def inbound(self, request: Request) -> Response:
        user = request.user
        if not (user.is_service_account and request.auth is not None):
            raise NotFound
        from_team = service_account_team(user)
        if from_team is None:
            raise NotFound
        data = _validated(InboundInputSerializer, request)
        to_service = visible_to(user, Service).filter(pk=data["to_service"]).first()
        if to_service is None:
            raise ValidationError({"to_service": [_("No service with this id.")]})
        referral = services.referral_inbound(
            actor=Actor.from_request(request),
            from_team=from_team,
            to_service=to_service,
            case_kind=data["case_kind"],
            person=dict(data["person"]),
            risk_level=data.get("risk_level") or "",
            summary=data.get("summary", ""),
            consent_stated_on=data.get("consent_given_on"),
            override_reason=data.get("override_reason", ""),
        )
        referral = selectors.referral_or_404(user, referral.reference)
        return self._answer(referral, referral_access(user, referral), 201)
