"""The demo's referrals: one in every state between Riverton organisations, made once."""

from accord.audit.models import AuditEvent
from accord.cases.models import Case, CaseKind
from accord.demo.locality import seed_demo_locality
from accord.demo.referrals import CHILD_REFERRALS, seed_demo_referrals
from accord.people.models import Consent, Person
from accord.referrals.models import Notification, Referral, ReferralStatus


def test_the_demo_has_referrals_in_every_state_once(demo_locality) -> None:
    seed_demo_locality()

    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert Referral.objects.filter(overdue_notified_at__isnull=False).count() == 1
    assert Notification.objects.filter(kind="overdue").exists()
    events = AuditEvent.objects.count()
    count = Referral.objects.count()
    seed_demo_referrals()
    assert Referral.objects.count() == count and AuditEvent.objects.count() == events


def test_womens_aid_refers_childrens_cases_to_childrens_services(demo_locality) -> None:
    seed_demo_locality()

    from_cases = Referral.objects.filter(
        from_team__service__organisation__slug="riverton-womens-aid",
        to_service__organisation__slug="riverton-council",
        from_case__kind=CaseKind.CHILD,
    ).select_related("from_case", "receiver_case", "consent")
    by_status = {referral.status: referral for referral in from_cases}
    assert sorted(by_status) == sorted(
        [ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.DECLINED]
    )
    assert len(from_cases) == 3
    for referral in from_cases:
        assert referral.from_case.key_worker.username == "caseworker"
        assert referral.from_case.team.name == "Outreach"
        # On her consent (a caregiver's, with the child's own assent), never an override.
        assert referral.consent is not None and not referral.override
        assert referral.protocol.title == "Children's services and Women's Aid"
        assert referral.categories == ["identity", "risk"]
    sent = by_status[ReferralStatus.SENT]
    assert set(sent.payload) == {"identity"}
    assert "real_address" not in str(sent.payload) and sent.payload["identity"]["given_name"]
    accepted = by_status[ReferralStatus.ACCEPTED]
    assert accepted.receiver_case is not None
    assert accepted.receiver_case.team.name == "Family Safeguarding"
    assert accepted.receiver_case.key_worker.username == "socialworker"
    assert accepted.receiver_case.person.organisation.slug == "riverton-council"
    declined = by_status[ReferralStatus.DECLINED]
    assert declined.payload is None and declined.decline_reason == "outside_criteria"
    notified = Notification.objects.filter(team__name="Outreach")
    assert {"accepted", "declined"} <= set(notified.values_list("kind", flat=True))
    assert Notification.objects.filter(
        team__name="Family Safeguarding", kind="new_referral", referral=sent
    ).exists()
    # The last child's case is left for a referral through the pages, without consent yet.
    unreferred = Case.objects.filter(
        kind=CaseKind.CHILD, team__name="Outreach", referrals_sent__isnull=True
    )
    assert unreferred.count() == len(CHILD_REFERRALS) - 3
    assert not Consent.objects.filter(person__cases__in=unreferred).exists()

    counts = (Person.objects.count(), Case.objects.count(), Consent.objects.count())
    events = AuditEvent.objects.count()
    seed_demo_referrals()
    assert (Person.objects.count(), Case.objects.count(), Consent.objects.count()) == counts
    assert AuditEvent.objects.count() == events
