"""Referral services: nothing leaves without a protocol in force and her consent (or a reasoned,
audited override); the payload is exactly the allowed categories; declined, withdrawn and closed
referrals leave the receiver nothing; deadlines and overdue notices; bad input says why and
sends nothing."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.access.policy import visible_to
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases.models import Case, CaseKind
from accord.core.locking import StaleVersion
from accord.people import services as people
from accord.people.models import Person
from accord.referrals import services
from accord.referrals.access import referral_access
from accord.referrals.deadlines import add_working_days
from accord.referrals.models import (
    DeclineReason,
    Notification,
    NotificationKind,
    Referral,
    ReferralStatus,
)
from accord.referrals.tests.referral_helpers import fresh, her_draft, route, sent
from accord.testing import SURVIVOR_ADDRESS, SURVIVOR_PHONE, Casework, World


def _events(referral: Referral) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="referrals.referral", object_id=str(referral.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_it_sends_exactly_the_allowed_categories(world: World, casework: Casework) -> None:
    r = route(world, casework, flow=["identity", "risk", "location"])
    referral = sent(world, casework, r)

    assert referral.status == ReferralStatus.SENT
    assert referral.protocol == r.protocol
    assert referral.consent == r.consent
    assert not referral.override
    # Location is never sent, even where a flow lists it (see the services' comment).
    assert referral.categories == ["identity", "risk"]
    payload = fresh(referral).payload
    assert set(payload) == {"identity"}  # her case has no risk level yet: nothing to send
    assert payload["identity"]["given_name"] == "Ana"
    assert payload["identity"]["date_of_birth"] == "1990-04-02"
    text = str(payload)
    assert SURVIVOR_PHONE not in text and SURVIVOR_ADDRESS not in text
    assert "PO Box" not in text  # the substitute address is contact, not allowed here
    assert referral.due_on == add_working_days(timezone.localdate(), 2)
    assert _events(referral) == ["referral.drafted", "referral.sent", "referral.received"]


def test_it_refuses_without_a_protocol_and_sends_nothing(world: World, casework: Casework) -> None:
    r = route(world, casework, with_protocol=False)
    referral = her_draft(world, casework.her_case, r.to_service)

    with pytest.raises(ValidationError) as refused:
        services.referral_send(
            actor=Actor.for_user(world.caseworker), referral=referral, expected_version=1
        )

    assert "No active protocol between Women's Aid A and Elsewhere Aid." in str(refused.value)
    assert fresh(referral).status == ReferralStatus.DRAFT
    assert fresh(referral).payload is None
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_an_expired_protocol_blocks(world: World, casework: Casework) -> None:
    r = route(world, casework, valid_to=timezone.localdate() - datetime.timedelta(days=1))
    referral = her_draft(world, casework.her_case, r.to_service)

    with pytest.raises(ValidationError) as refused:
        services.referral_send(
            actor=Actor.for_user(world.caseworker), referral=referral, expected_version=1
        )

    assert "expired on" in str(refused.value)
    assert fresh(referral).status == ReferralStatus.DRAFT


def test_it_refuses_without_consent_and_says_why(world: World, casework: Casework) -> None:
    r = route(world, casework, consent=False)
    referral = her_draft(world, casework.her_case, r.to_service)

    with pytest.raises(ValidationError) as refused:
        services.referral_send(
            actor=Actor.for_user(world.caseworker), referral=referral, expected_version=1
        )

    assert "No consent to a referral to Elsewhere Aid is recorded." in str(refused.value)
    assert fresh(referral).status == ReferralStatus.DRAFT
    assert not Notification.objects.exists()


def test_consent_that_expired_between_draft_and_send_blocks(
    world: World, casework: Casework
) -> None:
    r = route(world, casework, consent_expires_on=timezone.localdate())
    referral = her_draft(world, casework.her_case, r.to_service)
    # The next day, the consent's last day is behind her.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args: tomorrow)
        with pytest.raises(ValidationError) as refused:
            services.referral_send(
                actor=Actor.for_user(world.caseworker), referral=referral, expected_version=1
            )

    assert "expired: it was valid until" in str(refused.value)
    assert fresh(referral).status == ReferralStatus.DRAFT


def test_an_override_needs_a_reason_and_is_flagged_for_the_dpo(
    world: World, casework: Casework
) -> None:
    r = route(world, casework, consent=False)

    referral = sent(world, casework, r, override_reason="He threatened to kill her tonight.")

    assert referral.override and referral.consent is None
    assert fresh(referral).override_reason == "He threatened to kill her tonight."
    assert "referral.sent_without_consent" in _events(referral)
    flagged = AuditEvent.objects.get(action="referral.sent_without_consent")
    # The DPO of the sending organisation reads it; the reason itself stays encrypted.
    assert flagged.subject_organisation_id == world.womens_aid.pk
    assert "threatened" not in flagged.reason
    assert visible_to(world.dpo, AuditEvent).filter(pk=flagged.pk).exists()


def test_a_service_that_does_not_take_the_kind_is_refused(world: World, casework: Casework) -> None:
    r = route(world, casework)
    child = Case(kind=CaseKind.PERPETRATOR_PROGRAMME)

    with pytest.raises(ValidationError) as refused:
        services.referral_draft(
            actor=Actor.for_user(world.caseworker),
            case=casework.her_case,
            to_service=r.to_service,
            case_kind=child.kind,
        )

    assert "does not take referrals for a case of the kind “Perpetrator programme”" in str(
        refused.value
    )
    assert not Referral.objects.exists()


def test_a_duplicate_referral_is_refused(world: World, casework: Casework) -> None:
    r = route(world, casework)
    first = sent(world, casework, r)

    with pytest.raises(ValidationError) as refused:
        her_draft(world, casework.her_case, r.to_service)

    assert f"already has an open referral to {r.to_service.name} ({first.reference})" in str(
        refused.value
    )
    assert Referral.objects.count() == 1


def test_a_disclosure_the_flow_does_not_allow_is_refused(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = her_draft(world, casework.her_case, r.to_service, summary="She fears for her life.")

    with pytest.raises(ValidationError) as refused:
        services.referral_send(
            actor=Actor.for_user(world.caseworker), referral=referral, expected_version=1
        )

    assert "does not let disclosure" in str(refused.value)


def test_a_stale_version_is_refused(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = her_draft(world, casework.her_case, r.to_service)

    with pytest.raises(StaleVersion):
        services.referral_send(
            actor=Actor.for_user(world.caseworker), referral=referral, expected_version=7
        )


def test_the_receiver_is_told_and_mailed_the_fact_only(
    world: World, casework: Casework, django_capture_on_commit_callbacks
) -> None:
    r = route(world, casework)
    with django_capture_on_commit_callbacks(execute=True):
        referral = sent(world, casework, r)

    notification = Notification.objects.get()
    assert notification.team == r.to_team
    assert notification.kind == NotificationKind.NEW_REFERRAL
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["outsider@example.org"]
    assert referral.reference in message.subject
    for secret in ("Ana", "García", SURVIVOR_PHONE, SURVIVOR_ADDRESS):
        assert secret not in message.subject + message.body


def test_accepting_opens_the_receivers_own_linked_case(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)

    accepted = services.referral_accept(
        actor=Actor.for_user(world.outsider),
        referral=referral,
        expected_version=referral.version,
        team=r.to_team,
        key_worker=world.outsider,
    )

    case = accepted.receiver_case
    assert accepted.status == ReferralStatus.ACCEPTED
    assert case.team == r.to_team and case.kind == CaseKind.SURVIVOR_SUPPORT
    assert case.person.organisation == world.unrelated
    assert case.person != casework.survivor
    assert case.person.given_name == "Ana" and case.person.phone == SURVIVOR_PHONE
    assert case.person.real_address is None
    assert visible_to(world.outsider, Case).filter(pk=case.pk).exists()
    # Still nothing of the sender's case or her record there.
    assert not visible_to(world.outsider, Case).filter(pk=casework.her_case.pk).exists()
    assert not visible_to(world.outsider, Person).filter(pk=casework.survivor.pk).exists()
    assert Notification.objects.filter(team=world.outreach, kind="accepted").exists()


def test_a_declined_referral_leaves_the_receiver_nothing(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)

    services.referral_decline(
        actor=Actor.for_user(world.outsider),
        referral=referral,
        expected_version=referral.version,
        reason=DeclineReason.NO_CAPACITY,
    )

    declined = fresh(referral)
    assert declined.status == ReferralStatus.DECLINED and declined.payload is None
    assert not referral_access(world.outsider, declined).reads_payload()
    assert not visible_to(world.outsider, Person).filter(pk=casework.survivor.pk).exists()
    assert not visible_to(world.outsider, Case).exists()
    assert Notification.objects.filter(team=world.outreach, kind="declined").exists()


def test_declining_for_another_reason_needs_a_note(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)

    with pytest.raises(ValidationError) as refused:
        services.referral_decline(
            actor=Actor.for_user(world.outsider),
            referral=referral,
            expected_version=referral.version,
            reason=DeclineReason.OTHER,
        )

    assert "Say why" in str(refused.value)
    assert fresh(referral).status == ReferralStatus.SENT


def test_withdrawing_clears_the_payload_and_tells_the_receiver(
    world: World, casework: Casework
) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)

    services.referral_withdraw(
        actor=Actor.for_user(world.caseworker), referral=referral, expected_version=2
    )

    assert fresh(referral).status == ReferralStatus.WITHDRAWN
    assert fresh(referral).payload is None
    assert Notification.objects.filter(team=r.to_team, kind="withdrawn").exists()
    # A new referral may follow the withdrawn one.
    assert her_draft(world, casework.her_case, r.to_service).status == ReferralStatus.DRAFT


def test_closing_clears_the_payload(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)
    accepted = services.referral_accept(
        actor=Actor.for_user(world.outsider), referral=referral, expected_version=2, team=r.to_team
    )

    services.referral_close(
        actor=Actor.for_user(world.outsider),
        referral=accepted,
        expected_version=accepted.version,
        by_sender=False,
    )

    assert fresh(referral).status == ReferralStatus.CLOSED and fresh(referral).payload is None
    assert Notification.objects.filter(team=world.outreach, kind="closed").exists()


def test_withdrawing_her_consent_notifies_every_recipient_and_blocks_new_sends(
    world: World, casework: Casework
) -> None:
    r = route(world, casework)
    accepted = sent(world, casework, r)
    services.referral_accept(
        actor=Actor.for_user(world.outsider), referral=accepted, expected_version=2, team=r.to_team
    )

    people.consent_withdraw(actor=Actor.for_user(world.caseworker), consent=r.consent)

    told = Notification.objects.filter(kind=NotificationKind.CONSENT_WITHDRAWN)
    assert [n.team for n in told] == [r.to_team]
    assert "referral.consent_withdrawn" in _events(accepted)
    # Blocked at once: a new referral to the same organisation cannot be sent.
    services.referral_close(
        actor=Actor.for_user(world.outsider),
        referral=fresh(accepted),
        expected_version=3,
        by_sender=False,
    )
    again = her_draft(world, casework.her_case, r.to_service)
    with pytest.raises(ValidationError) as refused:
        services.referral_send(
            actor=Actor.for_user(world.caseworker), referral=again, expected_version=1
        )
    assert "was withdrawn on" in str(refused.value)


def test_withdrawing_consent_withdraws_an_unanswered_referral(
    world: World, casework: Casework
) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)

    people.consent_withdraw(actor=Actor.for_user(world.caseworker), consent=r.consent)

    assert fresh(referral).status == ReferralStatus.WITHDRAWN
    assert fresh(referral).payload is None
    assert Notification.objects.filter(team=r.to_team, kind="consent_withdrawn").exists()


def test_overdue_is_told_to_both_sides_once(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)
    due = fresh(referral).due_on

    assert services.referral_overdue_notify(actor=Actor.system(), today=due) == 0
    late = due + datetime.timedelta(days=1)
    assert fresh(referral).is_overdue_on(late)
    assert services.referral_overdue_notify(actor=Actor.system(), today=late) == 1
    assert services.referral_overdue_notify(actor=Actor.system(), today=late) == 0

    overdue = Notification.objects.filter(kind=NotificationKind.OVERDUE)
    assert {n.team for n in overdue} == {world.outreach, r.to_team}


def test_who_reaches_a_referral(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = her_draft(world, casework.her_case, r.to_service)

    # A draft is the sender's alone.
    assert visible_to(world.caseworker, Referral).filter(pk=referral.pk).exists()
    assert visible_to(world.manager, Referral).filter(pk=referral.pk).exists()
    assert not visible_to(world.outsider, Referral).exists()

    services.referral_send(
        actor=Actor.for_user(world.caseworker), referral=referral, expected_version=1
    )

    assert visible_to(world.outsider, Referral).filter(pk=referral.pk).exists()
    access = referral_access(world.outsider, fresh(referral))
    assert access.receiver and not access.sender and access.may_answer
    for other in (world.facilitator, world.police_liaison, world.dpo, world.admin):
        assert not visible_to(other, Referral).exists(), other
    assert not visible_to(world.caseworker, Notification).exists()
    assert visible_to(world.outsider, Notification).count() == 1


def test_the_daily_command_notifies_overdue_referrals(world: World, casework: Casework) -> None:
    from io import StringIO

    from django.core.management import call_command

    r = route(world, casework)
    referral = sent(world, casework, r)
    Referral.objects.filter(pk=referral.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    out = StringIO()

    call_command("referrals_overdue", stdout=out)
    call_command("referrals_overdue", stdout=out)

    assert out.getvalue().splitlines() == [
        "1 overdue referral(s) notified.",
        "0 overdue referral(s) notified.",
    ]
    assert Notification.objects.filter(kind=NotificationKind.OVERDUE).count() == 2
