"""Casework endpoints: cases, the persons and households reached through them, and each case's
incidents, notes and tasks (issue "Casework core", item 9).

The same rules as the UI, from the same places: every queryset starts from
`accord.access.policy.visible_to`, so a record the reader may not see answers 404 exactly as a
missing one; every field printed is one the reader's `CaseAccess` reads
(accord.api.casework_serializers); every write goes through a service (which validates and
audits) and only when the access says the reader works the case. Reads of a person's record
are audited (case.viewed, person.viewed).

The schema's summaries and descriptions are developer documentation, in English like the
docstrings drf-spectacular also shows; the messages a client may show its user are translated.

URLs: incidents, notes and tasks are nested under their case
(`/cases/{case_reference}/notes/`), so the case's access is decided once, before anything of it
is read.
"""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accord.access.fields import FieldClass
from accord.access.policy import (
    CaseAccess,
    case_access,
    case_accesses,
    case_workers,
    may_open_case,
    visible_to,
)
from accord.accounts.models import Team, User
from accord.api import casework_serializers as s
from accord.api.permissions import IsVerifiedPerson
from accord.api.schema import PersonsOnlySchema
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, CaseStatus, Incident, Note, NoteVisibility, Task
from accord.core.locking import StaleVersion
from accord.people import services as people
from accord.people.models import Household, Person
from accord.people.selectors import relationships_in_household

UUID_PATTERN = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
# References are made of capitals, digits and a dash (accord.core.references).
REFERENCE_PATTERN = "[A-Za-z0-9-]{1,20}"

CASE_REFERENCE = OpenApiParameter(
    "case_reference",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The case's reference.",
)
NOT_FOUND = OpenApiResponse(
    description="No such record, or not one you may see: the two look alike."
)
NOT_YOURS_TO_WORK = OpenApiResponse(description="You may read this case but not work on it.")


def _case_queryset(user: Any) -> QuerySet[Case]:
    # What the serializers read: team, key worker, household and person come in the same query.
    return visible_to(user, Case).select_related(
        "person", "team__service", "key_worker", "household"
    )


def _readable_access(user: Any, case: Case) -> CaseAccess:
    """The reader's access to a case she reaches; 404 if it shows her nothing at all (the
    policy's queryset and its field rules agree today; this keeps them agreeing)."""
    access = case_access(user, case)
    if not access.reads(FieldClass.ADMINISTRATIVE):
        raise Http404
    return access


def _require_work(access: CaseAccess) -> None:
    if not access.may_work:
        raise PermissionDenied(_("You may read this case but not work on it."))


def _validated(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _case_worker(team: Team, user_id: int, field: str) -> User:
    """A user who may work the team's cases, or 400 naming the field: naming anyone else would
    open the case to her."""
    worker = case_workers(team).filter(pk=user_id).first()
    if worker is None:
        raise ValidationError({field: [_("Choose someone who works this team's cases.")]})
    return worker


def _case_data(user: Any, case: Case) -> dict[str, Any]:
    return s.CaseSerializer(case, context={"access": case_access(user, case)}).data


class CaseworkViewSet(viewsets.GenericViewSet):
    permission_classes = [IsVerifiedPerson]
    schema = PersonsOnlySchema()

    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    def get_object(self) -> Any:
        # DRF's own 404 names the model ("No Case matches…"); ours reads the same for every
        # record, missing or forbidden.
        lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}
        obj = self.filter_queryset(self.get_queryset()).filter(**lookup).first()
        if obj is None:
            raise Http404
        self.check_object_permissions(self.request, obj)
        return obj


