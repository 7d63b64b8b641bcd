"""The conference's rules, at the services: criteria, consent or override, repeats, the agenda's
order, and the refusals that leave nothing saved."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.conferences import selectors, services
from accord.conferences.models import (
    Action,
    ActionStatus,
    ConferenceReferral,
    ConferenceReferralStatus,
    Minute,
)
from accord.conferences.tests.helpers import (
    accept,
    meets_criteria,
    open_meeting,
    refer,
    survivor_case,
)
from accord.core.locking import StaleVersion
from accord.people import services as people
from accord.testing import SURVIVOR_ADDRESS, SURVIVOR_PHONE

pytestmark = pytest.mark.django_db


def test_it_refers_a_high_risk_case_with_only_what_the_rule_table_allows(cw) -> None:
    case = cw.casework.her_case
    meets_criteria(case, "high_risk")
    referral = refer(cw, case)
    assert referral.criteria == ["high_risk"]
    assert referral.shared["given_name"] == "Ana"
    assert referral.risk_level == "high"
    everything = repr(referral.shared) + (referral.risk_summary or "")
    assert SURVIVOR_PHONE not in everything and SURVIVOR_ADDRESS not in everything
    assert "phone" not in referral.shared and "real_address" not in referral.shared
    assert AuditEvent.objects.filter(action="conference_referral.made").count() == 1


def test_it_refuses_a_case_meeting_no_criterion_without_a_reason(cw) -> None:
    with pytest.raises(ValidationError) as refused:
        refer(cw, cw.casework.her_case)
    assert "professional judgement" in str(refused.value)
    assert not ConferenceReferral.objects.exists()


def test_a_judgement_reason_is_a_criterion_of_its_own(cw) -> None:
    referral = refer(cw, cw.casework.her_case, judgement_reason="He has a new firearm licence.")
    assert referral.criteria == ["judgement"]


def test_it_refuses_without_consent_unless_shared_without_it_with_a_reason(cw) -> None:
    case = cw.casework.her_case
    meets_criteria(case, "escalation")
    with pytest.raises(ValidationError):
        services.conference_referral_make(
            actor=Actor.for_user(cw.world.caseworker),
            conference=cw.conference,
            case=case,
            risk_summary="Escalating.",
        )
    assert not ConferenceReferral.objects.exists()
    referral = refer(
        cw, case, override_reason="Serious risk to life; she cannot be reached safely."
    )
    assert referral.shared_without_consent and referral.consent is None
    assert AuditEvent.objects.filter(action="conference_referral.shared_without_consent").exists()


def test_a_second_referral_within_the_window_is_a_repeat_even_from_another_agency(cw) -> None:
    case = cw.casework.her_case
    meets_criteria(case, "high_risk")
    first = refer(cw, case)
    assert not first.is_repeat
    meeting = open_meeting(cw)
    services.agenda_build(actor=Actor.for_user(cw.coordinator), meeting=meeting)
    services.meeting_close(
        actor=Actor.for_user(cw.coordinator), meeting=meeting, expected_version=1
    )
    # The police record her themselves: another person row, another organisation, the same
    # name and date of birth. Only the keyed index matches; neither record is read.
    police_actor = Actor.for_user(cw.world.police_liaison)
    her_at_police = people.person_create(
        actor=police_actor,
        organisation=cw.world.police,
        given_name="ana",
        family_name="GARCÍA",
        date_of_birth=datetime.date(1990, 4, 2),
    )
    assert services.identity_index(her_at_police) == first.identity_index
    second_case = survivor_case(cw.world, "Ana", datetime.date(1990, 4, 2))
    second_case.person.family_name = "García"
    people.person_update(
        actor=police_actor, person=second_case.person, expected_version=1, family_name="García"
    )
    second_case.refresh_from_db()
    meets_criteria(second_case, "high_risk")
    second = refer(cw, second_case)
    assert second.is_repeat and "repeat" in second.criteria


def test_a_referral_outside_the_window_or_withdrawn_is_not_counted(cw, settings) -> None:
    case = cw.casework.her_case
    meets_criteria(case, "high_risk")
    first = refer(cw, case)
    services.conference_referral_withdraw(
        actor=Actor.for_user(cw.world.caseworker),
        referral=first,
        expected_version=1,
        reason="Referred in error.",
    )
    assert not refer(cw, case).is_repeat
    ConferenceReferral.objects.update(referred_at=timezone.now() - datetime.timedelta(days=400))
    ConferenceReferral.objects.update(status=ConferenceReferralStatus.HEARD)
    assert not refer(cw, case).is_repeat
    settings.ACCORD_CONFERENCE_REPEAT_MONTHS = 14
    ConferenceReferral.objects.update(status=ConferenceReferralStatus.HEARD)
    assert refer(cw, case).is_repeat


def test_a_transfer_keeps_the_flag_and_is_not_a_repeat_of_itself(cw) -> None:
    from accord.conferences.tests.helpers import _team

    case = cw.casework.her_case
    meets_criteria(case, "high_risk")
    first = refer(cw, case)
    other = services.conference_create(
        actor=Actor.system(),
        name="Elsewhere MARAC",
        area="Elsewhere",
        team=_team("elsewhere-council", "Elsewhere Council", "social_services", "MARAC"),
        schedule="FREQ=MONTHLY",
        first_meeting_at=timezone.now(),
    )
    moved = services.conference_referral_transfer(
        actor=Actor.for_user(cw.coordinator),
        referral=first,
        expected_version=1,
        to_conference=other,
        reason="She moved.",
    )
    assert moved.conference == other and moved.transferred_from_id == first.pk
    assert not moved.is_repeat
    first.refresh_from_db()
    assert first.status == ConferenceReferralStatus.TRANSFERRED


def test_the_agenda_puts_repeats_then_highest_risk_then_children_first(cw) -> None:
    world = cw.world
    medium = survivor_case(world, "Bea", datetime.date(1980, 1, 1), children=3)
    meets_criteria(medium, "escalation", level="medium")
    many = survivor_case(world, "Cat", datetime.date(1981, 1, 1), children=2)
    meets_criteria(many, "high_risk")
    few = survivor_case(world, "Dee", datetime.date(1982, 1, 1), children=0)
    meets_criteria(few, "high_risk")
    order = [refer(cw, c).reference for c in (medium, many, few)]
    repeat = refer(cw, cw.casework.her_case, judgement_reason="Known to us.")
    ConferenceReferral.objects.filter(pk=repeat.pk).update(is_repeat=True, risk_level="standard")
    meeting = open_meeting(cw)
    services.agenda_build(actor=Actor.for_user(cw.coordinator), meeting=meeting)
    rows = selectors.agenda(cw.coordinator, meeting)
    assert [r.reference for r in rows] == [repeat.reference, order[1], order[2], order[0]]


def _listed(cw):
    case = cw.casework.her_case
    meets_criteria(case, "high_risk")
    referral = refer(cw, case)
    meeting = open_meeting(cw)
    services.agenda_build(actor=Actor.for_user(cw.coordinator), meeting=meeting)
    referral.refresh_from_db()
    return referral, meeting


def test_an_action_without_an_agency_is_refused(cw) -> None:
    referral, meeting = _listed(cw)
    with pytest.raises(ValidationError) as refused:
        services.action_add(
            actor=Actor.for_user(cw.coordinator),
            referral=referral,
            team=None,
            owner="DS Carter",
            what="Flag the address",
            due_on=timezone.localdate(meeting.starts_at),
        )
    assert "agency" in str(refused.value)
    assert not Action.objects.exists()


def test_minutes_cannot_be_edited_after_the_meeting_closes(cw) -> None:
    referral, meeting = _listed(cw)
    coordinator = Actor.for_user(cw.coordinator)
    services.minute_save(
        actor=coordinator, referral=referral, text="Heard.", distribution=[cw.police_team]
    )
    services.meeting_close(actor=coordinator, meeting=meeting, expected_version=1)
    with pytest.raises(ValidationError) as refused:
        services.minute_save(
            actor=coordinator,
            referral=referral,
            text="Changed afterwards.",
            distribution=[cw.police_team],
            expected_version=1,
        )
    assert "closed" in str(refused.value)
    assert Minute.objects.get().text == "Heard."


def test_a_stale_version_is_refused(cw) -> None:
    referral, meeting = _listed(cw)
    with pytest.raises(StaleVersion):
        services.meeting_close(
            actor=Actor.for_user(cw.coordinator), meeting=meeting, expected_version=7
        )
    with pytest.raises(StaleVersion):
        services.conference_referral_withdraw(
            actor=Actor.for_user(cw.world.caseworker),
            referral=referral,
            expected_version=1,
            reason="x",
        )


def test_views_and_wishes_are_recorded_by_her_advocate_only(cw) -> None:
    referral, meeting = _listed(cw)
    with pytest.raises(ValidationError):
        services.research_save(
            actor=Actor.for_user(cw.world.police_liaison),
            referral=referral,
            team=cw.police_team,
            summary="Two call-outs.",
            views_and_wishes="She wants him gone.",
        )
    row = services.research_save(
        actor=Actor.for_user(cw.world.caseworker),
        referral=referral,
        team=cw.world.outreach,
        summary="Working with her since March.",
        views_and_wishes="She wants to stay in her home.",
    )
    assert row.views_and_wishes == "She wants to stay in her home."


def test_the_next_meeting_opens_with_the_open_actions_and_closes_them(cw) -> None:
    referral, meeting = _listed(cw)
    coordinator = Actor.for_user(cw.coordinator)
    action = services.action_add(
        actor=coordinator,
        referral=referral,
        team=cw.housing_team,
        owner="Housing officer",
        what="Install a sanctuary lock",
        due_on=timezone.localdate(meeting.starts_at) + datetime.timedelta(days=14),
    )
    services.meeting_close(actor=coordinator, meeting=meeting, expected_version=1)
    following = open_meeting(cw)
    assert selectors.open_actions_before(cw.coordinator, following) == [action]
    services.action_close(
        actor=coordinator,
        action=action,
        expected_version=1,
        status=ActionStatus.NOT_DONE_CHANGED,
        meeting=following,
    )
    assert selectors.open_actions_before(cw.coordinator, following) == []


def test_the_schedule_keeps_local_time_across_summer_time(cw) -> None:
    london = zoneinfo.ZoneInfo("Europe/London")
    cw.conference.first_meeting_at = datetime.datetime(2026, 1, 13, 10, 0, tzinfo=london)
    times = services.scheduled_times(
        cw.conference, after=datetime.datetime(2026, 2, 1, tzinfo=london), count=4
    )
    assert [t.astimezone(london).hour for t in times] == [10, 10, 10, 10]
    assert [t.day for t in times] == [10, 10, 14, 12]  # the second Tuesdays


def test_a_member_agency_reads_the_case_only_once_it_accepted_the_statement(cw) -> None:
    from accord.access.policy import visible_to

    referral, meeting = _listed(cw)
    police = cw.world.police_liaison
    assert not visible_to(police, ConferenceReferral).exists()
    accept(police, meeting)
    assert list(visible_to(police, ConferenceReferral)) == [referral]
    services.meeting_close(
        actor=Actor.for_user(cw.coordinator), meeting=meeting, expected_version=1
    )
    assert not visible_to(police, ConferenceReferral).exists()


def test_her_subject_access_export_holds_what_conferences_hold_and_erasure_takes_it(cw) -> None:
    from accord.people import subject_access

    referral, meeting = _listed(cw)
    services.minute_save(
        actor=Actor.for_user(cw.coordinator),
        referral=referral,
        text="Heard.",
        distribution=[cw.police_team],
    )
    case = subject_access._cases(cw.casework.survivor)[0]
    held = subject_access.held_records(case)
    assert held[ConferenceReferral] == [referral]
    assert [m.text for m in held[Minute]] == ["Heard."]
    cw.casework.her_case.delete()
    assert not ConferenceReferral.objects.exists() and not Minute.objects.exists()


def test_what_a_member_reads_of_her_identity_is_the_rule_tables_column_at_every_read(
    cw, monkeypatch
) -> None:
    from accord.access.fields import DENY, RULES, FieldClass, RecordKind, Relation
    from accord.conferences.access import readable_snapshot

    case = cw.casework.her_case
    meets_criteria(case, "high_risk")
    referral = refer(cw, case)
    assert readable_snapshot(referral)["given_name"] == "Ana"
    assert "phone" not in readable_snapshot(referral)
    assert selectors.identity_rows(referral)[0] == ("given name", "Ana")
    # The column tightened later: what older referrals carry is hidden too.
    cells = RULES[RecordKind.PERSON_AT_RISK][FieldClass.IDENTITY]
    monkeypatch.setitem(cells, Relation.CONFERENCE, DENY)
    assert readable_snapshot(referral) == {}
    assert selectors.identity_rows(referral) == []
