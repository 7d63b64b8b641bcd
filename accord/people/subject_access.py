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
- household events (they concern every member at once).

The PDF is made by WeasyPrint with a URL fetcher that serves local static files only: no
request ever leaves the machine while a person's data is being rendered (docs/product.md §4.8).
"""

import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accord.access.fields import FieldClass
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.audit.services import audit_event_record, object_type_of
from accord.cases.models import Case, Incident, Note, Task, ViolenceForm
from accord.community.models import Accompaniment, EarlyContact
from accord.conferences.models import Action, ConferenceReferral, Minute, Research
from accord.core.pdf import pdf_from_html, stylesheet_uris
from accord.empowerment.models import Mentorship, MentorshipMeeting, PlanGoal, ProfileSnapshot
from accord.outcomes.models import OutcomeResponse, OutcomeSchedule, SelfCompletionLink
from accord.people.models import Consent, HouseholdMember, Person
from accord.programmes.models import (
    Attendance,
    ComplianceReport,
    Enrolment,
    EnrolmentStatusChange,
    PartnerContact,
    PartnerLink,
    SafetyInformation,
    SafetyInformationSource,
    Session,
)
from accord.referrals.models import Referral
from accord.risk.definition import NO, UNKNOWN, YES
from accord.risk.levels import ConferenceCriterion
from accord.risk.models import Assessment
from accord.safety.models import (
    ItemOwner,
    ItemStatus,
    SafetyPlan,
    SafetyPlanItem,
    SafetyPlanVersion,
)

FORMAT_VERSION = "accord.subject-access/1"
STYLESHEETS = ("css/print.css", "css/subject-access-print.css")

# Kept out of the export: the row's database id and lock counter say nothing about her, and the
# blind index is a keyed hash of her name and birth date that is meaningless outside Accord
# (the name and the date themselves are in the file).
PERSON_EXCLUDED = frozenset({"id", "name_dob_index", "version"})
CASE_EXCLUDED = frozenset({"id", "person", "version"})
CHILD_EXCLUDED = frozenset({"id", "case"})
# An assessment's version is its lock counter, like the case's. (A safety plan's version is kept:
# it is also the number of the plan's latest version, which the file lists.)
ASSESSMENT_EXCLUDED = CHILD_EXCLUDED | {"version"}
# A referral made from her case: what was sent and what became of it. Not the receiver's own
# case (another organisation's record) nor the daily run's bookkeeping.
REFERRAL_EXCLUDED = frozenset(
    {"id", "from_case", "receiver_case", "version", "overdue_notified_at"}
)
PLAN_PART_EXCLUDED = frozenset({"id", "plan"})
# The other apps' records: their case is the one they are listed under; a token's hash is no
# data about her.
OTHER_EXCLUDED = frozenset({"id", "case", "version", "token_hash"})
# A consent's version is its lock counter.
CONSENT_EXCLUDED = frozenset({"id", "person", "version"})


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


def _shown(value: Any) -> str:
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
    shown = _shown(value)
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


# Lists of codes stored in JSON, printed by their labels ("Physical, Coercive control" rather
# than "physical, coercive_control").
CODE_LISTS: dict[tuple[str, str], type[models.Choices]] = {
    ("cases.incident", "forms"): ViolenceForm,
    ("cases.case", "conference_criteria"): ConferenceCriterion,
    ("referrals.referral", "categories"): FieldClass,
}
ANSWER_WORDS = {
    YES: gettext_lazy("yes"),
    NO: gettext_lazy("no"),
    UNKNOWN: gettext_lazy("don't know"),
}


def _labels(choices: type[models.Choices], codes: list[str]) -> str:
    known = dict(choices.choices)
    return ", ".join(str(known.get(code, code)) for code in codes) or "—"


def _assessment_shown(assessment: Assessment, name: str, value: Any) -> str | None:
    """Her answers and red flags in the instrument's own words, in the reader's language."""
    spec = assessment.instrument.spec
    language = get_language() or "en"

    def text(key: str, fallback: str) -> str:
        try:
            return spec.text(key, language)
        except KeyError:
            return fallback

    if name == "answers" and isinstance(value, dict):
        return (
            "; ".join(
                f"{text(f'items.{key}', key)}: {ANSWER_WORDS.get(answer, _shown(answer))}"
                for key, answer in value.items()
            )
            or "—"
        )
    if name == "flags" and isinstance(value, list):
        return ", ".join(text(f"flags.{key}", key) for key in value) or "—"
    return None


def _snapshot_shown(snapshot: dict[str, Any]) -> str:
    """A safety plan as it stood: its review date, then each item in a sentence."""
    owners = dict(ItemOwner.choices)
    statuses = dict(ItemStatus.choices)
    lines = []
    if snapshot.get("review_on"):
        review_on = date.fromisoformat(snapshot["review_on"])
        lines.append(_("Review by %(date)s") % {"date": date_format(review_on, "DATE_FORMAT")})
    for item in snapshot.get("items", []):
        owner = str(owners.get(item.get("owner"), item.get("owner", "")))
        if item.get("agency"):
            owner = f"{owner} ({item['agency']})"
        lines.append(
            f"{item.get('section_title', '')}: {item.get('text', '')} — "
            f"{owner}, {statuses.get(item.get('status'), item.get('status', ''))}"
        )
    return "; ".join(lines) or "—"


def _coded_shown(obj: models.Model, name: str, value: Any) -> str | None:
    """How a value stored as codes reads, or None where it is not coded."""
    choices = CODE_LISTS.get((obj._meta.label_lower, name))
    if choices is not None and isinstance(value, list):
        return _labels(choices, value)
    if isinstance(obj, Assessment):
        return _assessment_shown(obj, name, value)
    if isinstance(obj, SafetyPlanVersion) and name == "snapshot" and isinstance(value, dict):
        return _snapshot_shown(value)
    if isinstance(obj, Case) and name == "risk_flags":
        return ", ".join(obj.risk_flag_labels) or "—"
    return None


def _entries(obj: models.Model, excluded: frozenset[str]) -> list[Entry]:
    """Every stored field of `obj` (encrypted ones decrypted), in model order, so a field added
    to the model later is exported without anyone remembering to add it here. A field stored
    as a code also gets its label (`shown`, and `<name>_label` in the JSON)."""
    entries = []
    for field in obj._meta.concrete_fields:
        if field.name in excluded:
            continue
        coded = False
        if field.is_relation:
            value = _related_label(getattr(obj, field.name))
            shown = _shown(value)
        else:
            value = getattr(obj, field.attname)
            display = getattr(obj, f"get_{field.name}_display", None)
            special = _coded_shown(obj, field.name, value)
            if special is not None:
                shown, coded = special, True
            elif field.choices and value not in (None, ""):
                shown, coded = _shown(display()), True
            else:
                shown = _shown(value)
        entries.append(
            Entry(
                name=field.name,
                label=str(field.verbose_name),
                value=value,
                shown=shown,
                coded=coded,
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


def _cases(person: Person) -> list[Case]:
    # One query per kind of record, whatever their number (pinned in test_subject_access_queries);
    # a case has at most one safety plan, joined to it.
    return list(
        Case.objects.filter(person=person)
        .select_related(
            "team__service__organisation",
            "household",
            "key_worker",
            "safety_plan__created_by",
            "safety_plan__updated_by",
            "outcome_schedule",
        )
        .prefetch_related(
            "enrolments__history",
            "enrolments__individual_sessions",
            "enrolments__attendances",
            "enrolments__compliance_reports",
            "partner_links__contacts",
            "conference_referrals__research",
            "conference_referrals__minute",
            "conference_referrals__actions",
            Prefetch(
                "incidents",
                Incident.objects.select_related("recorded_by").order_by("occurred_on", "pk"),
            ),
            Prefetch("notes", Note.objects.select_related("author").order_by("written_at", "pk")),
            Prefetch(
                "tasks",
                Task.objects.select_related("assignee", "created_by").order_by("due_on", "pk"),
            ),
            Prefetch(
                "assessments",
                Assessment.objects.select_related(
                    "instrument", "created_by", "completed_by"
                ).order_by("assessed_on", "pk"),
            ),
            Prefetch(
                "safety_plan__items",
                SafetyPlanItem.objects.select_related("section").order_by(
                    "section__position", "position", "pk"
                ),
            ),
            Prefetch(
                "referrals_sent",
                Referral.objects.select_related(
                    "from_team",
                    "to_service",
                    "protocol",
                    "consent",
                    "created_by",
                    "sent_by",
                    "responded_by",
                    "closed_by",
                    "early_contact",
                ).order_by("created_at", "pk"),
            ),
            Prefetch(
                "safety_plan__versions",
                SafetyPlanVersion.objects.select_related("created_by").order_by("number"),
            ),
            # Her empowerment work, the mentors who accompanied her and her outcome answers
            # (accord/empowerment, accord/community, accord/outcomes): one query per kind.
            Prefetch("profile_snapshots", ProfileSnapshot.objects.order_by("taken_on", "pk")),
            Prefetch("empowerment_goals", PlanGoal.objects.order_by("pk")),
            Prefetch("mentorships", Mentorship.objects.order_by("started_on", "pk")),
            Prefetch("mentorships__meetings", MentorshipMeeting.objects.order_by("met_on", "pk")),
            Prefetch("accompaniments", Accompaniment.objects.order_by("appointment_on", "pk")),
            Prefetch("outcome_responses", OutcomeResponse.objects.order_by("answered_on", "pk")),
            Prefetch(
                "self_completion_links", SelfCompletionLink.objects.order_by("created_at", "pk")
            ),
        )
        .order_by("opened_on", "pk")
    )


def _plan(case: Case) -> SafetyPlan | None:
    try:
        return case.safety_plan
    except SafetyPlan.DoesNotExist:
        return None


def held_records(case: Case) -> dict[type[models.Model], list[models.Model]]:
    """Every record the export holds of one of her cases, by kind, from the rows `_cases`
    prefetched (no query). The file's sections and the audit events are both taken from it, so
    that a kind exported is a kind whose events are exported; test_data_protection_coverage
    checks that it has every kind retention handles."""
    plan = _plan(case)
    return {
        Incident: list(case.incidents.all()),
        Note: list(case.notes.all()),
        Task: list(case.tasks.all()),
        Assessment: list(case.assessments.all()),
        SafetyPlan: [plan] if plan is not None else [],
        SafetyPlanItem: list(plan.items.all()) if plan is not None else [],
        SafetyPlanVersion: list(plan.versions.all()) if plan is not None else [],
        Referral: list(case.referrals_sent.all()),
        **other_records(case),
        **programme_and_conference_records(case),
    }


# Safety information about him is never in his export: it is what her side told the programme,
# and its source row points to her (docs/decisions/0010). Retention still clears and deletes it.
WITHHELD_FROM_EXPORT = frozenset({SafetyInformation, SafetyInformationSource})


def _one(row: models.Model, name: str) -> list[models.Model]:
    """A one-to-one record from a prefetched row: a list of it, or nothing."""
    try:
        return [getattr(row, name)]
    except models.ObjectDoesNotExist:
        return []


def programme_and_conference_records(case: Case) -> dict[type[models.Model], list[models.Model]]:
    """His programme (enrolments and all that hangs off them), her partner contact and the
    risk conference's work on the case, from the rows `_cases` prefetched (no query)."""
    enrolments = list(case.enrolments.all())
    links = list(case.partner_links.all())
    referrals = list(case.conference_referrals.all())
    return {
        Enrolment: enrolments,
        EnrolmentStatusChange: [c for e in enrolments for c in e.history.all()],
        Session: [x for e in enrolments for x in e.individual_sessions.all()],
        Attendance: [x for e in enrolments for x in e.attendances.all()],
        ComplianceReport: [x for e in enrolments for x in e.compliance_reports.all()],
        PartnerLink: links,
        PartnerContact: [x for link in links for x in link.contacts.all()],
        ConferenceReferral: referrals,
        Research: [x for r in referrals for x in r.research.all()],
        Minute: [x for r in referrals for x in _one(r, "minute")],
        Action: [x for r in referrals for x in r.actions.all()],
    }