@extend_schema_view(
    list=extend_schema(
        summary="Your cases",
        description=(
            "The cases you work or oversee, newest first, each with the fields your access "
            "allows. The person is summarised (uid and name, where you may read them)."
        ),
        responses=s.CaseListSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="A case and its person",
        description=(
            "The case and its person, with the fields your access allows; never the real "
            "address. The read is audited."
        ),
        responses={200: s.CaseSerializer, 404: NOT_FOUND},
    ),
)
class CaseViewSet(CaseworkViewSet):
    queryset = Case.objects.none()
    lookup_field = "reference"
    lookup_value_regex = REFERENCE_PATTERN
    filterset_fields = ["status", "kind"]

    def get_queryset(self) -> QuerySet[Case]:
        return _case_queryset(self.request.user).order_by("-opened_on", "-pk")

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        accesses = case_accesses(request.user, page)
        shown = [case for case in page if accesses[case.pk].reads(FieldClass.ADMINISTRATIVE)]
        data = s.CaseListSerializer(shown, many=True, context={"accesses": accesses}).data
        return self.get_paginated_response(data)

    def retrieve(self, request: Request, reference: str) -> Response:
        case = self.get_object()
        access = _readable_access(request.user, case)
        cases.case_viewed(actor=self.actor(), case=case)
        return Response(s.CaseSerializer(case, context={"access": access}).data)

    @extend_schema(
        summary="Open a case",
        description=(
            "Open a case in a team whose cases you work, for an existing person (her uid) or a "
            "new one (person_details), optionally in an existing household."
        ),
        request=s.CaseOpenSerializer,
        responses={201: s.CaseSerializer},
    )
    def create(self, request: Request) -> Response:
        data = _validated(s.CaseOpenSerializer, request)
        user = request.user
        actor = self.actor()
        with transaction.atomic():
            team = visible_to(user, Team).filter(pk=data["team"]).first()
            if team is None or not may_open_case(user, team):
                raise ValidationError({"team": [_("No team with this id whose cases you work.")]})
            if "key_worker" not in data:
                key_worker: User | None = user
            elif data["key_worker"] is None:
                key_worker = None
            else:
                key_worker = _case_worker(team, data["key_worker"], "key_worker")
            household = None
            if "household" in data:
                household = visible_to(user, Household).filter(reference=data["household"]).first()
                if household is None:
                    raise ValidationError(
                        {"household": [_("No household with this reference that you reach.")]}
                    )
            person = None
            if "person" in data:
                person = visible_to(user, Person).filter(uid=data["person"]).first()
                if person is None:
                    raise ValidationError(
                        {"person": [_("No person with this uid that your team holds.")]}
                    )
            case = cases.case_intake(
                actor=actor,
                kind=data["kind"],
                team=team,
                person=person,
                person_fields=None if person is not None else data["person_details"],
                household=household,
                relationship=data.get("relationship"),
                key_worker=key_worker,
                opened_on=data.get("opened_on"),
                partner_first_name_as_given=data.get("partner_first_name_as_given", ""),
            )
        return Response(_case_data(user, case), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change the key worker or the status",
        description=(
            "Put the case on hold or reopen it, or give it another key worker. Send the version "
            "you read: if someone saved the case since, nothing is saved and the answer is 409 "
            "with the case as it is now."
        ),
        request=s.CaseUpdateSerializer,
        responses={
            200: s.CaseSerializer,
            403: NOT_YOURS_TO_WORK,
            404: NOT_FOUND,
            409: s.StaleCaseSerializer,
        },
    )
    def partial_update(self, request: Request, reference: str) -> Response:
        case = self.get_object()
        _require_work(_readable_access(request.user, case))
        data = _validated(s.CaseUpdateSerializer, request)
        if "key_worker" not in data:
            key_worker = case.key_worker
        elif data["key_worker"] is None:
            key_worker = None
        else:
            key_worker = _case_worker(case.team, data["key_worker"], "key_worker")
        updated = cases.case_update(
            actor=self.actor(),
            case=case,
            expected_version=data["version"],
            key_worker=key_worker,
            status=CaseStatus(data.get("status", case.status)),
        )
        return Response(_case_data(request.user, updated))

    @extend_schema(
        summary="Close the case",
        description="Close the case with a reason. Send the version you read (409 if stale).",
        request=s.CaseCloseSerializer,
        responses={
            200: s.CaseSerializer,
            403: NOT_YOURS_TO_WORK,
            404: NOT_FOUND,
            409: s.StaleCaseSerializer,
        },
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, reference: str) -> Response:
        case = self.get_object()
        _require_work(_readable_access(request.user, case))
        data = _validated(s.CaseCloseSerializer, request)
        closed = cases.case_close(
            actor=self.actor(),
            case=case,
            expected_version=data["version"],
            reason=data["reason"],
            closed_on=data.get("closed_on"),
        )
        return Response(_case_data(self.request.user, closed))

    def stale_response(self, stale: StaleVersion) -> dict[str, Any]:
        """The 409 body (StaleCaseSerializer), given to the API's exception handler."""
        current = stale.current
        message = _(
            "Someone saved this case after you read it (it is now at version %(version)s). "
            "Nothing of your change was saved: look at the case as it is now and send your "
            "change again with this version."
        ) % {"version": current.version}
        return {"detail": message, "current": _case_data(self.request.user, current)}


