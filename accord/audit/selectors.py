"""Reads of the audit log for the DPO screens and exports. Each starts from the access module's
`visible_to`, so a DPO sees only her organisations' events whatever she asks for."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from accord.access.policy import AnyUser, visible_to
from accord.accounts.models import Organisation, User
from accord.audit.access import audit_subject_users
from accord.audit.models import AuditEvent

# Record kinds that moved to another app: the events written before the move name them by their
# old label, which is part of each event's hash and so is never rewritten. A search for the
# kind finds its events under both labels (docs/decisions/0085).
FORMER_LABELS: dict[str, tuple[str, ...]] = {
    "directory.directoryentry": ("referrals.directoryentry",),
    "directory.protocol": ("referrals.protocol",),
    "directory.protocolparty": ("referrals.protocolparty",),
    "directory.protocolflow": ("referrals.protocolflow",),
}


def audit_events_about_record(
    *, user: AnyUser, object_type: str, object_id: str
) -> QuerySet[AuditEvent]:
    """Who did what to one record, newest first (under its former label too, if it moved)."""
    labels = [object_type, *FORMER_LABELS.get(object_type, ())]
    return (
        visible_to(user, AuditEvent)
        .filter(object_type__in=labels, object_id=object_id)
        .order_by("-seq")
    )


def audit_events_by_user(
    *, user: AnyUser, subject: User, start: date, end: date
) -> QuerySet[AuditEvent]:
    """What one person did from `start` to `end` inclusive (local calendar days), newest first."""
    since, until = _local_day_bounds(start, end)
    return (
        visible_to(user, AuditEvent)
        .filter(actor_id=subject.pk, at__gte=since, at__lt=until)
        .order_by("-seq")
    )


def audit_events_about(*, user: AnyUser, about: Q, start: date, end: date) -> QuerySet[AuditEvent]:
    """The events `about` matches (e.g. every record of one person, of every kind) from `start`
    to `end` inclusive, newest first."""
    since, until = _local_day_bounds(start, end)
    return visible_to(user, AuditEvent).filter(about, at__gte=since, at__lt=until).order_by("-seq")


def audit_subject_user_choices(*, user: AnyUser) -> QuerySet[User]:
    return audit_subject_users(user).order_by("last_name", "first_name", "username")


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    acting_organisation: str


def audit_rows(*, user: AnyUser, events: Sequence[AuditEvent]) -> list[AuditRow]:
    """A page of events with the acting organisation's name: one query for the whole page (none
    when no event on it has an acting organisation, e.g. only system events)."""
    ids = {event.acting_organisation_id for event in events} - {None}
    names = dict(visible_to(user, Organisation).filter(pk__in=ids).values_list("pk", "name"))
    return [
        AuditRow(event=event, acting_organisation=names.get(event.acting_organisation_id, ""))
        for event in events
    ]


def _local_day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    # A day is the DPO's calendar day in the platform's time zone, not a UTC day; `until` is
    # exclusive so the last microsecond of `end` counts and nothing of the next day does.
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return since, until
