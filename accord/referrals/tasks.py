"""Background work for referrals (Django's tasks API; `manage.py db_worker` runs it)."""

from django.tasks import task
from django.utils import timezone

from accord.audit.context import Actor
from accord.referrals.services import referral_overdue_notify


@task
def notify_overdue_referrals() -> int:
    """The daily overdue run; returns a count only (a task's result is stored)."""
    return referral_overdue_notify(actor=Actor.system(), today=timezone.localdate())
