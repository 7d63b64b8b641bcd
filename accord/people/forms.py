"""The shape of input about people: lengths, dates, choices. Rules about who may change what
live in the access module; the writing in accord.people.services."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.people.models import Gender

NAME_MAX = 150
PHONE_MAX = 50
SHORT_TEXT_MAX = 200
ADDRESS_MAX = 500
EARLIEST_YEAR = 1900


def check_past_date(day: datetime.date | None) -> datetime.date | None:
    """A date that has already happened, after 1900: a birth, an incident, an opening."""
    if day is None:
        return day
    if day > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."), code="future")
    if day.year < EARLIEST_YEAR:
        raise forms.ValidationError(
            _("Check the year: it is before %(year)s."),
            code="too_early",
            params={"year": EARLIEST_YEAR},
        )
    return day


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def text(
    label: Any, max_length: int, *, required: bool = False, rows: int = 0, **kwargs: Any
) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=widget, **kwargs
    )


# For a child the same stored values, in words that fit a child.
CHILD_GENDER_LABELS = {
    Gender.WOMAN: _("Girl"),
    Gender.MAN: _("Boy"),
}


def gender_choices(*, child: bool = False) -> list[tuple[str, Any]]:
    return [
        ("", "—"),
        *(
            (value, CHILD_GENDER_LABELS.get(value, label) if child else label)
            for value, label in Gender.choices
        ),
    ]


def child_wording(fields: dict[str, forms.Field]) -> None:
    """A child's record in neutral words: "girl" and "boy", where "they" live."""
    if "gender" in fields:
        fields["gender"].choices = gender_choices(child=True)  # type: ignore[attr-defined]
    if "real_address" in fields and fields["real_address"].help_text:
        fields["real_address"].help_text = _(
            "Where they live. Encrypted; shown only on an audited reveal."
        )


# Person fields as the forms offer them (the editable subset of accord.people.services).
def person_fields() -> dict[str, forms.Field]:
    return {
        "given_name": text(_("Given name"), NAME_MAX, required=True),
        "family_name": text(_("Family name"), NAME_MAX),
        "date_of_birth": forms.DateField(
            label=_("Date of birth"), required=False, widget=DateInput()
        ),
        "gender": forms.ChoiceField(
            label=_("Gender"), required=False, choices=[("", "—"), *Gender.choices]
        ),
        "nationality": text(_("Nationality"), SHORT_TEXT_MAX),
        "residence_status": text(_("Migrant / residence status"), SHORT_TEXT_MAX),
        "disability": text(_("Disability"), SHORT_TEXT_MAX),
        "phone": text(_("Phone"), PHONE_MAX),
        "email": forms.EmailField(label=_("E-mail"), required=False, max_length=254),
        "safe_contact_times": text(_("Safe times to call"), SHORT_TEXT_MAX),
        "substitute_address": text(
            _("Substitute address"),
            ADDRESS_MAX,
            rows=2,
            help_text=_("Where letters may go (a PO box, the service). Shown to her team."),
        ),
        "real_address": text(
            _("Real address"),
            ADDRESS_MAX,
            rows=2,
            help_text=_("Where she lives. Encrypted; shown only on an audited reveal."),
        ),
    }


class PersonFieldsMixin:
    """Cleans the person fields shared by opening a case and editing a person."""

    cleaned_data: dict[str, Any]

    def clean_date_of_birth(self) -> datetime.date | None:
        return check_past_date(self.cleaned_data.get("date_of_birth"))

    def person_values(self) -> dict[str, Any]:
        """Cleaned person fields, blanks as None (no encrypted empty strings)."""
        values = {}
        for name in person_fields():
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            value = self.cleaned_data.get(name)
            if isinstance(value, str):
                value = value.strip() or None
            values[name] = value
        return values


class PersonForm(PersonFieldsMixin, forms.Form):
    """Edit a person's details: only the fields this user reads (`readable`), plus the real
    address as write-only: a new one replaces the old, which is never put in the form."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self,
        *args: Any,
        readable: list[str],
        may_set_address: bool,
        child: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, field in person_fields().items():
            if name in readable:
                self.fields[name] = field
        if child:
            child_wording(self.fields)
        if may_set_address:
            address = person_fields()["real_address"]
            address.label = _("New real address")
            address.help_text = _(
                "Leave empty to keep the address on file. It is not shown here; use “Reveal” on "
                "the case page."
            )
            self.fields["real_address"] = address

    def changes(self) -> dict[str, Any]:
        values = self.person_values()
        if not values.get("real_address"):
            values.pop("real_address", None)
        return values


class PersonSearchForm(forms.Form):
    """ "Is she known to us?": an exact match on name and date of birth (blind index)."""

    given_name = text(_("Given name"), NAME_MAX, required=True)
    family_name = text(_("Family name"), NAME_MAX)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput())

    def clean_date_of_birth(self) -> datetime.date | None:
        return check_past_date(self.cleaned_data.get("date_of_birth"))
