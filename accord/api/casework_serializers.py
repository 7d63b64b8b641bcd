"""Casework in the API: the shapes of persons, households, cases, incidents, notes and tasks.

Output serializers print only what the access module lets the reader see (docs/product.md §4): each
field belongs to a field class (accord.access.fields.FIELD_CLASSES, or `extra_classes` below for
the API's own link fields) and is left out unless the reader's `CaseAccess` reads that class. A
person is always printed in the context of a case, with that case's access. The real address
has no field here at all: it is shown only on the UI's audited reveal.

Output fields are declared `required=False` so that the schema says what is true: any of them
may be absent from a response. Input serializers check shape and size only; the services
(accord.people.services, accord.cases.services) validate the rest and audit.
"""

import datetime
from collections.abc import Iterable
from typing import Any, Protocol

from django.core.validators import MinValueValidator
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField

from accord.access.fields import FieldClass, field_class_of
from accord.access.policy import CaseAccess
from accord.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    ClosureReason,
    ContactType,
    GbvimsType,
    IncidentSource,
    NoteVisibility,
    ProtectionOrder,
    ViolenceForm,
)
from accord.people.models import Gender, Relationship

# Sizes: generous for real use, small enough that a pasted file or a flood is refused (400).
NAME_MAX = 200
SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 20_000
LIST_MAX = 20
# Ids beyond this overflow a database integer: refused as input rather than failing in SQL.
ID_MAX = 2**63 - 1
EARLIEST_WRITTEN_AT = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
VERSION_MAX = 2**31 - 1

ALWAYS = "always"


class ReadsFieldClasses(Protocol):
    def reads(self, field_class: FieldClass) -> bool: ...


class CombinedAccess:
    """A person reached through several cases: the most permissive of their accesses, field
    class by field class (each one alone would already show that class)."""

    def __init__(self, accesses: Iterable[CaseAccess]) -> None:
        self.accesses = list(accesses)

    def reads(self, field_class: FieldClass) -> bool:
        return any(access.reads(field_class) for access in self.accesses)


def access_in(context: dict[str, Any], case: Case) -> ReadsFieldClasses:
    """The access a serializer prints `case` (or something of it) with: one for a detail,
    one per case for a list (accord.access.policy.case_accesses)."""
    if "access" in context:
        return context["access"]
    return context["accesses"][case.pk]


class FieldRuleSerializer(serializers.Serializer):
    """Prints a field only when the reader's access reads its field class; a field with no
    class is never printed (as FIELD_CLASSES says)."""

    label_lower = ""
    extra_classes: dict[str, FieldClass | str] = {}

    def field_class(self, name: str) -> FieldClass | str | None:
        return self.extra_classes.get(name) or field_class_of(self.label_lower, name)

    def access_of(self, instance: Model) -> ReadsFieldClasses:
        return self.context["access"]

    def to_representation(self, instance: Model) -> dict[str, Any]:
        access = self.access_of(instance)
        data: dict[str, Any] = {}
        for field in self._readable_fields:
            field_class = self.field_class(field.field_name)
            if field_class is None:
                continue
            if field_class != ALWAYS and not access.reads(field_class):
                continue
            # Read the attribute only now: a field the reader may not see is never decrypted.
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            data[field.field_name] = (
                None if attribute is None else field.to_representation(attribute)
            )
        return data


def optional(field_class: type[serializers.Field], **kwargs: Any) -> serializers.Field:
    return field_class(required=False, **kwargs)


# --- output -------------------------------------------------------------------------------------


class PersonSerializer(FieldRuleSerializer):
    """A person as the reader's access to the case shows her. Never the real address."""

    label_lower = "people.person"
    extra_classes = {"uid": FieldClass.ADMINISTRATIVE}

    uid = optional(serializers.UUIDField)
    given_name = optional(serializers.CharField)
    family_name = optional(serializers.CharField, allow_null=True)
    aliases = optional(serializers.ListField, child=serializers.CharField())
    date_of_birth = optional(serializers.DateField, allow_null=True)
    gender = optional(serializers.ChoiceField, choices=Gender.choices, allow_null=True)
    languages = optional(serializers.ListField, child=serializers.CharField())
    nationality = optional(serializers.CharField, allow_null=True)
    residence_status = optional(serializers.CharField, allow_null=True)
    disability = optional(serializers.CharField, allow_null=True)
    interpreter_needed = optional(serializers.BooleanField)
    phone = optional(serializers.CharField, allow_null=True)
    email = optional(serializers.CharField, allow_null=True)
    safe_contact_times = optional(serializers.CharField, allow_null=True)
    substitute_address = optional(serializers.CharField, allow_null=True)


