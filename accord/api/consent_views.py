"""A person's consents in the API: /api/v1/cases/{case_reference}/consents/ and
/api/v1/cases/{case_reference}/consents/{uid}/withdraw/.

The same rules as the UI, from the same places: the case comes from `visible_to`; the consents
of its person are shown where the reader's `CaseAccess.reads_records(Consent)` (the owning side of
the case, and the DPO), and anyone else gets 404, exactly as for a missing case. Recording and
withdrawing go through accord.people.services (which validate and audit), and only where
`may_write_records(Consent)`; a reader who may not (the DPO) gets 403, as on every casework
endpoint. Reading the list is audited.
"""

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from accord.access.policy import CaseAccess, case_access
from accord.accounts.models import Organisation, ServiceKind
from accord.api.casework_views import (
    CASE_REFERENCE,
    NOT_FOUND,
    NOT_YOURS_TO_WORK,
    UUID_PATTERN,
    _validated,
    case_in_url_or_404,
)
from accord.api.permissions import IsVerifiedPerson
from accord.api.schema import PersonsOnlySchema
from accord.audit.context import Actor
from accord.people import selectors, services
from accord.people.models import (
    CONSENT_NAME_MAX,
    CONSENT_NOTE_MAX,
    Consent,
    ConsentAnswer,
    ConsentGiver,
    ConsentMethod,
    ConsentScope,
)
from accord.people.selectors import ConsentLine, ConsentState

# --- serializers ----------------------------------------------------------------------------------


def _choices(choices: list[tuple[str, str]], **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices, **kwargs)


class ConsentSerializer(serializers.Serializer):
    uid = serializers.UUIDField(source="consent.uid")
    scope = _choices(ConsentScope.choices, source="consent.scope")
    organisation = serializers.IntegerField(
        source="consent.organisation_id",
        allow_null=True,
        help_text="For a referral to an organisation: its id; else null.",
    )
    service_kind = _choices(
        ServiceKind.choices,
        source="consent.service_kind",
        allow_blank=True,
        help_text="For a referral to a kind of service; else empty.",
    )
    given_by = _choices(ConsentGiver.choices, source="consent.given_by")
    answer = _choices(
        ConsentAnswer.choices,
        source="consent.answer",
        help_text="What she answered: given, or refused (nothing is ever shared on a refusal).",
    )
    caregiver_name = serializers.CharField(source="consent.caregiver_name", allow_null=True)
    method = _choices(ConsentMethod.choices, source="consent.method")
    witness_name = serializers.CharField(source="consent.witness_name", allow_null=True)
    given_on = serializers.DateField(source="consent.given_on")
    expires_on = serializers.DateField(
        source="consent.expires_on",
        allow_null=True,
        help_text="The last day on which it holds; null: until withdrawn.",
    )
    consent_state = _choices(ConsentState.choices, source="state", help_text="Its state today.")
    recorded_by = serializers.CharField(source="consent.recorded_by.username")
    recorded_at = serializers.DateTimeField(source="consent.recorded_at")
    recorded_on_case = serializers.CharField(
        source="consent.recorded_on_case.reference", allow_null=True, default=None
    )
    withdrawn_at = serializers.DateTimeField(source="consent.withdrawn_at", allow_null=True)
    withdrawn_by = serializers.CharField(
        source="consent.withdrawn_by.username", allow_null=True, default=None
    )
    withdrawal_note = serializers.CharField(source="consent.withdrawal_note", allow_null=True)


