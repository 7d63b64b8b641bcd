"""Risk work in the API: instruments (read only) and a case's assessments, under
/api/v1/instruments/ and /api/v1/cases/{case_reference}/assessments/.

The same rules as the risk pages (accord.risk.views), from the same places. Instruments are
reference data, not anyone's record: every verified account reads the shipped ones and its own
organisations', service accounts included, as for the directory. Assessments are her record: a
person's only (no token), reached through the case from `visible_to`, and only where the
reader's `CaseAccess` reads the risk class; a write also needs `may_work`. Anything else is 404,
exactly as for a missing assessment; unlike casework's 403, a reader who may not work the case
is not told that there is something to work on, as the pages do. Writes go through
accord.risk.services (which validate, score and audit); a stale version answers 409 with the
assessment as it is now. Reading the history or an assessment is audited.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accord.access.policy import CaseAccess, case_access
from accord.api import risk_serializers as s
from accord.api.casework_views import (
    CASE_REFERENCE,
    NOT_FOUND,
    UUID_PATTERN,
    CaseworkViewSet,
    _validated,
    case_in_url_or_404,
)
from accord.cases.models import Case
from accord.core.locking import StaleVersion
from accord.risk import selectors, services
from accord.risk.forms import ANSWER_PREFIX
from accord.risk.models import Assessment, Instrument, Occasion

ASSESSMENT_UID = OpenApiParameter("uid", OpenApiTypes.UUID, OpenApiParameter.PATH)


@extend_schema_view(
    list=extend_schema(
        summary="Risk instruments",
        description=(
            "The instruments Accord ships and your organisations' own, each with its definition "
            "as data; older versions are listed too (inactive), for the assessments answered "
            "with them."
        ),
    ),
    retrieve=extend_schema(
        summary="A risk instrument", responses={200: s.InstrumentSerializer, 404: NOT_FOUND}
    ),
)
class InstrumentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Instrument.objects.none()
    serializer_class = s.InstrumentSerializer
    # An id too long for a database integer is no instrument: 404, not an overflow in SQL.
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[Instrument]:
        return selectors.instruments_visible_to(self.request.user)


def _answer_errors(error: DjangoValidationError) -> ValidationError:
    """A service's refusal as a 400 body, with the answers' errors under `answers`, keyed by
    item key as the request sent them (the services name them as the page's form fields)."""
    if not hasattr(error, "error_dict"):
        return ValidationError({"detail": error.messages})
    errors: dict[str, Any] = {}
    answers = {}
    for field, messages in error.message_dict.items():
        if field.startswith(ANSWER_PREFIX):
            answers[field.removeprefix(ANSWER_PREFIX)] = messages
        else:
            errors[field] = messages
    if answers:
        errors["answers"] = answers
    return ValidationError(errors)


@extend_schema_view(
    list=extend_schema(
        summary="The case's risk assessments",
        description=(
            "Every assessment of the case, drafts included, newest first; answers only in an "
            "assessment's own detail. For readers of the case's risk (404 for anyone else). "
            "The read is audited."
        ),
        parameters=[CASE_REFERENCE],
        responses={200: s.AssessmentSummarySerializer(many=True), 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Start a risk assessment",
        description=(
            "A draft with an active instrument used for this kind of case. For those who work "
            "the case (404 for anyone else)."
        ),
        parameters=[CASE_REFERENCE],
        request=s.AssessmentStartInputSerializer,
        responses={201: s.AssessmentSerializer, 404: NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="A risk assessment and its answers",
        description="The read is audited.",
        parameters=[CASE_REFERENCE, ASSESSMENT_UID],
        responses={200: s.AssessmentSerializer, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Save a draft's answers",
        description=(
            "Replaces the answers; required ones may still be missing. Errors in answers come "
            "under `answers`, by item key. A complete assessment is not changed (400): start "
            "a new one to reassess. Send the version you read: if anyone saved the assessment "
            "since, nothing is saved and the answer is 409 with the assessment as it is now."
        ),
        parameters=[CASE_REFERENCE, ASSESSMENT_UID],
        request=s.AssessmentSaveInputSerializer,
        responses={200: s.AssessmentSerializer, 404: NOT_FOUND, 409: s.StaleAssessmentSerializer},
    ),
    complete=extend_schema(
        summary="Complete a risk assessment",
        description=(
            "Scores the answers: the level is the result, raised (never lowered) by a "
            "professional judgement with its reason. Every required answer must be given, "
            "those of the follow-up modules the answers open included: the missing ones come "
            "under `answers`, by item key (400). Schedules the next review and updates the "
            "case's level and conference criteria. Stale version: 409, as for a draft."
        ),
        parameters=[CASE_REFERENCE, ASSESSMENT_UID],
        request=s.AssessmentCompleteInputSerializer,
        responses={200: s.AssessmentSerializer, 404: NOT_FOUND, 409: s.StaleAssessmentSerializer},
    ),
)
class AssessmentViewSet(CaseworkViewSet):
    queryset = Assessment.objects.none()
    serializer_class = s.AssessmentSerializer
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN

    _access: CaseAccess | None = None

    def access(self, *, work: bool = False) -> CaseAccess:
        """The reader's access to the case, or 404 unless it reads the case's risk (and, to
        write, works the case), as `accord.risk.views._case_for_risk`."""
        if self._access is None:
            case = case_in_url_or_404(self.request.user, self.kwargs["case_reference"])
            self._access = case_access(self.request.user, case)
        if not (self._access.may_assess_risk() if work else self._access.reads_risk()):
            raise Http404
        return self._access

    def case(self, *, work: bool = False) -> Case:
        return self.access(work=work).case

    def assessment(self, uid: str, *, work: bool = False) -> Assessment:
        return selectors.case_assessment_or_404(self.case(work=work), uid)

    def stale_response(self, stale: StaleVersion) -> dict[str, Any]:
        """The 409 body (StaleAssessmentSerializer), given to the API's exception handler."""
        current = stale.current
        message = _(
            "Someone saved this assessment after you read it (it is now at version "
            "%(version)s). Nothing of your change was saved: look at the assessment as it is "
            "now and send your change again with this version."
        ) % {"version": current.version}
        return {"detail": message, "current": s.AssessmentSerializer(current).data}

    def list(self, request: Request, case_reference: str) -> Response:
        case = self.case()
        page = self.paginate_queryset(selectors.case_assessments(case))
        services.risk_viewed(actor=self.actor(), case=case)
        return self.get_paginated_response(s.AssessmentSummarySerializer(page, many=True).data)

    def create(self, request: Request, case_reference: str) -> Response:
        case = self.case(work=True)
        data = _validated(s.AssessmentStartInputSerializer, request)
        instrument = (
            selectors.instruments_visible_to(request.user).filter(pk=data["instrument"]).first()
        )
        if instrument is None:
            raise ValidationError({"instrument": [_("No instrument with this id.")]})
        try:
            started = services.assessment_start(
                actor=self.actor(),
                case=case,
                instrument=instrument,
                occasion=Occasion(data["occasion"]),
            )
        except DjangoValidationError as error:
            raise _answer_errors(error) from error
        return Response(s.AssessmentSerializer(started).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, case_reference: str, uid: str) -> Response:
        found = self.assessment(uid)
        services.assessment_viewed(actor=self.actor(), assessment=found)
        return Response(s.AssessmentSerializer(found).data)

    def partial_update(self, request: Request, case_reference: str, uid: str) -> Response:
        found = self.assessment(uid, work=True)
        data = _validated(s.AssessmentSaveInputSerializer, request)
        try:
            saved = services.assessment_save(
                actor=self.actor(),
                assessment=found,
                expected_version=data["version"],
                answers=data["answers"],
            )
        except DjangoValidationError as error:
            raise _answer_errors(error) from error
        return Response(s.AssessmentSerializer(saved).data)

    @action(detail=True, methods=["post"])
    def complete(self, request: Request, case_reference: str, uid: str) -> Response:
        found = self.assessment(uid, work=True)
        data = _validated(s.AssessmentCompleteInputSerializer, request)
        try:
            completed = services.assessment_complete(
                actor=self.actor(),
                assessment=found,
                expected_version=data["version"],
                answers=data["answers"],
                judgement_level=data.get("judgement_level"),
                judgement_reason=data.get("judgement_reason", ""),
            )
        except DjangoValidationError as error:
            raise _answer_errors(error) from error
        return Response(s.AssessmentSerializer(completed).data)
