"""The demo's referrals: one in every state between Riverton organisations, made once."""

from accord.audit.models import AuditEvent
from accord.core.demo import seed_demo_locality
from accord.referrals.demo import seed_demo_referrals
from accord.referrals.models import Notification, Referral, ReferralStatus


def test_the_demo_has_referrals_in_every_state_once(db) -> None:
    seed_demo_locality()

    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert Referral.objects.filter(overdue_notified_at__isnull=False).count() == 1
    assert Notification.objects.filter(kind="overdue").exists()
    events = AuditEvent.objects.count()
    count = Referral.objects.count()
    seed_demo_referrals()
    assert Referral.objects.count() == count and AuditEvent.objects.count() == events
