"""Community mentors in the API (accord/community): the mentors a case worker may ask, a
mentor's own early contacts, accompaniments, and a case's accompaniments.

The same rules and services as the pages (accord/community/views.py): rows from `visible_to`
and the access functions of accord/community/access.py, every write through
accord/community/services.py (which validates and audits). A mentor reaches her own early
contacts and accompaniments, and of a woman's case only its reference and her first name; every
case endpoint answers 404 to her. A record the reader may not reach answers 404, as one that
does not exist.
"""

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accord.access.fields import Relation
from accord.access.policy import case_access, get_visible_or_404
from accord.api.casework_views import (
    CASE_REFERENCE,
    NOT_FOUND,
    NOT_YOURS_TO_WORK,
    _validated,
    case_in_url_or_404,
)
from accord.api.community_serializers import (
    AccompanimentInputSerializer,
    AccompanimentSerializer,
    CaseAccompanimentInputSerializer,
    EarlyContactInputSerializer,
    EarlyContactSerializer,
    MentorSerializer,
)
from accord.api.permissions import IsVerifiedPerson
from accord.api.schema import PersonsOnlySchema
from accord.audit.context import Actor
from accord.community import selectors, services
from accord.community.access import (
    AccompanimentAccess,
    access_accompaniment,
    is_mentor,
    mentor_team,
    mentors_for,
)
from accord.community.models import EarlyContact
from accord.community.services import MENTOR_NOT_OF_THE_CASE

# A list answers at most this many rows, newest first (as the pages do).
LIST_MAX = 200
MENTOR = Relation.ACCOMPANYING_MENTOR
ID = OpenApiParameter("pk", OpenApiTypes.INT, OpenApiParameter.PATH)


def _accompaniment(access: AccompanimentAccess) -> dict[str, Any]:
    item = access.accompaniment
    return AccompanimentSerializer(
        {
            "id": item.pk,
            "appointment_on": item.appointment_on,
            "destination": item.destination,
            "language": item.language,
            "interpreted": item.interpreted,
            "took_place": item.took_place,
            "mentor": item.mentor.get_full_name() or item.mentor.get_username(),
            "early_contact": item.early_contact_id,
            "case": item.case.reference if item.case is not None else None,
            "first_name": item.case.person.given_name if access.shows_first_name else None,
        }
    ).data


class _Base(APIView):
    permission_classes = [IsVerifiedPerson]
    schema = PersonsOnlySchema()

    def actor(self) -> Actor:
        return Actor.from_request(self.request)


def _mentor_or_404(request: Request) -> None:
    if not is_mentor(request.user):
        raise Http404


