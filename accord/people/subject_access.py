"""Subject-access export (GDPR art. 15): everything held on one person, for her, as JSON or a
readable PDF.

Who may ask is decided by the access module (`may_export_person`: the DPO of the organisation
that holds the record). The field rules of docs/product.md §4 ("DPO: ✔ on request, audited", and the
address "reveal only") do not narrow what is exported here: the DPO's export *is* the audited
"on request" path, re-authenticated and with a reason, and the file is for the data subject
herself. So it carries every field of hers decrypted, her real address included — it is hers.
What it leaves out is other people's data:

- other household members: only her own membership (reference and relationship) is listed,
  never who else is in the household (third parties, GDPR art. 15(4); and for a man on a
  programme, naming her would break the information barrier);
- audit events by *other* organisations about her records: an event "Women's Aid looked at his
  programme case" would tell him that she is in touch with Women's Aid. The DPO sees every
  event on the audit screens and decides on those with the other organisation's DPO;
- household events (they concern every member at once);
- what an app declares withheld, with its reason (accord/<app>/dataprotection.py): the safety
  information about him is not in his export, since it could point to her.

Which records there are, and how each reads, each app declares in its own dataprotection.py
(accord/people/dpo_registry.py); this module knows no app above people.

The PDF is made by WeasyPrint with a URL fetcher that serves local static files only: no
request ever leaves the machine while a person's data is being rendered (docs/product.md §4.8).
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.audit.services import audit_event_record, object_type_of
from accord.core.pdf import pdf_from_html, stylesheet_uris
from accord.people import dpo_registry
from accord.people.dpo_registry import CaseRecordKind, Shown
from accord.people.models import HouseholdMember, Person

FORMAT_VERSION = "accord.subject-access/1"
STYLESHEETS = ("css/print.css", "css/subject-access-print.css")

# Kept out of the export: the row's database id and lock counter say nothing about her, and the
# blind index is a keyed hash of her name and birth date that is meaningless outside Accord
# (the name and the date themselves are in the file).
PERSON_EXCLUDED = frozenset({"id", "name_dob_index", "version"})

Held = dict[type[models.Model], list[models.Model]]


class ExportFormat(StrEnum):
    JSON = "json"
    PDF = "pdf"


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    content_type: str
    filename: str


@dataclass(frozen=True)
class Entry:
    """One field of a record: its name and raw value (JSON), its label and shown value (PDF)."""

    name: str
    label: str
    value: Any
    shown: str
    # Stored as a code (a choice, a list of codes, her answers): `shown` is its words.
    coded: bool = False


# --- what is held ------------------------------------------------------------------------------


def shown_value(value: Any) -> str:
    """A stored value as the PDF prints it."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(_nested(item) for item in value)
    if isinstance(value, dict):
        # Her answers to an assessment, a safety plan's snapshot: key by key, as stored.
        return "; ".join(f"{key}: {_nested(item)}" for key, item in value.items())
    return str(value)


def _nested(value: Any) -> str:
    shown = shown_value(value)
    # A record inside a list is bracketed, so that where one ends and the next begins is clear.
    return f"({shown})" if isinstance(value, dict) else shown


def _related_label(obj: models.Model | None) -> str | None:
    if obj is None:
        return None
    if hasattr(obj, "get_username"):
        # Staff appear by their names, as on the pages (the audit log keeps user names).
        return obj.get_full_name() or obj.get_username()
    if hasattr(obj, "reference"):
        return obj.reference
    return getattr(obj, "name", None) or str(obj)


def labels_of(choices: type[models.Choices], codes: list[str]) -> str:
    """A list of codes stored in JSON, by their labels ("Physical, Coercive control" rather
    than "physical, coercive_control")."""
    known = dict(choices.choices)
    return ", ".join(str(known.get(code, code)) for code in codes) or "—"


def coded_lists(lists: dict[str, type[models.Choices]]) -> Shown:
    """The `shown` of a kind whose fields named in `lists` hold lists of codes of those choices."""

    def shown(obj: models.Model, name: str, value: Any) -> str | None:
        choices = lists.get(name)
        if choices is not None and isinstance(value, list):
            return labels_of(choices, value)
        return None

    return shown


def _entries(
    obj: models.Model, excluded: frozenset[str], coded: Shown | None = None
) -> list[Entry]:
    """Every stored field of `obj` (encrypted ones decrypted), in model order, so a field added
    to the model later is exported without anyone remembering to add it here. A field stored
    as a code also gets its label (`shown`, and `<name>_label` in the JSON); the kind's own
    `coded` says how its lists of codes and answers read."""
    entries = []
    for model_field in obj._meta.concrete_fields:
        if model_field.name in excluded:
            continue
        is_coded = False
        if model_field.is_relation:
            value = _related_label(getattr(obj, model_field.name))
            shown = shown_value(value)
        else:
            value = getattr(obj, model_field.attname)
            display = getattr(obj, f"get_{model_field.name}_display", None)
            special = coded(obj, model_field.name, value) if coded is not None else None
            if special is not None:
                shown, is_coded = special, True
            elif model_field.choices and value not in (None, ""):
                shown, is_coded = shown_value(display()), True
            else:
                shown = shown_value(value)
        entries.append(
            Entry(
                name=model_field.name,
                label=str(model_field.verbose_name),
                value=value,
                shown=shown,
                coded=is_coded,
            )
        )
    return entries


