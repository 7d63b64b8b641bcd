"""Checks that several services make of their input, each with one wording."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def not_in_future(day: datetime.date | None, field: str) -> None:
    """Refuse a date after today (in the site's time zone), on `field`."""
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})
