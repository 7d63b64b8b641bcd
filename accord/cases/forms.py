"""The shape of casework input: lengths, dates, choices. Writing happens in
accord.cases.services, which checks again and raises ValidationError."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Team, User
from accord.cases.models import (
    CaseKind,
    CaseStatus,
    ClosureReason,
    ContactType,
    IncidentSource,
    NoteVisibility,
    ProtectionOrder,
    ViolenceForm,
)
from accord.people.forms import (
    EARLIEST_YEAR,
    NAME_MAX,
    DateInput,
    PersonFieldsMixin,
    check_past_date,
    person_fields,
    text,
)
from accord.people.models import Relationship

NOTE_MAX = 20_000
NARRATIVE_MAX = 20_000
TASK_TITLE_MAX = 500
HOUSEHOLD_REFERENCE_MAX = 20
# A task due further ahead than this is a typing error (e.g. 2205 for 2025).
TASK_HORIZON_YEARS = 5


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class NoteForm(forms.Form):
    contact_type = forms.ChoiceField(label=_("Contact"), choices=ContactType.choices)
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=NoteVisibility.choices,
        initial=NoteVisibility.DISCLOSURE,
        help_text=_("A disclosure is never shown outside the survivor side."),
    )
    text = forms.CharField(
        label=_("Note"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class IncidentForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    date_is_approximate = forms.BooleanField(label=_("The date is approximate"), required=False)
    penetration = forms.BooleanField(
        label=_("Penetration (for the GBVIMS classification of sexual violence)"), required=False
    )
    injuries = forms.BooleanField(label=_("Injuries"), required=False)
    weapons = forms.BooleanField(label=_("Weapon used or threatened"), required=False)
    strangulation = forms.BooleanField(
        label=_("Non-fatal strangulation, choking or suffocation"), required=False
    )
    children_present = forms.BooleanField(label=_("Children present"), required=False)
    police_called = forms.BooleanField(label=_("Police called"), required=False)
    protection_order = forms.ChoiceField(
        label=_("Protection order"), choices=ProtectionOrder.choices, initial=ProtectionOrder.NONE
    )
    source = forms.ChoiceField(label=_("Source"), choices=IncidentSource.choices)
    narrative = forms.CharField(
        label=_("What happened"),
        max_length=NARRATIVE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Named as the service's argument; declared last because the name shadows the module.
    forms = forms.MultipleChoiceField(
        label=_("Forms of violence"),
        choices=ViolenceForm.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["occurred_on", "date_is_approximate", "forms"]

    def clean_occurred_on(self) -> datetime.date | None:
        return check_past_date(self.cleaned_data.get("occurred_on"))


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=TASK_TITLE_MAX)
    due_on = forms.DateField(label=_("Due"), widget=DateInput())
    assignee = WorkerChoiceField(label=_("Assigned to"), queryset=User.objects.none())

    def __init__(self, *args: Any, workers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = workers

    def clean_due_on(self) -> datetime.date:
        due_on = self.cleaned_data["due_on"]
        today = timezone.localdate()
        if due_on.year < EARLIEST_YEAR or due_on.year > today.year + TASK_HORIZON_YEARS:
            raise forms.ValidationError(_("Check the due date: the year looks wrong."), code="year")
        return due_on


class VersionedForm(forms.Form):
    """Carries the version the user opened, for optimistic locking (accord.core.locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CaseEditForm(VersionedForm):
    key_worker = WorkerChoiceField(
        label=_("Key worker"), queryset=User.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (CaseStatus.OPEN, CaseStatus.OPEN.label),
            (CaseStatus.ON_HOLD, CaseStatus.ON_HOLD.label),
        ],
        help_text=_("To close the case, use “Close the case”, which asks for a reason."),
    )

    def __init__(self, *args: Any, workers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key_worker"].queryset = workers


class CaseCloseForm(VersionedForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=ClosureReason.choices)
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())

    def clean_closed_on(self) -> datetime.date | None:
        return check_past_date(self.cleaned_data.get("closed_on"))


class HouseholdChoice:
    NEW = "new"
    EXISTING = "existing"
    NONE = "none"
    CHOICES = [
        (NEW, _("Start a new household")),
        (EXISTING, _("Add to an existing household (give its reference)")),
        (NONE, _("No household")),
    ]


# The relationship a new person has in the household, when the form leaves it to the kind.
DEFAULT_RELATIONSHIP = {
    CaseKind.SURVIVOR_SUPPORT: Relationship.SURVIVOR,
    CaseKind.PARTNER_SUPPORT: Relationship.SURVIVOR,
    CaseKind.PERPETRATOR_PROGRAMME: Relationship.PERSON_USING_VIOLENCE,
    CaseKind.CHILD: Relationship.CHILD,
}


class CaseOpenForm(PersonFieldsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of case"), choices=CaseKind.choices)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=DateInput())
    household = forms.ChoiceField(
        label=_("Household"),
        choices=HouseholdChoice.CHOICES,
        initial=HouseholdChoice.NEW,
        widget=forms.RadioSelect,
    )
    household_reference = forms.CharField(
        label=_("Household reference"),
        max_length=HOUSEHOLD_REFERENCE_MAX,
        required=False,
        help_text=_("For example HH-K7QX2MB."),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship in the household"),
        choices=[("", _("— from the kind of case —")), *Relationship.choices],
        required=False,
    )
    partner_first_name_as_given = text(
        _("His partner's first name, as he gave it"),
        NAME_MAX,
        help_text=_("Programme cases only. All the programme ever sees of her."),
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields.update(person_fields())

    def clean_opened_on(self) -> datetime.date | None:
        return check_past_date(self.cleaned_data.get("opened_on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        reference = (data.get("household_reference") or "").strip().upper()
        data["household_reference"] = reference
        if data.get("household") == HouseholdChoice.EXISTING and not reference:
            self.add_error("household_reference", _("Give the household's reference."))
        if data.get("kind") and not data.get("relationship"):
            data["relationship"] = DEFAULT_RELATIONSHIP[CaseKind(data["kind"])]
        if data.get("kind") != CaseKind.PERPETRATOR_PROGRAMME and data.get(
            "partner_first_name_as_given"
        ):
            self.add_error("partner_first_name_as_given", _("Only a programme case records this."))
        return data