def _as_dict(entries: list[Entry]) -> dict[str, Any]:
    """The raw values, and beside each coded one its words (`forms` and `forms_label`)."""
    data: dict[str, Any] = {}
    for entry in entries:
        data[entry.name] = entry.value
        if entry.coded:
            data[f"{entry.name}_label"] = entry.shown
    return data


def _cases(person: Person) -> list[models.Model]:
    # One query per kind of record, whatever their number (pinned in test_subject_access_queries):
    # each app declares the joins and prefetches of its kinds (accord/<app>/dataprotection.py).
    return list(dpo_registry.cases_for_export(person))


def held_records(case: models.Model) -> Held:
    """Every record the export holds of one of her cases, by kind, from the rows `_cases`
    prefetched (no query). The file's sections and the audit events are both taken from it, so
    that a kind exported is a kind whose events are exported; test_data_protection_coverage
    checks that it has every kind retention handles, but those withheld from her export (e.g.
    the safety information about him, which could point to her: docs/decisions/0010)."""
    return {
        kind.model: kind.held(case)
        for kind in dpo_registry.exported_kinds()
        if kind.held is not None
    }


def held_person_records(person: Person) -> Held:
    """Every record the export holds on her record itself, not through a case (one query per
    kind). test_data_protection_coverage checks that it has every kind declared."""
    return {kind.model: kind.held(person) for kind in dpo_registry.person_record_kinds()}


def about_her_records(person: Person, held: list[tuple[models.Model, Held]], own: Held) -> Q:
    """The audit events about her record, her cases and everything in them, of every kind."""
    ids: dict[str, list[str]] = {}
    for model, rows in own.items():
        ids.setdefault(model._meta.label_lower, []).extend(str(row.pk) for row in rows)
    for case, records in held:
        ids.setdefault(object_type_of(case), []).append(str(case.pk))
        for model, rows in records.items():
            ids.setdefault(model._meta.label_lower, []).extend(str(row.pk) for row in rows)
    about = Q(object_type=object_type_of(person), object_id=str(person.pk))
    for object_type, pks in ids.items():
        if pks:
            about |= Q(object_type=object_type, object_id__in=pks)
    return about


def person_records_query(person: Person) -> Q:
    """`about_her_records` for her as she is held now (one query per kind of record): the
    DPO's "who accessed her records" asks it."""
    return about_her_records(
        person, [(case, held_records(case)) for case in _cases(person)], held_person_records(person)
    )


def _audit_events(
    person: Person, held: list[tuple[models.Model, Held]], own: Held
) -> list[AuditEvent]:
    """Events about her record, her cases and what is in them, done by her holding
    organisation's people or by the platform itself (see the module docstring for why other
    organisations' events are left out)."""
    by_holder = Q(acting_organisation_id=person.organisation_id) | Q(
        acting_organisation_id__isnull=True, actor_id__isnull=True
    )
    return list(
        AuditEvent.objects.filter(about_her_records(person, held, own), by_holder).order_by("seq")
    )


def _event_dict(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at,
        "by": event.actor_label,
        "action": event.action,
        "record_type": event.object_type,
        "record_id": event.object_id,
        "reason": event.reason,
    }


@dataclass(frozen=True)
class Section:
    """One kind of record in a case of the file: its key ("" for the other records, listed by
    their plural name) and heading, and each record's fields. A `single` section (the safety
    plan) holds one record or none, with its parts (the plan's items and versions)."""

    key: str
    heading: str | Promise
    records: list[list[Entry]]
    single: bool = False
    parts: list["Section"] = field(default_factory=list)


@dataclass(frozen=True)
class PersonSection:
    key: str
    heading: str | Promise
    records: list[list[Entry]]


@dataclass(frozen=True)
class CaseRecord:
    case: models.Model
    fields: list[Entry]
    # In the order each app declared (`CaseRecordKind.order`).
    sections: list[Section]


@dataclass(frozen=True)
class SubjectAccessData:
    person: Person
    person_fields: list[Entry]
    households: list[list[Entry]]
    # Her records that are not in a case (her consents), each kind a section.
    person_sections: list[PersonSection]
    cases: list[CaseRecord]
    events: list[AuditEvent]