def case_in_url_or_404(user: Any, reference: str) -> Case:
    """The case a nested endpoint's URL names, or 404 when the user does not reach it."""
    case = _case_queryset(user).filter(reference=reference).first()
    if case is None:
        raise Http404
    return case


class CaseChildViewSet(CaseworkViewSet):
    """Something of one case: its access is decided once, from the case's reference."""

    _case: Case | None = None
    _access: CaseAccess | None = None

    def case(self) -> Case:
        if self._case is None:
            case = case_in_url_or_404(self.request.user, self.kwargs["case_reference"])
            self._case = case
        return self._case

    def access(self) -> CaseAccess:
        if self._access is None:
            self._access = _readable_access(self.request.user, self.case())
        return self._access

    def rows(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return self.rows()

    def list(self, request: Request, case_reference: str) -> Response:
        rows = self.get_queryset()
        page = self.paginate_queryset(rows)
        # Her notes, incidents and tasks are part of her record: reading them is audited.
        cases.case_viewed(actor=self.actor(), case=self.case())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create_with(self, request: Request, input_class: type, write: Any) -> Response:
        self.case()
        _require_work(self.access())
        data = _validated(input_class, request)
        created = write(self.actor(), data)
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="The case's incidents",
        description=(
            "Incidents are disclosure: listed only for readers whose access reads her account "
            "(an empty list otherwise). The read is audited."
        ),
        parameters=[CASE_REFERENCE],
        responses={200: s.IncidentSerializer(many=True), 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Record an incident",
        parameters=[CASE_REFERENCE],
        request=s.IncidentInputSerializer,
        responses={201: s.IncidentSerializer, 403: NOT_YOURS_TO_WORK, 404: NOT_FOUND},
    ),
)
class IncidentViewSet(CaseChildViewSet):
    queryset = Incident.objects.none()
    serializer_class = s.IncidentSerializer

    def rows(self) -> QuerySet[Incident]:
        rows = visible_to(self.request.user, Incident).filter(case=self.case())
        if not self.access().reads_records(Incident):
            rows = rows.none()
        return rows.select_related("recorded_by").order_by("-occurred_on", "-recorded_at", "-pk")

    def create(self, request: Request, case_reference: str) -> Response:
        def write(actor: Actor, data: dict[str, Any]) -> Incident:
            return cases.incident_record(actor=actor, case=self.case(), **data)

        return self.create_with(request, s.IncidentInputSerializer, write)