class ConsentInputSerializer(serializers.Serializer):
    scope = _choices(ConsentScope.choices)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text="Only for a referral to an organisation.",
    )
    service_kind = _choices(ServiceKind.choices, required=False, allow_blank=True)
    given_by = _choices(ConsentGiver.choices)
    answer = _choices(
        ConsentAnswer.choices,
        required=False,
        help_text=(
            "given (the default) or refused: a refusal is recorded on the day she was asked, "
            "with no expires_on, and nothing is shared on it."
        ),
    )
    caregiver_name = serializers.CharField(
        max_length=CONSENT_NAME_MAX,
        required=False,
        allow_blank=True,
        help_text="Required when a caregiver gave it.",
    )
    method = _choices(ConsentMethod.choices)
    witness_name = serializers.CharField(
        max_length=CONSENT_NAME_MAX,
        required=False,
        allow_blank=True,
        help_text="Required for verbal consent.",
    )
    given_on = serializers.DateField(help_text="Not in the future.")
    expires_on = serializers.DateField(
        required=False, allow_null=True, help_text="Its last valid day, after given_on."
    )


class ConsentWithdrawSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=CONSENT_NOTE_MAX, required=False, allow_blank=True)


# --- views ----------------------------------------------------------------------------------------

CONSENT_UID = OpenApiParameter("uid", OpenApiTypes.UUID, OpenApiParameter.PATH)


@extend_schema_view(
    list=extend_schema(
        summary="The person's consents",
        description=(
            "Every consent of the case's person, current and past, newest first, with its state "
            "today. The owning side of the case and the DPO; anyone else gets 404. Audited."
        ),
        parameters=[CASE_REFERENCE],
        responses={200: ConsentSerializer(many=True), 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Record a consent",
        description=(
            "A consent as it was given, or a refusal (answer: refused). For a child: a "
            "caregiver's consent and the child's own assent, each its own record. 400 with the "
            "rule that was broken."
        ),
        parameters=[CASE_REFERENCE],
        request=ConsentInputSerializer,
        responses={201: ConsentSerializer, 403: NOT_YOURS_TO_WORK, 404: NOT_FOUND},
    ),
    withdraw=extend_schema(
        summary="Withdraw a consent",
        description=(
            "Effective at once: nothing more is shared on it. 400 if already withdrawn or a "
            "refusal."
        ),
        parameters=[CASE_REFERENCE, CONSENT_UID],
        request=ConsentWithdrawSerializer,
        responses={200: ConsentSerializer, 403: NOT_YOURS_TO_WORK, 404: NOT_FOUND},
    ),
)
class ConsentViewSet(viewsets.GenericViewSet):
    permission_classes = [IsVerifiedPerson]
    schema = PersonsOnlySchema()
    queryset = Consent.objects.none()
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN
    _access: CaseAccess | None = None

    def access(self) -> CaseAccess:
        """The case and the reader's access to its person's consents, decided once."""
        if self._access is None:
            case = case_in_url_or_404(self.request.user, self.kwargs["case_reference"])
            access = case_access(self.request.user, case)
            if not access.reads_records(Consent):
                raise Http404
            self._access = access
        return self._access

    def recordable(self) -> CaseAccess:
        access = self.access()
        if not access.may_write_records(Consent):
            raise PermissionDenied(NOT_YOURS_TO_WORK.description)
        return access

    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def line(self, consent: Consent) -> dict[str, Any]:
        state = selectors.consent_state(consent, timezone.localdate())
        return ConsentSerializer(ConsentLine(consent, state)).data

    def list(self, request: Request, case_reference: str) -> Response:
        access = self.access()
        person = access.case.person
        services.consents_viewed(actor=self.actor(), person=person, case=access.case)
        lines: list[ConsentLine] = selectors.person_consents(person)
        page = self.paginate_queryset(lines)
        return self.get_paginated_response(ConsentSerializer(page, many=True).data)

    def create(self, request: Request, case_reference: str) -> Response:
        access = self.recordable()
        data = _validated(ConsentInputSerializer, request)
        consent = services.consent_record(
            actor=self.actor(), person=access.case.person, case=access.case, **data
        )
        return Response(self.line(consent), status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, case_reference: str, uid: str) -> Response:
        access = self.recordable()
        consent = selectors.consent_of_person_or_404(access.case.person, uid)
        data = _validated(ConsentWithdrawSerializer, request)
        withdrawn = services.consent_withdraw(actor=self.actor(), consent=consent, **data)
        return Response(self.line(withdrawn))
