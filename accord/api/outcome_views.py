"""Empowerment paths and outcome questionnaires in the API (accord/empowerment,
accord/outcomes): the paths a trainer runs and a woman joining one; a case's time points,
answers and — on her case, for her worker only — the paired view; recording answers.

The same rules and services as the pages: a case the reader works (its owning side) or 404;
the programme never reaches her answers or the gap flags (they are on her case, which it does
not reach); every write through the app's services (which validate and audit); reading a case's
questionnaires is audited. Her own self-completion goes through her one-time link, never here.
"""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accord.access.policy import case_access, get_visible_or_404, visible_to
from accord.api.casework_views import CASE_REFERENCE, NOT_FOUND, _validated
from accord.api.outcome_serializers import (
    AnswersInputSerializer,
    CaseOutcomesSerializer,
    PathJoinSerializer,
    PathSerializer,
)
from accord.api.permissions import IsVerifiedPerson
from accord.api.schema import PersonsOnlySchema
from accord.audit.context import Actor
from accord.cases.models import Case, CaseKind
from accord.empowerment import paths
from accord.empowerment import selectors as empowerment
from accord.outcomes import definition, selectors, services
from accord.outcomes.models import OutcomeResponse
from accord.programmes.models import Programme, ProgrammeKind


class _Base(APIView):
    permission_classes = [IsVerifiedPerson]
    schema = PersonsOnlySchema()

    def actor(self) -> Actor:
        return Actor.from_request(self.request)


def _path(path: Programme, women: list[Any]) -> dict[str, Any]:
    return {
        "id": path.pk,
        "name": path.name,
        "format": path.description,
        "service": path.service.name,
        "modules": [
            {
                "position": module.position,
                "title": module.title,
                "sessions": module.sessions,
                "session_kind": module.session_kind,
            }
            for module in path.modules.all()
        ],
        "women": [enrolment.case.reference for enrolment in women],
    }


class PathListView(_Base):
    @extend_schema(
        summary="Empowerment paths",
        description="The training paths, their modules, and the women on them that you reach.",
        responses={200: PathSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        found = list(paths.paths_of(request.user).select_related("service"))
        women = paths.path_enrolments(request.user, found)
        return Response(PathSerializer([_path(p, women[p.pk]) for p in found], many=True).data)


class CasePathJoinView(_Base):
    @extend_schema(
        summary="She joins an empowerment path",
        description="On her survivor-side case, for those who work it; a path of its service.",
        parameters=[CASE_REFERENCE],
        request=PathJoinSerializer,
        responses={201: PathSerializer, 404: NOT_FOUND},
    )
    def post(self, request: Request, case_reference: str) -> Response:
        case = empowerment.case_for_work_or_404(request.user, case_reference)
        data = _validated(PathJoinSerializer, request)
        path = get_visible_or_404(
            request.user,
            Programme,
            pk=data["path"],
            kind=ProgrammeKind.EMPOWERMENT_PATH,
            service=case.team.service,
        )
        paths.path_join(actor=self.actor(), path=path, case=case)
        found = paths.paths_of(request.user).select_related("service").get(pk=path.pk)
        women = paths.path_enrolments(request.user, [found])[found.pk]
        return Response(PathSerializer(_path(found, women)).data, status=status.HTTP_201_CREATED)


def _worked_case(request: Request, reference: str) -> Case:
    case = selectors.case_for_work_or_404(request.user, reference)
    if not case_access(request.user, case).may_work:
        raise Http404
    return case


def _answers(response: OutcomeResponse) -> dict[str, Any]:
    return {
        "time_point": response.time_point,
        "answered_on": response.answered_on,
        "self_completed": response.self_completed,
        "scores": response.scores,
        "answers": response.answers,
    }


def _outcomes(request: Request, case: Case) -> dict[str, Any]:
    schedule = selectors.schedule_of(request.user, case)
    answers = visible_to(request.user, OutcomeResponse).filter(case=case).order_by("answered_on")
    paired = []
    if case.kind != CaseKind.PERPETRATOR_PROGRAMME:
        paired = [
            {
                "time_point": row.time_point.key,
                "due_on": row.due_on,
                "cells": [vars(cell) for cell in row.cells],
                "review_prompt": row.review_prompt,
            }
            for row in selectors.paired_view(request.user, case_access(request.user, case))
        ]
    return {
        "instrument": schedule.instrument_slug if schedule is not None else None,
        "time_points": [
            {
                "key": point.key,
                "label": str(point.label),
                "due_on": definition.due_on(schedule.start_on, point),
            }
            for point in definition.time_points()
        ]
        if schedule is not None
        else [],
        "answers": [_answers(response) for response in answers],
        "paired": paired,
    }


class CaseOutcomesView(_Base):
    @extend_schema(
        summary="The case's outcome questionnaires",
        description=(
            "Time points, the answers on this case and, on her case for her worker, the paired "
            "view (his scores beside hers, large gaps flagged). Those who work the case; anyone "
            "else, the programme on her case included, gets 404. Audited."
        ),
        parameters=[CASE_REFERENCE],
        responses={200: CaseOutcomesSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, case_reference: str) -> Response:
        case = _worked_case(request, case_reference)
        services.outcomes_viewed(actor=self.actor(), case=case)
        return Response(CaseOutcomesSerializer(_outcomes(request, case)).data)


class CaseOutcomeAnswersView(_Base):
    @extend_schema(
        summary="Record the answers of a time point",
        description=(
            "Answered with her or with him by the worker of the case. 400 naming each question "
            "out of range or unanswered, a date in the future or a time point already answered; "
            "404 when measurement has not started."
        ),
        parameters=[CASE_REFERENCE],
        request=AnswersInputSerializer,
        responses={201: CaseOutcomesSerializer, 404: NOT_FOUND},
    )
    def post(self, request: Request, case_reference: str) -> Response:
        case = _worked_case(request, case_reference)
        schedule = selectors.schedule_of(request.user, case)
        if schedule is None:
            raise Http404
        data = _validated(AnswersInputSerializer, request)
        services.outcome_response_record(
            actor=self.actor(),
            case=case,
            schedule=schedule,
            time_point=data["time_point"],
            answered_on=data.get("answered_on"),
            answers=data["answers"],
        )
        return Response(
            CaseOutcomesSerializer(_outcomes(request, case)).data, status=status.HTTP_201_CREATED
        )
