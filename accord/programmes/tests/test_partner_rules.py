"""Her partner contact's rules: never worked by one of his facilitators, only within her safe
times, on a schedule through the programme, its window and the follow-ups the programme sets;
safety information released after a delay and in weekly batches."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accord.audit.context import Actor
from accord.programmes import partner_contact, services
from accord.programmes.models import (
    EnrolmentStatus,
    Group,
    PartnerContact,
    SafetyInformation,
)
from accord.programmes.partner_contact import contact_schedule, release_after
from accord.programmes.tests.helpers import ProgrammeWorld
from accord.testing import World, client_for

AN_HOUR_AGO = datetime.timedelta(hours=1)


# --- a partner-support worker who facilitates his group ---------------------------------------


def _make_her_worker_his_facilitator(pw: ProgrammeWorld) -> None:
    # A facilitator who falls ill is replaced: the group's co-facilitator is now her worker.
    Group.objects.filter(pk=pw.group.pk).update(co_facilitator=pw.partner_worker)
    pw.link.enrolment.refresh_from_db()


def test_his_facilitator_may_not_work_his_partners_contact(pw: ProgrammeWorld) -> None:
    _make_her_worker_his_facilitator(pw)
    actor = Actor.for_user(pw.partner_worker)
    with pytest.raises(ValidationError, match="You facilitate his group"):
        partner_contact.partner_contact_record(
            actor=actor,
            link=pw.link,
            at=timezone.now() - AN_HOUR_AGO,
            channel="phone",
            outcome="spoke",
            within_safe_times=True,
        )
    with pytest.raises(ValidationError, match="You facilitate his group"):
        partner_contact.safety_information_record(
            actor=actor, link=pw.link, category="threats", urgency="soon", text="He asked."
        )
    with pytest.raises(ValidationError, match="You facilitate his group"):
        partner_contact.partner_channels_set(actor=actor, link=pw.link, channels=["phone"])
    assert not PartnerContact.objects.exists()
    assert not SafetyInformation.objects.exists()


def test_the_partner_page_refuses_his_facilitator_with_a_clear_message(
    pw: ProgrammeWorld,
) -> None:
    _make_her_worker_his_facilitator(pw)
    client = client_for(pw.partner_worker)
    at = (timezone.localtime() - AN_HOUR_AGO).strftime("%Y-%m-%dT%H:%M")
    contact = client.post(
        reverse("programmes:partner_contact", args=[pw.link.pk]),
        {"at": at, "channel": "phone", "outcome": "spoke", "within_safe_times": "on"},
    )
    assert contact.status_code == 400
    assert "You facilitate his group" in contact.content.decode()
    item = client.post(
        reverse("programmes:safety_add", args=[pw.link.pk]),
        {"category": "threats", "urgency": "soon", "text": "He asked."},
    )
    assert item.status_code == 400
    assert "You facilitate his group" in item.content.decode()
    assert not PartnerContact.objects.exists()
    assert not SafetyInformation.objects.exists()


# --- her safe times -------------------------------------------------------------------------------


def test_a_contact_outside_her_safe_times_is_refused(pw: ProgrammeWorld) -> None:
    her = pw.link.partner_case.person
    her.safe_contact_times = "Weekdays 10:00-12:00, while he is at work"
    her.save(update_fields=["safe_contact_times"])
    client = client_for(pw.partner_worker)
    url = reverse("programmes:partner_contact", args=[pw.link.pk])
    data = {
        "at": (timezone.localtime() - AN_HOUR_AGO).strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "outcome": "no_answer",
    }
    page = client.get(reverse("programmes:partner", args=[pw.link.pk])).content.decode()
    assert "while he is at work" in page
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "safe times on her record" in refused.content.decode()
    assert not PartnerContact.objects.exists()
    assert client.post(url, {**data, "within_safe_times": "on"}).status_code == 302
    assert PartnerContact.objects.count() == 1


# --- the contact schedule -------------------------------------------------------------------------

START = datetime.date(2026, 1, 5)
END = datetime.date(2026, 7, 1)


def _schedule(**overrides: object) -> list[tuple[datetime.date, str]]:
    facts = {
        "started_on": START,
        "ended_on": END,
        "last_reached_on": None,
        "interval_days": 28,
        "months_after": 3,
        "follow_up_months": [6, 24],
    }
    facts.update(overrides)
    return [(due.due_on, str(due.label)) for due in contact_schedule(**facts)]


def test_the_schedule_during_the_programme_runs_from_her_last_contact() -> None:
    assert _schedule(ended_on=None) == [(START, "Regular contact during the programme")]
    reached = datetime.date(2026, 3, 2)
    assert _schedule(ended_on=None, last_reached_on=reached) == [
        (reached + datetime.timedelta(days=28), "Regular contact during the programme")
    ]


def test_the_schedule_after_the_programme_keeps_the_window_and_the_follow_ups() -> None:
    reached = datetime.date(2026, 6, 20)
    assert _schedule(last_reached_on=reached) == [
        (datetime.date(2026, 7, 18), "Contact after the programme"),
        (datetime.date(2027, 1, 1), "Follow-up, 6 months after"),
        (datetime.date(2028, 7, 1), "Follow-up, 24 months after"),
    ]


def test_the_window_closes_and_the_follow_ups_done_drop_out() -> None:
    # Reached near the end of the three-month window: the next regular contact falls after it.
    assert _schedule(last_reached_on=datetime.date(2026, 9, 20)) == [
        (datetime.date(2027, 1, 1), "Follow-up, 6 months after"),
        (datetime.date(2028, 7, 1), "Follow-up, 24 months after"),
    ]
    # Reached at the six-month follow-up: only the two-year one is left.
    assert _schedule(last_reached_on=datetime.date(2027, 1, 2)) == [
        (datetime.date(2028, 7, 1), "Follow-up, 24 months after"),
    ]


def test_the_window_and_the_follow_ups_are_the_programmes_to_set(
    world: World, pw: ProgrammeWorld
) -> None:
    pw.programme.partner_contact_months_after = 0
    pw.programme.follow_up_months = [12]
    pw.programme.save()
    services.enrolment_move(
        actor=Actor.for_user(world.facilitator),
        enrolment=pw.enrolment,
        expected_version=pw.enrolment.version,
        to_status=EnrolmentStatus.COMPLETED,
    )
    pw.link.enrolment.refresh_from_db()
    pw.link.enrolment.programme.refresh_from_db()
    ended = timezone.localdate()
    due = [(d.due_on, str(d.label)) for d in partner_contact.next_contacts(pw.link)]
    # Never reached yet and no window after the programme: one contact on the day it ends,
    # then the one follow-up the programme asks for.
    assert due == [
        (ended, "Contact after the programme"),
        (ended + relativedelta(months=12), "Follow-up, 12 months after"),
    ]


# --- releases after a delay, in batches -----------------------------------------------------------


def _at(day: int, hour: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 12, day, hour, 0))


@override_settings(
    ACCORD_SAFETY_INFORMATION_DELAY_DAYS=7, ACCORD_SAFETY_INFORMATION_RELEASE_WEEKDAY=0
)
def test_items_of_a_week_are_released_together_after_the_delay() -> None:
    # Written on Tuesday 8 and Saturday 12 December: both on Monday 21, at midnight.
    monday = timezone.make_aware(datetime.datetime(2026, 12, 21))
    assert release_after(_at(8)) == monday
    assert release_after(_at(12, hour=23)) == monday
    # Written on Monday 7: seven days later is a Monday, the release day itself.
    assert release_after(_at(7, hour=9)) == timezone.make_aware(datetime.datetime(2026, 12, 14))


@override_settings(
    ACCORD_SAFETY_INFORMATION_DELAY_DAYS=3, ACCORD_SAFETY_INFORMATION_RELEASE_WEEKDAY=-1
)
def test_the_delay_alone_when_there_is_no_release_day() -> None:
    assert release_after(_at(8)) == timezone.make_aware(datetime.datetime(2026, 12, 11))


def test_the_daily_job_releases_only_what_is_due_and_all_of_it_on_one_day(
    pw: ProgrammeWorld,
) -> None:
    actor = Actor.for_user(pw.partner_worker)
    for text in ("He asked where she works.", "He drove past twice."):
        partner_contact.safety_information_record(
            actor=actor, link=pw.link, category="threats", urgency="soon", text=text
        )
    assert partner_contact.safety_information_release() == 0
    assert not SafetyInformation.objects.filter(released_on__isnull=False).exists()
    later = timezone.now() + datetime.timedelta(days=15)
    assert partner_contact.safety_information_release(now=later) == 2
    days = set(SafetyInformation.objects.values_list("released_on", flat=True))
    assert days == {timezone.localdate(later)}
    assert partner_contact.safety_information_release(now=later) == 0
