"""Referral pages: the sender drafts, sees what would be sent and sends; the receiver reads
only the allowed categories and answers; anyone else gets 404 everywhere."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.referrals import services
from accord.referrals.models import Notification, NotificationRead, Referral, ReferralStatus
from accord.referrals.tests.referral_helpers import fresh, her_draft, route, sent
from accord.testing import (
    SURVIVOR_ADDRESS,
    SURVIVOR_DISCLOSURE,
    SURVIVOR_PHONE,
    Casework,
    World,
    client_for,
    reauthenticate,
)


def _url(referral: Referral, action: str = "") -> str:
    return f"/referrals/{referral.reference}/{action + '/' if action else ''}"


def test_her_caseworker_drafts_from_the_case_and_sees_what_would_be_sent(
    world: World, casework: Casework
) -> None:
    r = route(world, casework)
    client = client_for(world.caseworker)

    case_page = client.get(f"/cases/{casework.her_case.reference}/")
    assert f"/referrals/from/{casework.her_case.reference}/" in case_page.content.decode()
    form = client.get(f"/referrals/from/{casework.her_case.reference}/")
    assert form.status_code == 200
    assert "Elsewhere Aid" in form.content.decode()
    response = client.post(
        f"/referrals/from/{casework.her_case.reference}/", {"to_service": r.to_service.pk}
    )

    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(referral)
    page = client.get(_url(referral)).content.decode()
    assert "Ana" in page and SURVIVOR_PHONE in page  # identity and contact allowed
    assert SURVIVOR_ADDRESS not in page
    assert "Send the referral" in page


def test_sending_from_the_page_notifies_the_receiver(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = her_draft(world, casework.her_case, r.to_service)

    response = client_for(world.caseworker).post(_url(referral, "send"), {"version": 1})

    assert response.status_code == 302
    assert fresh(referral).status == ReferralStatus.SENT
    assert Notification.objects.filter(team=r.to_team).exists()


def test_a_refused_send_says_why_and_sends_nothing(world: World, casework: Casework) -> None:
    r = route(world, casework, consent=False)
    referral = her_draft(world, casework.her_case, r.to_service)
    client = client_for(world.caseworker)

    page = client.get(_url(referral)).content.decode()
    assert "No consent to a referral to Elsewhere Aid is recorded." in page
    response = client.post(_url(referral, "send"), {"version": 1})

    assert response.status_code == 400
    assert "No consent to a referral" in response.content.decode()
    assert fresh(referral).status == ReferralStatus.DRAFT


def test_the_override_asks_for_reauthentication_and_a_reason(
    world: World, casework: Casework
) -> None:
    r = route(world, casework, consent=False)
    referral = her_draft(world, casework.her_case, r.to_service)
    client = client_for(world.caseworker)

    not_yet = client.post(_url(referral, "override"), {"version": 1, "override_reason": "Risk"})
    assert not_yet.status_code == 302 and "reauthenticate" in not_yet["Location"]
    assert fresh(referral).status == ReferralStatus.DRAFT

    reauthenticate(client, world.caseworker)
    no_reason = client.post(_url(referral, "override"), {"version": 1, "override_reason": ""})
    assert no_reason.status_code == 400
    done = client.post(
        _url(referral, "override"), {"version": 1, "override_reason": "Threats to kill."}
    )
    assert done.status_code == 302
    assert fresh(referral).override
    assert AuditEvent.objects.filter(action="referral.sent_without_consent").exists()


def test_the_receiver_reads_only_the_allowed_categories(world: World, casework: Casework) -> None:
    r = route(world, casework, flow=["identity"])
    referral = sent(world, casework, r)

    response = client_for(world.outsider).get(_url(referral))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ana" in page and "García" in page
    for secret in (SURVIVOR_PHONE, SURVIVOR_ADDRESS, SURVIVOR_DISCLOSURE, "PO Box"):
        assert secret not in page
    assert casework.her_case.reference not in page
    assert AuditEvent.objects.filter(action="referral.viewed", actor_id=world.outsider.pk).exists()


def test_the_receiver_accepts_and_a_linked_case_opens(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)
    client = client_for(world.outsider)

    response = client.post(_url(referral, "accept"), {"version": 2, "team": r.to_team.pk})

    assert response.status_code == 302
    accepted = fresh(referral)
    assert accepted.status == ReferralStatus.ACCEPTED
    assert client.get(f"/cases/{accepted.receiver_case.reference}/").status_code == 200
    assert client.get(f"/cases/{casework.her_case.reference}/").status_code == 404


def test_after_a_decline_the_receiver_reads_nothing_of_her(
    world: World, casework: Casework
) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)
    client = client_for(world.outsider)

    client.post(_url(referral, "decline"), {"version": 2, "reason": "no_capacity", "note": ""})

    page = client.get(_url(referral)).content.decode()
    assert fresh(referral).status == ReferralStatus.DECLINED
    assert "Ana" not in page and "García" not in page and SURVIVOR_PHONE not in page


def test_a_stale_version_answers_409(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)

    response = client_for(world.outsider).post(
        _url(referral, "decline"), {"version": 1, "reason": "no_capacity"}
    )

    assert response.status_code == 409
    assert fresh(referral).status == ReferralStatus.SENT


@pytest.mark.parametrize("who", ["facilitator", "police_liaison", "dpo", "admin"])
def test_anyone_else_gets_404_everywhere(world: World, casework: Casework, who: str) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)
    client = client_for(getattr(world, who))

    assert client.get(_url(referral)).status_code == 404
    for action in ("send", "accept", "decline", "withdraw", "close"):
        assert client.post(_url(referral, action), {"version": 2}).status_code == 404, action
    assert client.get(f"/referrals/from/{casework.her_case.reference}/").status_code == 404
    assert client.get("/referrals/inbox/").content.count(b"RF-") == 0
    assert referral.reference.encode() not in client.get("/referrals/").content


def test_the_receiver_never_sees_a_draft_nor_sends_it(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = her_draft(world, casework.her_case, r.to_service)
    client = client_for(world.outsider)

    assert client.get(_url(referral)).status_code == 404
    assert client.post(_url(referral, "send"), {"version": 1}).status_code == 404


def test_the_sender_cannot_accept_and_the_receiver_cannot_withdraw(
    world: World, casework: Casework
) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)

    sender = client_for(world.caseworker)
    assert sender.post(_url(referral, "accept"), {"version": 2, "team": 1}).status_code == 404
    receiver = client_for(world.outsider)
    assert receiver.post(_url(referral, "withdraw"), {"version": 2}).status_code == 404
    assert fresh(referral).status == ReferralStatus.SENT


def test_lists_flag_overdue_on_both_sides(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)
    Referral.objects.filter(pk=referral.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )

    for user in (world.caseworker, world.outsider):
        page = client_for(user).get("/referrals/").content.decode()
        assert referral.reference in page and "Overdue" in page, user


def test_the_inbox_shows_unread_first_and_marks_read(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)
    client = client_for(world.outsider)
    notification = Notification.objects.get()

    page = client.get("/referrals/inbox/").content.decode()
    assert f"A new referral {referral.reference} from Women&#x27;s Aid A" in page
    response = client.post(f"/referrals/inbox/{notification.pk}/read/")

    assert response.status_code == 302
    assert NotificationRead.objects.filter(notification=notification, user=world.outsider).exists()
    assert (
        client_for(world.caseworker).post(f"/referrals/inbox/{notification.pk}/read/").status_code
        == 404
    )


def _many_notices(world: World, casework: Casework, r, count: int) -> None:
    referral = sent(world, casework, r)
    for _ in range(count - 1):
        Notification.objects.create(team=r.to_team, kind="new_referral", referral=referral)


@pytest.mark.parametrize("count", [1, 5])
def test_the_inbox_reads_a_fixed_number_of_queries(
    world: World, casework: Casework, count: int, django_assert_num_queries
) -> None:
    r = route(world, casework)
    _many_notices(world, casework, r, count)
    client = client_for(world.outsider)
    client.get("/referrals/inbox/")  # warm the session and the user's MFA state

    # 1 session, 2 user, 3 MFA authenticators (the middleware), 4 the notices with their team,
    # referral and both organisations and whether she read each (the inbox teams as a
    # subquery), 5 the counts by kind (which the navigation's figure takes, at no cost)
    with django_assert_num_queries(5):
        assert client.get("/referrals/inbox/").status_code == 200


@pytest.mark.parametrize("flow", [["identity"], ["identity", "contact", "risk"]])
def test_the_referral_page_reads_a_fixed_number_of_queries(
    world: World, casework: Casework, flow: list[str], django_assert_num_queries
) -> None:
    r = route(world, casework, flow=flow)
    referral = sent(world, casework, r)
    client = client_for(world.outsider)
    client.get(_url(referral))

    # 1 session, 2 user, 3 MFA authenticators, 4 the referral with its teams, service,
    # organisations, protocol and receiver's case, 5 which side the user is on, 6 her standing
    # (her acting team, for the audit event), 7-11 the audited read (savepoint, chain head,
    # insert, update head, release), 12 the record her organisation may already hold of the
    # person (the exact match offered on accepting), 13 the teams she may open the case in, 14
    # the same again: Django's select reads its first choice to decide on the `required`
    # attribute
    with django_assert_num_queries(14):
        assert client.get(_url(referral)).status_code == 200


def test_managers_read_the_pathways_report_and_its_csv(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)
    services.referral_decline(
        actor=Actor.for_user(world.outsider),
        referral=referral,
        expected_version=2,
        reason="no_capacity",
    )
    client = client_for(world.manager)

    page = client.get("/referrals/report/").content.decode()
    assert "Women&#x27;s Aid A" in page and "Survivor support" in page
    csv = client.get("/referrals/report.csv").content.decode()
    assert "Women's Aid A,Survivor support,1,0,1,0," in csv
    for user in (world.caseworker, world.outsider, world.dpo):
        assert client_for(user).get("/referrals/report/").status_code == 404
        assert client_for(user).get("/referrals/report.csv").status_code == 404


def test_refer_is_for_those_who_work_the_case(world: World, casework: Casework) -> None:
    route(world, casework)
    client: Client = client_for(world.dpo)
    assert client.get(f"/referrals/from/{casework.her_case.reference}/").status_code == 404


def test_the_preview_refuses_what_sending_would_refuse_and_the_draft_can_be_edited(
    world: World, casework: Casework
) -> None:
    """Defect: a draft whose reason the protocol does not let flow read "ready to send",
    sending then failed, and the draft could not be edited."""
    r = route(world, casework)  # identity, contact and risk flow; no disclosure
    referral = her_draft(world, casework.her_case, r.to_service, summary="She told us why.")
    client = client_for(world.caseworker)

    page = client.get(_url(referral)).content.decode()
    assert "Send the referral" not in page
    assert "Take out why you make this referral" in page

    edited = client.post(_url(referral, "edit"), {"version": referral.version, "summary": ""})
    assert edited.status_code == 302
    assert fresh(referral).summary is None
    page = client.get(_url(referral)).content.decode()
    assert "Send the referral" in page
    sent_now = client.post(_url(referral, "send"), {"version": fresh(referral).version})
    assert sent_now.status_code == 302
    assert fresh(referral).status == ReferralStatus.SENT


def test_only_the_sender_edits_a_draft(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = her_draft(world, casework.her_case, r.to_service, summary="x")
    for user in (world.outsider, world.dpo):
        response = client_for(user).post(_url(referral, "edit"), {"version": 1, "summary": ""})
        assert response.status_code == 404
    assert fresh(referral).summary == "x"


def test_accepting_offers_the_record_the_receiver_already_holds(
    world: World, casework: Casework
) -> None:
    """Defect: accepting always created a new person, splitting households. An exact match of
    the blind index (name and date of birth) is offered, and used when ticked."""
    from accord.people import services as people

    her = casework.survivor
    held = people.person_create(
        actor=Actor.for_user(world.outsider),
        organisation=world.unrelated,
        given_name=her.given_name,
        family_name=her.family_name,
        date_of_birth=her.date_of_birth,
    )
    r = route(world, casework)
    referral = sent(world, casework, r)
    client = client_for(world.outsider)

    page = client.get(_url(referral)).content.decode()
    assert 'name="on_existing_record"' in page

    response = client.post(
        _url(referral, "accept"),
        {"version": 2, "team": r.to_team.pk, "on_existing_record": "on"},
    )

    assert response.status_code == 302
    assert fresh(referral).receiver_case.person_id == held.pk


def test_without_an_exact_match_no_record_is_offered(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)
    client = client_for(world.outsider)
    assert 'name="on_existing_record"' not in client.get(_url(referral)).content.decode()
    response = client.post(
        _url(referral, "accept"),
        {"version": 2, "team": r.to_team.pk, "on_existing_record": "on"},
    )
    assert response.status_code == 302
    assert fresh(referral).receiver_case.person.organisation_id == world.unrelated.pk


def test_read_and_unread_are_each_readers_own_and_filter_by_kind(
    world: World, casework: Casework
) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)
    Notification.objects.create(team=r.to_team, kind="overdue", referral=referral)
    client = client_for(world.outsider)

    page = client.get("/referrals/inbox/").content.decode()
    assert "2 unread of 2." in page
    assert "Referral overdue" in page and "?kind=overdue" in page
    only_overdue = client.get("/referrals/inbox/", {"kind": "overdue"}).content.decode()
    assert only_overdue.count('class="notification unread"') == 1
    # An unknown kind shows everything rather than failing.
    assert client.get("/referrals/inbox/", {"kind": "nonsense"}).status_code == 200

    marked = client.post("/referrals/inbox/read-all/", {"kind": "overdue"})
    assert marked.status_code == 302 and marked["Location"].endswith("?kind=overdue")
    assert "1 unread of 2." in client.get("/referrals/inbox/").content.decode()
    client.post("/referrals/inbox/read-all/")
    assert "0 unread of 2." in client.get("/referrals/inbox/").content.decode()
    # The reads are hers: the navigation shows no unread figure for her any more.
    assert 'class="count"' not in client.get("/referrals/").content.decode()
