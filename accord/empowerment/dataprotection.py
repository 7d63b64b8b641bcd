"""Her economic-empowerment work on her case (socio-economic profiles, her plan's goals, her
mentorships and their meetings), for the DPO's subject-access export, retention and erasure
(accord/people/dpo_registry.py)."""

from django.db.models import Prefetch

from accord.empowerment.models import Mentorship, MentorshipMeeting, PlanGoal, ProfileSnapshot
from accord.people import dpo_registry
from accord.people.dpo_registry import CaseRecordKind

# In each case of the file, after the casework apps' own sections (accord/people/dpo_registry.py).
ORDER = 61

dpo_registry.register_case_records(
    CaseRecordKind(
        ProfileSnapshot,
        order=ORDER,
        held=lambda case: list(case.profile_snapshots.all()),
        prefetch=(
            Prefetch("profile_snapshots", ProfileSnapshot.objects.order_by("taken_on", "pk")),
        ),
    ),
    CaseRecordKind(
        PlanGoal,
        order=ORDER,
        held=lambda case: list(case.empowerment_goals.all()),
        prefetch=(Prefetch("empowerment_goals", PlanGoal.objects.order_by("pk")),),
    ),
    CaseRecordKind(
        Mentorship,
        order=ORDER,
        held=lambda case: list(case.mentorships.all()),
        prefetch=(Prefetch("mentorships", Mentorship.objects.order_by("started_on", "pk")),),
    ),
    CaseRecordKind(
        MentorshipMeeting,
        order=ORDER,
        to_case="mentorship__case",
        held=lambda case: [m for ship in case.mentorships.all() for m in ship.meetings.all()],
        prefetch=(
            Prefetch("mentorships__meetings", MentorshipMeeting.objects.order_by("met_on", "pk")),
        ),
    ),
)
