"""Events as iCalendar (RFC 5545) through the icalendar package, and their occurrences through
python-dateutil's rrule: a series (e.g. monthly webinars) is one VEVENT with its RRULE, so that a
calendar shows every occurrence and a change to the series reaches all of them."""

import datetime

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, vRecur
from icalendar import Event as CalendarEvent

from accord.knowledge.models import Event

MAX_OCCURRENCES = 200


def check_recurrence(rule: str, starts_at: datetime.datetime) -> None:
    """A rule dateutil reads and that ends (COUNT or UNTIL): a series without end would fill
    every calendar forever."""
    if not rule:
        return
    try:
        parsed = rrulestr(rule, dtstart=starts_at)
    except (ValueError, TypeError) as error:
        raise ValidationError({"recurrence": _("Not a repetition rule (RRULE).")}) from error
    if "COUNT=" not in rule.upper() and "UNTIL=" not in rule.upper():
        raise ValidationError({"recurrence": _("Say when the series ends (COUNT or UNTIL).")})
    if parsed.count() > MAX_OCCURRENCES:
        raise ValidationError(
            {"recurrence": _("At most %(max)s occurrences.") % {"max": MAX_OCCURRENCES}}
        )


def occurrences(event: Event) -> list[datetime.datetime]:
    """When the event takes place: its start, or every start of its series."""
    if not event.recurrence:
        return [event.starts_at]
    return list(rrulestr(event.recurrence, dtstart=event.starts_at))[:MAX_OCCURRENCES]


def calendar_feed(events: list[Event]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Accord//Network events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Network events"))
    now = timezone.now()
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"{event.uid}@{settings.ACCORD_CALENDAR_DOMAIN}")
        entry.add("dtstamp", now)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("summary", event.title)
        entry.add("categories", [event.get_kind_display()])
        if event.description:
            entry.add("description", event.description)
        if event.venue:
            entry.add("location", event.venue)
        if event.recurrence:
            entry.add("rrule", vRecur.from_ical(event.recurrence))
        calendar.add_component(entry)
    return calendar.to_ical()