def subject_access_data(*, person: Person) -> SubjectAccessData:
    """Everything held on `person`. The caller has checked `may_export_person`."""
    memberships = list(
        HouseholdMember.objects.filter(person=person)
        .select_related("household", "added_by")
        .order_by("added_at", "pk")
    )
    own = held_person_records(person)
    held = [(case, held_records(case)) for case in _cases(person)]
    cases = dpo_registry.her_cases()
    return SubjectAccessData(
        person=person,
        person_fields=_entries(person, PERSON_EXCLUDED),
        households=[_entries(m, frozenset({"id", "person"})) for m in memberships],
        person_sections=[
            PersonSection(
                key=kind.section,
                heading=kind.heading,
                records=[_entries(row, kind.exported_without) for row in own[kind.model]],
            )
            for kind in dpo_registry.person_record_kinds()
        ],
        cases=[
            CaseRecord(
                case=case,
                fields=_entries(case, cases.exported_without, cases.shown),
                sections=_sections(records),
            )
            for case, records in held
        ],
        events=_audit_events(person, held, own),
    )


def _section(kind: CaseRecordKind, records: Held) -> Section:
    heading = kind.heading or kind.model._meta.verbose_name_plural
    rows = [_entries(row, kind.exported_without, kind.shown) for row in records[kind.model]]
    return Section(key=kind.section, heading=heading, records=rows, single=kind.single)


def _sections(records: Held) -> list[Section]:
    kinds = sorted(dpo_registry.exported_kinds(), key=lambda kind: kind.order)
    sections = []
    for kind in kinds:
        if kind.part_of is not None:
            continue
        section = _section(kind, records)
        section.parts.extend(
            _section(part, records) for part in kinds if part.part_of is kind.model
        )
        sections.append(section)
    return sections


# --- JSON ---------------------------------------------------------------------------------------


def _section_json(section: Section) -> Any:
    if not section.single:
        return [_as_dict(entries) for entries in section.records]
    if not section.records:
        return None
    return _as_dict(section.records[0]) | {
        part.key: [_as_dict(entries) for entries in part.records] for part in section.parts
    }


def _case_json(record: CaseRecord) -> dict[str, Any]:
    document = _as_dict(record.fields)
    others: dict[str, Any] = {}
    for section in record.sections:
        if section.key:
            document[section.key] = _section_json(section)
        else:
            others[str(section.heading)] = _section_json(section)
    document["other_records"] = others
    return document


def subject_access_json(data: SubjectAccessData, *, printed_by: str, printed_at: datetime) -> bytes:
    document = {
        "format": FORMAT_VERSION,
        "exported_at": printed_at,
        "exported_by": printed_by,
        "holding_organisation": data.person.organisation.name,
        "person": _as_dict(data.person_fields),
        "households": [_as_dict(entries) for entries in data.households],
        **{
            section.key: [_as_dict(entries) for entries in section.records]
            for section in data.person_sections
        },
        "cases": [_case_json(record) for record in data.cases],
        "audit_events": [_event_dict(event) for event in data.events],
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


# --- PDF ----------------------------------------------------------------------------------------


def subject_access_html(
    data: SubjectAccessData, *, printed_by: str, printed_at: datetime, reason: str
) -> str:
    return render_to_string(
        "people/subject_access_pdf.html",
        {
            "data": data,
            "printed_by": printed_by,
            "printed_at": timezone.localtime(printed_at),
            "reason": reason,
            "stylesheet_urls": stylesheet_uris(STYLESHEETS),
        },
    )


# --- the audited export -------------------------------------------------------------------------


def person_subject_access_export(
    *, actor: Actor, person: Person, reason: str, file_format: ExportFormat
) -> ExportedFile:
    """The subject-access file for `person`, and its audit event, in one transaction: if the
    file cannot be made, no event says it was; if the event cannot be written, no file leaves.

    The caller has checked `may_export_person` and a fresh re-authentication."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say which request this export answers.")})
    printed_at = timezone.now()
    printed_by = actor.display_name
    # The file name says what and when, never whose.
    stem = f"subject-access-{timezone.localtime(printed_at):%Y-%m-%d}"
    with transaction.atomic():
        data = subject_access_data(person=person)
        if file_format == ExportFormat.PDF:
            html = subject_access_html(
                data, printed_by=printed_by, printed_at=printed_at, reason=reason
            )
            exported = ExportedFile(pdf_from_html(html), "application/pdf", f"{stem}.pdf")
        else:
            content = subject_access_json(data, printed_by=printed_by, printed_at=printed_at)
            exported = ExportedFile(content, "application/json", f"{stem}.json")
        audit_event_record(
            actor=actor,
            action="person.subject_access_exported",
            obj=person,
            subject_organisation_id=person.organisation_id,
            reason=f"{file_format}: {reason}",
        )
    return exported
