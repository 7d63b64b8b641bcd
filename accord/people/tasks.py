"""Background work for people's records (Django's tasks API; `manage.py db_worker` runs it)."""

from django.tasks import task
from django.utils import timezone

from accord.audit.context import Actor
from accord.people.retention import retention_apply


@task
def apply_retention() -> dict[str, int]:
    """Apply every organisation's retention policy as of today. Returns counts only: a task's
    result is stored in the database, and must never hold a name."""
    report = retention_apply(actor=Actor.system(), today=timezone.localdate())
    return report.counts()