def _early_contacts(case: Case) -> list[models.Model]:
    found = []
    for referral in case.referrals_sent.all():
        try:
            found.append(referral.early_contact)
        except EarlyContact.DoesNotExist:
            continue
    return found


def _outcome_schedules(case: Case) -> list[models.Model]:
    try:
        return [case.outcome_schedule]
    except OutcomeSchedule.DoesNotExist:
        return []


def other_records(case: Case) -> dict[type[models.Model], list[models.Model]]:
    """The records of the apps built on casework (empowerment, community mentors, outcomes),
    from the rows `_cases` prefetched; the file lists each kind under its own name."""
    return {
        ProfileSnapshot: list(case.profile_snapshots.all()),
        PlanGoal: list(case.empowerment_goals.all()),
        Mentorship: list(case.mentorships.all()),
        MentorshipMeeting: [m for ship in case.mentorships.all() for m in ship.meetings.all()],
        Accompaniment: list(case.accompaniments.all()),
        EarlyContact: _early_contacts(case),
        OutcomeSchedule: _outcome_schedules(case),
        OutcomeResponse: list(case.outcome_responses.all()),
        SelfCompletionLink: list(case.self_completion_links.all()),
    }


def held_person_records(person: Person) -> dict[type[models.Model], list[models.Model]]:
    """Every record the export holds on her record itself, not through a case (one query per
    kind). test_data_protection_coverage checks that it has every kind of PERSON_RECORDS."""
    return {
        Consent: list(
            Consent.objects.filter(person=person)
            .select_related("organisation", "recorded_by", "withdrawn_by", "recorded_on_case")
            .order_by("given_on", "recorded_at", "pk")
        ),
    }


