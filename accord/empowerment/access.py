"""Who reaches a woman's empowerment records: the survivor side of her case, as for her safety
plan — the owning team's case workers, the key worker, the service's managers, and a
partner-support worker on her own case. Never the programme side, the DPO (outside a
subject-access export), another organisation or the admin: a 404, as for a missing record."""

from django.db.models import QuerySet

from accord.access import registry
from accord.access.policy import AnyUser, owning_side_cases
from accord.cases.models import SURVIVOR_SIDE_KINDS, Case
from accord.empowerment.models import Mentorship, MentorshipMeeting, PlanGoal, ProfileSnapshot


def survivor_side_cases(user: AnyUser) -> QuerySet[Case]:
    """The survivor-side cases whose work the user reads."""
    return owning_side_cases(user).filter(kind__in=SURVIVOR_SIDE_KINDS)


@registry.register(ProfileSnapshot)
def profile_snapshots(user: AnyUser) -> QuerySet[ProfileSnapshot]:
    """Her socio-economic profile at entry, exit and follow-ups: the survivor side of her case
    only (the owning team, the key worker, the service's managers)."""
    return ProfileSnapshot.objects.filter(case__in=survivor_side_cases(user).values("pk"))


@registry.register(PlanGoal)
def plan_goals(user: AnyUser) -> QuerySet[PlanGoal]:
    """The goals of her individual empowerment plan: the survivor side of her case only."""
    return PlanGoal.objects.filter(case__in=survivor_side_cases(user).values("pk"))


@registry.register(Mentorship)
def mentorships(user: AnyUser) -> QuerySet[Mentorship]:
    """Her mentorship: the survivor side of her case only."""
    return Mentorship.objects.filter(case__in=survivor_side_cases(user).values("pk"))


@registry.register(MentorshipMeeting, through="mentorship")
def mentorship_meetings(user: AnyUser) -> QuerySet[MentorshipMeeting]:
    """A mentorship meeting: as its mentorship."""
    return MentorshipMeeting.objects.filter(mentorship__in=mentorships(user).values("pk"))
