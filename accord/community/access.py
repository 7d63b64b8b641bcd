"""Who reaches a community mentor's records (docs/access-control.md, "Community mentors").

A mentor reaches her own early contacts and the accompaniments she makes; through an
accompaniment of a case, what the rule table's "community mentor accompanying her" column gives
— the case reference and the woman's first name, nothing of the case file. Her mentors' team
opens no case to her (the mentor is not a casework role, accord/access/roles.py): every case
page, case record and case endpoint answers 404 to her, exactly as one that does not exist
(docs/decisions/0073).
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from accord.access import registry
from accord.access.fields import FieldClass, Grant, RecordKind, Relation, rule_for
from accord.access.policy import (
    AnyUser,
    case_access,
    is_person,
    memberships_of,
    organisation_ids_of,
    visible_to,
)
from accord.accounts.models import Role, Team, User
from accord.cases.models import Case
from accord.community.models import Accompaniment, CoordinationMeeting, EarlyContact, MentorProfile

# Who reads a mentors' service's report and its coordination meetings.
COMMUNITY_ROLES = frozenset({Role.MENTOR, Role.MANAGER, Role.COORDINATOR})


@registry.register(MentorProfile)
def mentor_profiles(user: AnyUser) -> QuerySet[MentorProfile]:
    """A mentor's profile (her languages, communities, training, availability; nothing about
    any woman): the members of her own organisation, so that a case worker can find a mentor
    who speaks a woman's language — never another organisation's staff."""
    if not is_person(user):
        return MentorProfile.objects.none()
    return MentorProfile.objects.filter(user__in=mentors_for(user).values("pk")).select_related(
        "user"
    )


@registry.register(EarlyContact)
def early_contacts(user: AnyUser) -> QuerySet[EarlyContact]:
    """An anonymous early contact: the mentor who recorded it, nobody else — not her manager,
    not the DPO, not the service she referred to (the report counts them, suppressing small
    numbers)."""
    if not is_person(user):
        return EarlyContact.objects.none()
    return EarlyContact.objects.filter(mentor=user)


@registry.register(Accompaniment)
def accompaniments(user: AnyUser) -> QuerySet[Accompaniment]:
    """An accompaniment to an appointment: the mentor who goes (of the woman's case, the
    reference and her first name: the rule table's "community mentor accompanying her"), and,
    when it is for a woman's case, whoever reaches that case (her case workers, who asked for a
    mentor)."""
    if not is_person(user):
        return Accompaniment.objects.none()
    return Accompaniment.objects.filter(
        Q(mentor=user) | Q(case__in=visible_to(user, Case).values("pk"))
    )


@registry.register(CoordinationMeeting)
def coordination_meetings(user: AnyUser) -> QuerySet[CoordinationMeeting]:
    """A coordination meeting between services and community networks (no person data): the
    members of the organisation that recorded it and of every organisation present."""
    if not is_person(user):
        return CoordinationMeeting.objects.none()
    organisations = memberships_of(user).values("team__service__organisation_id")
    return CoordinationMeeting.objects.filter(
        Q(team__service__organisation_id__in=organisations) | Q(organisations__in=organisations)
    ).distinct()


def community_teams(user: AnyUser) -> QuerySet:
    """The teams whose community work (report, meetings) the user follows."""
    return memberships_of(user).filter(role__in=COMMUNITY_ROLES).values("team_id")


def is_mentor(user: AnyUser) -> bool:
    return memberships_of(user).filter(role=Role.MENTOR).exists()


def mentor_team(user: AnyUser) -> Team | None:
    """The team she records her contacts in: that of her first mentor membership."""
    membership = (
        memberships_of(user)
        .filter(role=Role.MENTOR)
        .select_related("team__service")
        .order_by("pk")
        .first()
    )
    return membership.team if membership is not None else None


def may_report(user: AnyUser) -> bool:
    """The contacts report (counts only, small ones suppressed): mentors, the managers and
    coordinators of a team where mentors work."""
    return memberships_of(user).filter(role__in=COMMUNITY_ROLES).exists()


@dataclass(frozen=True)
class AccompanimentAccess:
    """One reader and one accompaniment: how she reaches the woman's case through it."""

    accompaniment: Accompaniment
    # ACCOMPANYING_MENTOR for the mentor who goes; otherwise how she reaches the case.
    relation: Relation | None

    @property
    def shows_first_name(self) -> bool:
        """The woman's first name: "first name only" for the accompanying mentor, her identity
        class for anyone reaching the case."""
        if self.accompaniment.case_id is None:
            return False
        rule = rule_for(RecordKind.PERSON_AT_RISK, FieldClass.IDENTITY, self.relation)
        return rule.grant in {Grant.ALLOW, Grant.CONDITIONAL}


def access_accompaniment(user: AnyUser, pk: int) -> AccompanimentAccess:
    """The accompaniment `pk` and how the user stands to it, or Http404 (missing and not hers
    look alike)."""
    try:
        found = (
            visible_to(user, Accompaniment)
            .select_related("case__person", "case__team__service", "early_contact")
            .get(pk=pk)
        )
    except (Accompaniment.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
    if found.mentor_id == user.pk:
        return AccompanimentAccess(accompaniment=found, relation=Relation.ACCOMPANYING_MENTOR)
    if found.case is None:
        return AccompanimentAccess(accompaniment=found, relation=None)
    return AccompanimentAccess(accompaniment=found, relation=case_access(user, found.case).relation)


def mentors_for(user: AnyUser) -> QuerySet[User]:
    """The mentors a case worker may ask to accompany a woman: those of the organisations she
    belongs to — never another organisation's staff (a user of one organisation does not see
    who works for another)."""
    if not is_person(user):
        return User.objects.none()
    return (
        User.objects.filter(
            memberships__role=Role.MENTOR,
            memberships__team__service__organisation_id__in=organisation_ids_of(user),
            is_active=True,
            is_service_account=False,
        )
        .select_related("mentor_profile")
        .distinct()
        .order_by("first_name", "username")
    )