class PersonSummarySerializer(PersonSerializer):
    """What a case list shows of the person: enough to recognise the case, nothing to reach her."""

    class Meta:
        fields = ["uid", "given_name", "family_name"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {name: fields[name] for name in self.Meta.fields}


class CaseLinkSerializer(serializers.Serializer):
    reference = optional(serializers.CharField)
    kind = optional(serializers.ChoiceField, choices=CaseKind.choices)
    status = optional(serializers.ChoiceField, choices=CaseStatus.choices)


class PersonDetailSerializer(PersonSerializer):
    """/persons/{uid}/: the person with the cases the reader reaches her through."""

    extra_classes = {**PersonSerializer.extra_classes, "cases": ALWAYS}

    cases = serializers.SerializerMethodField()

    @extend_schema_field(CaseLinkSerializer(many=True))
    def get_cases(self, person: Model) -> list[dict[str, Any]]:
        return CaseLinkSerializer(self.context["cases"], many=True).data


@extend_schema_field(PersonSerializer)
class PersonInCaseField(serializers.Field):
    """The case's person, printed with the reader's access to that case."""

    serializer_class: type[PersonSerializer] = PersonSerializer

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", required=False, **kwargs)

    def to_representation(self, case: Case) -> dict[str, Any]:
        access = access_in(self.context, case)
        return self.serializer_class(case.person, context={"access": access}).data


@extend_schema_field(PersonSummarySerializer)
class PersonSummaryInCaseField(PersonInCaseField):
    serializer_class = PersonSummarySerializer


class CaseSerializer(FieldRuleSerializer):
    """A case and its person, with the fields your access to the case allows: any field may be
    absent. `version` is what a change must send back (optimistic locking)."""

    label_lower = "cases.case"
    extra_classes = {
        "team_name": FieldClass.ADMINISTRATIVE,
        "key_worker_username": FieldClass.ADMINISTRATIVE,
        "household": FieldClass.ADMINISTRATIVE,
        "version": FieldClass.ADMINISTRATIVE,
        "person": FieldClass.ADMINISTRATIVE,
    }

    reference = optional(serializers.CharField)
    kind = optional(serializers.ChoiceField, choices=CaseKind.choices)
    status = optional(serializers.ChoiceField, choices=CaseStatus.choices)
    team = optional(serializers.IntegerField, source="team_id")
    team_name = optional(serializers.CharField, source="team.name")
    key_worker = optional(serializers.IntegerField, source="key_worker_id", allow_null=True)
    key_worker_username = optional(
        serializers.CharField, source="key_worker.username", allow_null=True
    )
    opened_on = optional(serializers.DateField)
    closed_on = optional(serializers.DateField, allow_null=True)
    closure_reason = optional(serializers.CharField, allow_blank=True)
    risk_level = optional(serializers.CharField, allow_blank=True)
    partner_first_name_as_given = optional(serializers.CharField, allow_null=True)
    household = optional(serializers.CharField, source="household.reference", allow_null=True)
    version = optional(serializers.IntegerField)
    person = PersonInCaseField()

    def access_of(self, instance: Case) -> ReadsFieldClasses:
        return access_in(self.context, instance)


class CaseListSerializer(CaseSerializer):
    """A case in a list: as a case, with its person summarised."""

    person = PersonSummaryInCaseField()


class StaleCaseSerializer(serializers.Serializer):
    """409: someone saved the case first. Nothing of the request was saved."""

    detail = serializers.CharField()
    current = CaseSerializer()


class HouseholdCaseSerializer(serializers.Serializer):
    reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    person = serializers.UUIDField(help_text="The uid of the case's person.")
    relationship = serializers.ChoiceField(choices=Relationship.choices, allow_null=True)


class HouseholdSerializer(serializers.Serializer):
    """A household as far as the reader reaches it: only the cases (and so the members) she
    may see; the rest of the household is not mentioned."""

    reference = serializers.CharField()
    created_at = serializers.DateTimeField()
    cases = HouseholdCaseSerializer(many=True)


class IncidentSerializer(serializers.Serializer):
    # Printed whole or not at all: every field of an incident is disclosure (FIELD_CLASSES).
    uid = serializers.UUIDField()
    occurred_on = serializers.DateField(allow_null=True)
    date_is_approximate = serializers.BooleanField()
    forms = serializers.ListField(child=serializers.ChoiceField(choices=ViolenceForm.choices))
    penetration = serializers.BooleanField()
    gbvims_type = serializers.ChoiceField(choices=GbvimsType.choices)
    injuries = serializers.BooleanField()
    weapons = serializers.BooleanField()
    strangulation = serializers.BooleanField()
    children_present = serializers.BooleanField()
    police_called = serializers.BooleanField()
    protection_order = serializers.ChoiceField(choices=ProtectionOrder.choices)
    source = serializers.ChoiceField(choices=IncidentSource.choices)
    narrative = serializers.CharField(allow_null=True)
    recorded_by = serializers.CharField(source="recorded_by.username")
    recorded_at = serializers.DateTimeField()


class NoteSerializer(serializers.Serializer):
    # Printed whole or not at all, as CaseAccess.reads_row decides.
    uid = serializers.UUIDField()
    contact_type = serializers.ChoiceField(choices=ContactType.choices)
    visibility = serializers.ChoiceField(choices=NoteVisibility.choices)
    text = serializers.CharField()
    author = serializers.CharField(source="author.username")
    written_at = serializers.DateTimeField()


class TaskSerializer(serializers.Serializer):
    # Every field of a task is administrative (FIELD_CLASSES): printed whole or not at all.
    uid = serializers.UUIDField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    assignee = serializers.IntegerField(source="assignee_id")
    assignee_username = serializers.CharField(source="assignee.username")
    done_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


# --- input --------------------------------------------------------------------------------------


def _text(max_length: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, **kwargs)


def _optional_text(max_length: int) -> serializers.CharField:
    return _text(max_length, required=False, allow_blank=True, allow_null=True)


def _id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


def _version() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=VERSION_MAX,
        help_text="The version you read: a stale one is refused with 409 Conflict.",
    )


