"""Events and trainings: a series by RRULE, registrations by organisation (a count, no names),
and the iCalendar feed, parsed back."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accord.audit.context import Actor
from accord.knowledge.ical import occurrences
from accord.knowledge.models import EventKind, Registration
from accord.knowledge.services import attendance_record, event_create, registration_set
from accord.knowledge.tests.helpers import build_network
from accord.testing import client_for

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def network(world):
    return build_network(world)


def webinars(network, **extra):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    return event_create(
        actor=Actor.for_user(network.editor),
        hub=network.hub,
        kind=EventKind.WEBINAR,
        title="Partner contact webinars",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1, minutes=30),
        venue="online",
        recurrence="FREQ=MONTHLY;COUNT=6",
        **extra,
    )


def test_a_series_has_its_occurrences(network) -> None:
    event = webinars(network)
    starts = occurrences(event)
    assert len(starts) == 6
    assert starts[0] == event.starts_at


def test_a_series_must_end(network) -> None:
    with pytest.raises(ValidationError):
        event_create(
            actor=Actor.system(),
            hub=network.hub,
            kind=EventKind.WEBINAR,
            title="Forever",
            starts_at=datetime.datetime(2030, 1, 1, 10, tzinfo=UTC),
            ends_at=datetime.datetime(2030, 1, 1, 11, tzinfo=UTC),
            recurrence="FREQ=WEEKLY",
        )


def test_the_feed_parses_back_with_every_event(network) -> None:
    series = webinars(network)
    workshop = event_create(
        actor=Actor.system(),
        hub=network.hub,
        kind=EventKind.ANNUAL_WORKSHOP,
        title="Annual workshop",
        starts_at=datetime.datetime(2030, 5, 14, 9, tzinfo=UTC),
        ends_at=datetime.datetime(2030, 5, 16, 17, tzinfo=UTC),
        venue="Berlin",
    )
    response = Client().get(reverse("knowledge:event_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Partner contact webinars", "Annual workshop"}
    assert events["Partner contact webinars"]["rrule"]["COUNT"] == [6]
    assert events["Annual workshop"].decoded("dtstart") == workshop.starts_at
    assert str(events["Annual workshop"]["uid"]).startswith(str(workshop.uid))
    assert str(events["Partner contact webinars"]["location"]) == "online"
    assert series.uid != workshop.uid


def test_a_member_registers_places_within_the_limit(world, network) -> None:
    event = webinars(network, places=5)
    client = client_for(world.manager)
    url = reverse("knowledge:event", args=[event.pk])
    assert (
        client.post(url, {"organisation": world.womens_aid.pk, "participants": 3}).status_code
        == 302
    )
    refused = client_for(network.other_member).post(
        url, {"organisation": world.unrelated.pk, "participants": 3}
    )
    assert refused.status_code == 400
    assert Registration.objects.count() == 1
    registration = Registration.objects.get()
    attendance_record(actor=Actor.for_user(network.editor), registration=registration, attended=2)
    # the hub sees every registration; another member does not see Women's Aid A's
    assert "Women&#x27;s Aid A" in client_for(network.editor).get(url).content.decode()
    assert "Women&#x27;s Aid A" not in client_for(network.other_member).get(url).content.decode()


@pytest.mark.parametrize("who", ["caseworker", "outsider"])
def test_nobody_registers_for_an_organisation_she_does_not_represent(world, network, who) -> None:
    event = webinars(network)
    response = client_for(getattr(world, who)).post(
        reverse("knowledge:event", args=[event.pk]),
        {"organisation": world.womens_aid.pk, "participants": 1},
    )
    assert response.status_code in (400, 404)
    assert not Registration.objects.exists()
    with pytest.raises(ValidationError):
        registration_set(
            actor=Actor.system(), event=event, organisation=world.womens_aid, participants=0
        )


def test_events_are_public(network) -> None:
    event = webinars(network)
    assert Client().get(reverse("knowledge:events")).status_code == 200
    assert Client().get(reverse("knowledge:event", args=[event.pk])).status_code == 200
    assert Client().post(reverse("knowledge:event", args=[event.pk]), {}).status_code == 404