class MentorListView(_Base):
    @extend_schema(
        summary="Mentors you may ask to accompany a woman",
        description="The community mentors of your own organisations, with their profiles.",
        responses={200: MentorSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = []
        for user in mentors_for(request.user)[:LIST_MAX]:
            profile = getattr(user, "mentor_profile", None)
            rows.append(
                {
                    "pk": user.pk,
                    "get_full_name": user.get_full_name() or user.get_username(),
                    "languages": profile.languages if profile else [],
                    "communities": profile.communities if profile else [],
                    "availability": profile.availability if profile else "",
                }
            )
        return Response(MentorSerializer(rows, many=True).data)


class EarlyContactListView(_Base):
    @extend_schema(
        summary="Your early contacts",
        description="A mentor's own anonymous early contacts, newest first; nobody else's.",
        responses={200: EarlyContactSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.my_contacts(request.user).select_related("referral")[:LIST_MAX]
        return Response(EarlyContactSerializer(rows, many=True).data)

    @extend_schema(
        summary="Record an anonymous early contact",
        description="No name: there is nowhere to write one. Mentors only; 404 for anyone else.",
        request=EarlyContactInputSerializer,
        responses={201: EarlyContactSerializer, 404: NOT_FOUND},
    )
    def post(self, request: Request) -> Response:
        _mentor_or_404(request)
        team = mentor_team(request.user)
        if team is None:
            raise Http404
        data = _validated(EarlyContactInputSerializer, request)
        contact = services.early_contact_record(
            actor=self.actor(), mentor=request.user, team=team, **data
        )
        return Response(EarlyContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class EarlyContactView(_Base):
    @extend_schema(
        summary="One of your early contacts",
        parameters=[ID],
        responses={200: EarlyContactSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        found = get_visible_or_404(request.user, EarlyContact, pk=pk)
        return Response(EarlyContactSerializer(found).data)


class EarlyContactAccompanimentView(_Base):
    @extend_schema(
        summary="Accompany the woman of one of your early contacts",
        parameters=[ID],
        request=AccompanimentInputSerializer,
        responses={201: AccompanimentSerializer, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        found = get_visible_or_404(request.user, EarlyContact, pk=pk)
        data = _validated(AccompanimentInputSerializer, request)
        created = services.accompaniment_record(
            actor=self.actor(), mentor=request.user, early_contact=found, **data
        )
        return Response(
            _accompaniment(access_accompaniment(request.user, created.pk)),
            status=status.HTTP_201_CREATED,
        )


class AccompanimentListView(_Base):
    @extend_schema(
        summary="The accompaniments you go to",
        description=(
            "A mentor's accompaniments, newest first: of a woman's case, its reference and her "
            "first name only. Reading them is audited for each case named."
        ),
        responses={200: AccompanimentSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = list(selectors.my_accompaniments(request.user).select_related("mentor")[:LIST_MAX])
        for item in rows:
            if item.case is not None:
                services.accompaniment_viewed(actor=self.actor(), accompaniment=item)
        return Response(
            [
                _accompaniment(AccompanimentAccess(accompaniment=item, relation=MENTOR))
                for item in rows
            ]
        )


class AccompanimentView(_Base):
    @extend_schema(
        summary="An accompaniment",
        description="The mentor who goes, or whoever reaches the woman's case. Audited.",
        parameters=[ID],
        responses={200: AccompanimentSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        access = access_accompaniment(request.user, pk)
        if access.accompaniment.case is not None:
            services.accompaniment_viewed(actor=self.actor(), accompaniment=access.accompaniment)
        return Response(_accompaniment(access))


class CaseAccompanimentListView(_Base):
    def _case(self, request: Request, case_reference: str) -> tuple[Any, Any]:
        case = case_in_url_or_404(request.user, case_reference)
        access = case_access(request.user, case)
        if not access.may_work:
            raise Http404
        return case, access

    @extend_schema(
        summary="The case's accompaniments",
        description="For those who work the case; anyone else gets 404.",
        parameters=[CASE_REFERENCE],
        responses={200: AccompanimentSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, case_reference: str) -> Response:
        case, access = self._case(request, case_reference)
        rows = selectors.case_accompaniments(request.user, case.pk).select_related("case__person")[
            :LIST_MAX
        ]
        return Response(
            [
                _accompaniment(AccompanimentAccess(accompaniment=item, relation=access.relation))
                for item in rows
            ]
        )

    @extend_schema(
        summary="Ask a mentor to accompany her",
        description=(
            "A mentor of your own organisation (GET community/mentors/); she then reads the "
            "case's reference and the woman's first name, nothing else of the case."
        ),
        parameters=[CASE_REFERENCE],
        request=CaseAccompanimentInputSerializer,
        responses={201: AccompanimentSerializer, 403: NOT_YOURS_TO_WORK, 404: NOT_FOUND},
    )
    def post(self, request: Request, case_reference: str) -> Response:
        case, access = self._case(request, case_reference)
        data = dict(_validated(CaseAccompanimentInputSerializer, request))
        mentor = mentors_for(request.user).filter(pk=data.pop("mentor")).first()
        if mentor is None:
            raise ValidationError({"mentor": [str(MENTOR_NOT_OF_THE_CASE)]})
        created = services.accompaniment_record(
            actor=self.actor(), mentor=mentor, case=case, **data
        )
        created = selectors.case_accompaniments(request.user, case.pk).get(pk=created.pk)
        return Response(
            _accompaniment(AccompanimentAccess(accompaniment=created, relation=access.relation)),
            status=status.HTTP_201_CREATED,
        )