class PersonInputSerializer(serializers.Serializer):
    """A new person's record. `real_address` may be written; it is never read back here."""

    given_name = _text(NAME_MAX)
    family_name = _optional_text(NAME_MAX)
    aliases = serializers.ListField(child=_text(NAME_MAX), max_length=LIST_MAX, required=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_null=True)
    languages = serializers.ListField(child=_text(35), max_length=LIST_MAX, required=False)
    nationality = _optional_text(NAME_MAX)
    residence_status = _optional_text(NAME_MAX)
    disability = _optional_text(SHORT_TEXT_MAX)
    interpreter_needed = serializers.BooleanField(required=False)
    phone = _optional_text(40)
    email = serializers.EmailField(
        max_length=254, required=False, allow_blank=True, allow_null=True
    )
    safe_contact_times = _optional_text(SHORT_TEXT_MAX)
    substitute_address = _optional_text(SHORT_TEXT_MAX)
    real_address = serializers.CharField(
        max_length=SHORT_TEXT_MAX,
        required=False,
        allow_blank=True,
        allow_null=True,
        write_only=True,
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A cleared text is "no value" (NULL), not an encrypted empty string.
        return {name: (None if value == "" else value) for name, value in attrs.items()}


class CaseOpenSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    team = _id(help_text="The owning team: one whose cases you work.")
    key_worker = _id(
        required=False,
        allow_null=True,
        help_text="A user who works this team's cases; you, if left out.",
    )
    person = serializers.UUIDField(
        required=False, help_text="An existing person's uid (one you reach through a case)."
    )
    person_details = PersonInputSerializer(required=False, help_text="A new person's record.")
    household = serializers.CharField(
        max_length=20, required=False, help_text="An existing household's reference."
    )
    relationship = serializers.ChoiceField(
        choices=Relationship.choices,
        required=False,
        help_text="The person's place in the household, if she is not in it yet.",
    )
    opened_on = serializers.DateField(required=False)
    partner_first_name_as_given = _text(NAME_MAX, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("person" in attrs) == ("person_details" in attrs):
            raise serializers.ValidationError(
                {"person": _("Give either an existing person's uid or the new person's details.")}
            )
        return attrs


class CaseUpdateSerializer(serializers.Serializer):
    version = _version()
    key_worker = _id(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)


class CaseCloseSerializer(serializers.Serializer):
    version = _version()
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    closed_on = serializers.DateField(required=False, help_text="Today, if left out.")


class IncidentInputSerializer(serializers.Serializer):
    forms = serializers.ListField(
        child=serializers.ChoiceField(choices=ViolenceForm.choices),
        allow_empty=False,
        max_length=len(ViolenceForm.choices),
    )
    source = serializers.ChoiceField(choices=IncidentSource.choices)
    occurred_on = serializers.DateField(required=False, allow_null=True)
    date_is_approximate = serializers.BooleanField(default=False)
    penetration = serializers.BooleanField(default=False)
    injuries = serializers.BooleanField(default=False)
    weapons = serializers.BooleanField(default=False)
    strangulation = serializers.BooleanField(default=False)
    children_present = serializers.BooleanField(default=False)
    police_called = serializers.BooleanField(default=False)
    protection_order = serializers.ChoiceField(
        choices=ProtectionOrder.choices, default=ProtectionOrder.NONE
    )
    narrative = _text(LONG_TEXT_MAX, required=False, allow_blank=True)


class NoteInputSerializer(serializers.Serializer):
    contact_type = serializers.ChoiceField(choices=ContactType.choices)
    text = _text(LONG_TEXT_MAX)
    visibility = serializers.ChoiceField(
        choices=NoteVisibility.choices, default=NoteVisibility.DISCLOSURE
    )
    written_at = serializers.DateTimeField(
        required=False,
        # Before 1900 a date is a typing error; and the time zones' local mean times of those
        # years have offsets in seconds, which an ISO 8601 date-time cannot carry back.
        validators=[MinValueValidator(EARLIEST_WRITTEN_AT)],
        help_text="Now, if left out.",
    )


class TaskInputSerializer(serializers.Serializer):
    title = _text(SHORT_TEXT_MAX)
    due_on = serializers.DateField()
    assignee = _id(
        required=False, help_text="A user who works this case's team's cases; you, if left out."
    )
