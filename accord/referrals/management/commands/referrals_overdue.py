from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from accord.audit.context import Actor
from accord.referrals.services import referral_overdue_notify


class Command(BaseCommand):
    help = (
        "Tell both sides, once, of every referral still unanswered after its last day (a notice "
        "in each team's inbox and an e-mail of the fact). Schedule it daily with cron or a "
        "systemd timer; running it twice in a day tells no one twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        late = referral_overdue_notify(actor=Actor.system(), today=timezone.localdate())
        self.stdout.write(f"{late} overdue referral(s) notified.")