def about_her_records(
    person: Person,
    held: list[tuple[Case, dict[type[models.Model], list[models.Model]]]],
    own: dict[type[models.Model], list[models.Model]],
) -> Q:
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
    person: Person,
    held: list[tuple[Case, dict[type[models.Model], list[models.Model]]]],
    own: dict[type[models.Model], list[models.Model]],
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
class PlanRecord:
    fields: list[Entry]
    items: list[list[Entry]]
    versions: list[list[Entry]]


@dataclass(frozen=True)
class CaseRecord:
    case: Case
    fields: list[Entry]
    incidents: list[list[Entry]]
    notes: list[list[Entry]]
    tasks: list[list[Entry]]
    assessments: list[list[Entry]]
    safety_plan: PlanRecord | None
    referrals: list[list[Entry]]
    # (the kind's name, its records) for the apps built on casework (`other_records`).
    others: list[tuple[str, list[list[Entry]]]]


@dataclass(frozen=True)
class SubjectAccessData:
    person: Person
    person_fields: list[Entry]
    households: list[list[Entry]]
    consents: list[list[Entry]]
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
    return SubjectAccessData(
        person=person,
        person_fields=_entries(person, PERSON_EXCLUDED),
        households=[_entries(m, frozenset({"id", "person"})) for m in memberships],
        consents=[_entries(consent, CONSENT_EXCLUDED) for consent in own[Consent]],
        cases=[_case_record(case, records) for case, records in held],
        events=_audit_events(person, held, own),
    )


