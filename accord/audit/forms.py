"""The DPO's search forms: the shape of the question only. What the answers may contain is
decided by the selectors and the access module."""

from datetime import date, timedelta

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import User
from accord.audit.models import AuditEvent

# A year and a day: a full calendar year, leap years included. Longer periods are what the
# verification command and backups are for, not a screen.
MAX_PERIOD_DAYS = 366
# Before Accord existed; also keeps date arithmetic far from datetime's limits.
EARLIEST_DATE = date(2000, 1, 1)
DEFAULT_PERIOD_DAYS = 30


def record_type_choices() -> list[tuple[str, str]]:
    """Every kind of record Accord keeps, as the audit log names it (`app_label.model`)."""
    choices = [
        (
            model._meta.label_lower,
            f"{capfirst(model._meta.verbose_name)} ({model._meta.label_lower})",
        )
        for model in apps.get_models()
        if model._meta.app_config.name.startswith("accord.") and model._meta.app_label != "audit"
    ]
    return sorted(choices, key=lambda choice: choice[1].casefold())


def default_start() -> date:
    return timezone.localdate() - timedelta(days=DEFAULT_PERIOD_DAYS - 1)


class RecordEventsForm(forms.Form):
    object_type = forms.ChoiceField(label=_("Kind of record"), choices=record_type_choices)
    object_id = forms.CharField(
        label=_("Record id"),
        max_length=AuditEvent._meta.get_field("object_id").max_length,
        help_text=_(
            "The record's internal number, as an audit export gives it. To see who accessed a "
            "person's records, find her by a case reference under Requests from data subjects."
        ),
        error_messages={
            "max_length": _("A record id is at most %(limit_value)d characters long."),
            "required": _("Enter the id of the record."),
        },
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


def first_of_month() -> date:
    return timezone.localdate().replace(day=1)


class PeriodForm(forms.Form):
    """A period of local calendar days, at most a year and a day, ending by today."""

    start = forms.DateField(
        label=_("From"),
        initial=default_start,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To (inclusive)"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_start(self) -> date:
        start: date = self.cleaned_data["start"]
        if start < EARLIEST_DATE:
            raise ValidationError(
                _("Enter a date in %(year)d or later."), params={"year": EARLIEST_DATE.year}
            )
        return start

    def clean_end(self) -> date:
        end: date = self.cleaned_data["end"]
        if end > timezone.localdate():
            raise ValidationError(_("The period cannot end after today."))
        return end

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None or end is None:
            return cleaned
        if start > end:
            raise ValidationError(_("The start date must be on or before the end date."))
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            raise ValidationError(
                _("Choose a period of at most %(days)d days."), params={"days": MAX_PERIOD_DAYS}
            )
        return cleaned


class UserEventsForm(PeriodForm):
    user = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": _("Choose a person from the list."),
            "required": _("Choose a person from the list."),
        },
    )

    field_order = ["user", "start", "end"]

    def __init__(self, *args: object, users: QuerySet[User], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The caller passes the people this DPO may review; the form only offers them.
        field = self.fields["user"]
        field.queryset = users
        # Read the list once: rendering a select otherwise runs the query twice (once to decide
        # on the `required` attribute, once for the options).
        field.widget.choices = list(iter(field.choices))  # iter(): list() would COUNT first


class RecordsPeriodForm(PeriodForm):
    """Who accessed a person's records: this month unless the DPO asks for another period."""

    start = forms.DateField(
        label=_("From"),
        initial=first_of_month,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
