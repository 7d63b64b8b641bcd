"""Who reaches a community mentor's records (docs/access-control.md, "Community mentors").

A mentor reaches her own early contacts and the accompaniments she makes — through them, of the
woman she accompanies, the case reference and her first name, nothing of the case file — and
the cases of her own mentors' team (opened to refer a woman who agreed). Every other case answers
404 to her, exactly as one that does not exist (the casework rules in accord/access/policy.py
give her no other reach).
"""

from django.db.models import Q, QuerySet

from accord.access import registry
from accord.access.policy import AnyUser, is_person, memberships_of, visible_to
from accord.accounts.models import Role, Team
from accord.cases.models import Case
from accord.community.models import Accompaniment, CoordinationMeeting, EarlyContact, MentorProfile

# Who reads a mentors' service's report and its coordination meetings.
COMMUNITY_ROLES = frozenset({Role.MENTOR, Role.MANAGER, Role.COORDINATOR})


@registry.register(MentorProfile)
def mentor_profiles(user: AnyUser) -> QuerySet[MentorProfile]:
    """A mentor's profile (her languages, communities, training, availability; nothing about
    any woman): every signed-in person, so that a case worker can find a mentor who speaks a
    woman's language."""
    if not is_person(user):
        return MentorProfile.objects.none()
    return MentorProfile.objects.select_related("user")


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
    """An accompaniment to an appointment: the mentor who goes, and, when it is for a woman's
    case, whoever reaches that case (her case workers, who asked for a mentor)."""
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
