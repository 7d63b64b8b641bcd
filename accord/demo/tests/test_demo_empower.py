from django.core.management import call_command

from accord.audit.models import AuditEvent
from accord.community.models import Accompaniment, CoordinationMeeting, EarlyContact
from accord.empowerment.models import ProfileSnapshot
from accord.outcomes.models import OutcomeResponse, OutcomeSchedule
from accord.programmes.models import Enrolment, Programme
from accord.referrals.models import Referral

MODELS = [
    EarlyContact,
    Accompaniment,
    CoordinationMeeting,
    Referral,
    ProfileSnapshot,
    Programme,
    Enrolment,
    OutcomeSchedule,
    OutcomeResponse,
    AuditEvent,
]


def test_it_seeds_mentors_paths_and_outcomes_once(demo_locality, settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    first = [model.objects.count() for model in MODELS]
    call_command("seed_demo")
    assert [model.objects.count() for model in MODELS] == first
    assert EarlyContact.objects.filter(mentor__username="mentor").count() == 6
    assert EarlyContact.objects.exclude(referral=None).count() == 1
    group = Programme.objects.get(name="Tuesday empowerment group")
    assert group.enrolments.count() == 8
    assert Programme.objects.get(name="One-to-one empowerment path").enrolments.count() == 2
    assert ProfileSnapshot.objects.count() == 20
    assert OutcomeSchedule.objects.count() == 2
    assert OutcomeResponse.objects.filter(respondent="her").exists()