@extend_schema_view(
    list=extend_schema(
        summary="The case's notes",
        description=(
            "The notes your access lets you read (CaseAccess.reads_row); the others are left "
            "out. The read is audited."
        ),
        parameters=[CASE_REFERENCE],
        responses={200: s.NoteSerializer(many=True), 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Add a note",
        parameters=[CASE_REFERENCE],
        request=s.NoteInputSerializer,
        responses={201: s.NoteSerializer, 403: NOT_YOURS_TO_WORK, 404: NOT_FOUND},
    ),
)
class NoteViewSet(CaseChildViewSet):
    queryset = Note.objects.none()
    serializer_class = s.NoteSerializer

    def rows(self) -> QuerySet[Note]:
        access = self.access()
        # reads_row decides by a note's visibility alone: ask it once per visibility.
        readable = [v for v in NoteVisibility.values if access.reads_row(Note(visibility=v))]
        rows = visible_to(self.request.user, Note).filter(case=self.case(), visibility__in=readable)
        return rows.select_related("author").order_by("-written_at", "-pk")

    def create(self, request: Request, case_reference: str) -> Response:
        def write(actor: Actor, data: dict[str, Any]) -> Note:
            return cases.note_add(actor=actor, case=self.case(), **data)

        return self.create_with(request, s.NoteInputSerializer, write)


@extend_schema_view(
    list=extend_schema(
        summary="The case's tasks",
        description="Open tasks first, by due date. The read is audited.",
        parameters=[CASE_REFERENCE],
        responses={200: s.TaskSerializer(many=True), 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Add a task",
        parameters=[CASE_REFERENCE],
        request=s.TaskInputSerializer,
        responses={201: s.TaskSerializer, 403: NOT_YOURS_TO_WORK, 404: NOT_FOUND},
    ),
    complete=extend_schema(
        summary="Mark a task done",
        description="Done once: completing a done task changes nothing.",
        parameters=[
            CASE_REFERENCE,
            OpenApiParameter("uid", OpenApiTypes.UUID, OpenApiParameter.PATH),
        ],
        request=None,
        responses={200: s.TaskSerializer, 403: NOT_YOURS_TO_WORK, 404: NOT_FOUND},
    ),
)
class TaskViewSet(CaseChildViewSet):
    queryset = Task.objects.none()
    serializer_class = s.TaskSerializer
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN

    def rows(self) -> QuerySet[Task]:
        rows = visible_to(self.request.user, Task).filter(case=self.case())
        if not self.access().reads(FieldClass.ADMINISTRATIVE):
            rows = rows.none()
        return rows.select_related("assignee").order_by("done_at", "due_on", "pk")

    def create(self, request: Request, case_reference: str) -> Response:
        def write(actor: Actor, data: dict[str, Any]) -> Task:
            case = self.case()
            if "assignee" in data:
                assignee = _case_worker(case.team, data["assignee"], "assignee")
            else:
                assignee = _case_worker(case.team, request.user.pk, "assignee")
            return cases.task_add(
                actor=actor,
                case=case,
                title=data["title"],
                due_on=data["due_on"],
                assignee=assignee,
            )

        return self.create_with(request, s.TaskInputSerializer, write)

    @action(detail=True, methods=["post"])
    def complete(self, request: Request, case_reference: str, uid: str) -> Response:
        task = self.get_object()
        _require_work(self.access())
        done = cases.task_complete(actor=self.actor(), task=task)
        return Response(self.get_serializer(done).data)


@extend_schema_view(
    retrieve=extend_schema(
        summary="A person",
        description=(
            "A person you reach through one or more cases, with the fields the most permissive "
            "of those cases' accesses allows, and the cases themselves; never the real address. "
            "The read is audited."
        ),
        responses={200: s.PersonDetailSerializer, 404: NOT_FOUND},
    ),
)
class PersonViewSet(CaseworkViewSet):
    queryset = Person.objects.none()
    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN

    def get_queryset(self) -> QuerySet[Person]:
        return visible_to(self.request.user, Person)

    def retrieve(self, request: Request, uid: str) -> Response:
        person = self.get_object()
        reached = list(_case_queryset(request.user).filter(person=person).order_by("-opened_on"))
        accesses = case_accesses(request.user, reached)
        shown = [case for case in reached if accesses[case.pk].reads(FieldClass.ADMINISTRATIVE)]
        if not shown:
            raise Http404
        people.person_viewed(actor=self.actor(), person=person)
        context = {"access": s.CombinedAccess(accesses[case.pk] for case in shown), "cases": shown}
        return Response(s.PersonDetailSerializer(person, context=context).data)


@extend_schema_view(
    retrieve=extend_schema(
        summary="A household",
        description=(
            "The household's cases you reach, each with its person's uid and place in the "
            "household. Nothing else of the household is shown: the other side of the barrier "
            "stays out of sight."
        ),
        responses={200: s.HouseholdSerializer, 404: NOT_FOUND},
    ),
)
class HouseholdViewSet(CaseworkViewSet):
    queryset = Household.objects.none()
    lookup_field = "reference"
    lookup_value_regex = REFERENCE_PATTERN

    def get_queryset(self) -> QuerySet[Household]:
        return visible_to(self.request.user, Household)

    def retrieve(self, request: Request, reference: str) -> Response:
        household = self.get_object()
        reached = list(
            _case_queryset(request.user).filter(household=household).order_by("opened_on", "pk")
        )
        accesses = case_accesses(request.user, reached)
        shown = [case for case in reached if accesses[case.pk].reads(FieldClass.ADMINISTRATIVE)]
        if not shown:
            raise Http404
        relationships = relationships_in_household(
            household, person_ids=[case.person_id for case in shown]
        )
        data = {
            "reference": household.reference,
            "created_at": household.created_at,
            "cases": [
                {
                    "reference": case.reference,
                    "kind": case.kind,
                    "status": case.status,
                    "person": case.person.uid,
                    "relationship": relationships.get(case.person_id),
                }
                for case in shown
            ],
        }
        return Response(s.HouseholdSerializer(data).data)
