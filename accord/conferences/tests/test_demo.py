"""The demo conference: Riverton's monthly MARAC, twelve cases over three meetings, two repeats,
actions open and overdue; seeding twice changes nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.conferences.models import (
    Action,
    ActionStatus,
    Conference,
    ConferenceMember,
    ConferenceReferral,
    Meeting,
)

pytestmark = pytest.mark.django_db


def test_the_demo_conference_is_seeded_once(demo_locality, settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    conference = Conference.objects.get(name="Riverton MARAC")
    assert ConferenceMember.objects.filter(conference=conference).count() == 7
    assert Meeting.objects.filter(conference=conference).count() == 3
    assert ConferenceReferral.objects.filter(conference=conference).count() == 12
    assert ConferenceReferral.objects.filter(is_repeat=True).count() == 2
    open_actions = Action.objects.filter(status=ActionStatus.OPEN)
    assert open_actions.filter(due_on__lt=timezone.localdate()).exists()
    assert open_actions.filter(due_on__gte=timezone.localdate()).exists()
    assert Action.objects.filter(status=ActionStatus.DONE).exists()
    events = AuditEvent.objects.count()
    call_command("seed_demo")
    assert AuditEvent.objects.count() == events
    assert ConferenceReferral.objects.count() == 12