def _case_record(case: Case, records: dict[type[models.Model], list[models.Model]]) -> CaseRecord:
    def each(model: type[models.Model], excluded: frozenset[str]) -> list[list[Entry]]:
        return [_entries(record, excluded) for record in records[model]]

    plans = records[SafetyPlan]
    return CaseRecord(
        case=case,
        fields=_entries(case, CASE_EXCLUDED),
        incidents=each(Incident, CHILD_EXCLUDED),
        notes=each(Note, CHILD_EXCLUDED),
        tasks=each(Task, CHILD_EXCLUDED),
        assessments=each(Assessment, ASSESSMENT_EXCLUDED),
        safety_plan=PlanRecord(
            fields=_entries(plans[0], CHILD_EXCLUDED),
            items=each(SafetyPlanItem, PLAN_PART_EXCLUDED),
            versions=each(SafetyPlanVersion, PLAN_PART_EXCLUDED),
        )
        if plans
        else None,
        referrals=each(Referral, REFERRAL_EXCLUDED),
        others=[
            (str(model._meta.verbose_name_plural), each(model, OTHER_EXCLUDED))
            for model in {**other_records(case), **programme_and_conference_records(case)}
        ],
    )


# --- JSON ---------------------------------------------------------------------------------------


def subject_access_json(data: SubjectAccessData, *, printed_by: str, printed_at: datetime) -> bytes:
    document = {
        "format": FORMAT_VERSION,
        "exported_at": printed_at,
        "exported_by": printed_by,
        "holding_organisation": data.person.organisation.name,
        "person": _as_dict(data.person_fields),
        "households": [_as_dict(entries) for entries in data.households],
        "consents": [_as_dict(entries) for entries in data.consents],
        "cases": [
            _as_dict(record.fields)
            | {
                "incidents": [_as_dict(entries) for entries in record.incidents],
                "notes": [_as_dict(entries) for entries in record.notes],
                "tasks": [_as_dict(entries) for entries in record.tasks],
                "assessments": [_as_dict(entries) for entries in record.assessments],
                "safety_plan": _plan_dict(record.safety_plan),
                "referrals": [_as_dict(entries) for entries in record.referrals],
                "other_records": {
                    name: [_as_dict(entries) for entries in records]
                    for name, records in record.others
                },
            }
            for record in data.cases
        ],
        "audit_events": [_event_dict(event) for event in data.events],
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _plan_dict(plan: PlanRecord | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    return _as_dict(plan.fields) | {
        "items": [_as_dict(entries) for entries in plan.items],
        "versions": [_as_dict(entries) for entries in plan.versions],
    }


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
