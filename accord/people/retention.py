"""The end of a person's record: retention (anonymise or delete once her cases have been closed
long enough, by her holding organisation's policy) and erasure on request by the DPO.

Each person is handled in her own transaction, with her cases locked and the rule checked again
under the lock, so a case reopened meanwhile protects her. Each leaves a tombstone in the audit
log: the action, the person's id and counts, never a name or any other of her data.

When a person is due:
- she has cases, and every one of them has been closed for *more than* the policy's years (an
  open or on-hold case protects her, however old the others are);
- she has no case of her own: her households' cases decide (an open one, or one closed within the
  period, keeps her, as she is part of that casework); with none at all, the period counts from
  the day her record was created.

A person whose own cases are all closed long enough is anonymised or deleted *even if someone
else in her household still has an open case*: that case is about the other person, and keeps
its household (her membership goes with her record when it is deleted).
"""

import copy
import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.accounts.models import Organisation, RetentionAction
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases.models import Case, CaseStatus, Incident, Note, Task
from accord.conferences.models import Action as ConferenceAction
from accord.conferences.models import ConferenceReferral, Minute, Research
from accord.core.fields import EncryptedField
from accord.people.models import Consent, Household, Person
from accord.referrals.models import Referral
from accord.risk.models import Assessment
from accord.safety.models import SafetyPlan, SafetyPlanItem, SafetyPlanVersion

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CaseRecordKind:
    """A kind of record held about a person through one of her cases."""

    model: type[models.Model]
    # From the record to its case, as in a queryset filter.
    to_case: str = "case"
    # Its name in the tombstone's counts; None for a record that is part of one counted already.
    counted_as: str | None = None
    # Values that clear an encrypted field whose readers need a shape rather than an empty value
    # (by field name; every other encrypted field gets its empty value).
    cleared: dict[str, object] = field(default_factory=dict)

    def of(self, person: Person) -> QuerySet:
        return self.model.objects.filter(**{f"{self.to_case}__person": person})


# A version's snapshot cleared: no items and no review date, in the shape the plan's history
# (accord.safety.selectors.plan_versions) reads, so an anonymised case's plan still opens.
CLEARED_SNAPSHOT = {"review_on": "", "items": []}

# Every model that holds data about a person through her cases: anonymising clears their
# encrypted fields, deleting her cases removes them (every one is reached by CASCADE). The test
# test_data_protection_coverage fails when a new model points at a person, a case or one of
# these without being listed here.
CASE_RECORDS: tuple[CaseRecordKind, ...] = (
    CaseRecordKind(Incident, counted_as="incidents"),
    CaseRecordKind(Note, counted_as="notes"),
    CaseRecordKind(Task, counted_as="tasks"),
    CaseRecordKind(Assessment, counted_as="assessments"),
    # The plan is its items (it holds a review date and who changed it); the versions are its
    # history: neither is counted on its own.
    CaseRecordKind(SafetyPlan),
    CaseRecordKind(SafetyPlanItem, "plan__case", counted_as="safety-plan items"),
    CaseRecordKind(SafetyPlanVersion, "plan__case", cleared={"snapshot": CLEARED_SNAPSHOT}),
    # What was sent of her to another service (the payload, why, any override's reason): it
    # goes with the case it was sent from. The receiver's own case is its own record.
    CaseRecordKind(Referral, "from_case", counted_as="referrals"),
    # What a risk conference holds of her: the referral's snapshot, each agency's research, the
    # minute and the actions; they go with the case she was referred from.
    CaseRecordKind(ConferenceReferral),
    CaseRecordKind(Research, "referral__case"),
    CaseRecordKind(Minute, "referral__case"),
    CaseRecordKind(ConferenceAction, "referral__case"),
)


@dataclass(frozen=True)
class PersonRecordKind:
    """A kind of record held about a person directly, not through one of her cases."""

    model: type[models.Model]
    # From the record to her, as in a queryset filter.
    to_person: str = "person"
    counted_as: str | None = None

    def of(self, person: Person) -> QuerySet:
        return self.model.objects.filter(**{self.to_person: person})


# Every model that holds data about a person on her record itself (her consents outlive the case
# they were recorded from): anonymising clears their encrypted fields, deleting her record
# removes them (CASCADE). Her household memberships are handled by name: they hold no personal
# data, and deleting her record removes them too.
PERSON_RECORDS: tuple[PersonRecordKind, ...] = (PersonRecordKind(Consent, counted_as="consents"),)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _live(cases: QuerySet[Case], cutoff: datetime.date) -> QuerySet[Case]:
    """Cases that keep a record: not closed, or closed on or after the cutoff."""
    return cases.filter(~Q(status=CaseStatus.CLOSED) | Q(closed_on__gte=cutoff))


def due_people(organisation: Organisation, *, today: datetime.date) -> QuerySet[Person]:
    """The people held by `organisation` whose retention period is over on `today`."""
    cutoff = years_before(today, organisation.retention_years)
    created_before = datetime.datetime.combine(
        cutoff, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    own = Case.objects.filter(person=OuterRef("pk"))
    households = Case.objects.filter(household__memberships__person=OuterRef("pk"))
    people = Person.objects.filter(organisation=organisation).filter(
        Q(Exists(own), ~Exists(_live(own, cutoff)))
        | Q(~Exists(own), ~Exists(_live(households, cutoff)), created_at__lt=created_before)
    )
    if organisation.retention_action == RetentionAction.ANONYMISE:
        people = people.filter(anonymised_at__isnull=True)
    return people


@dataclass
class RetentionReport:
    anonymised: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    # People whose handling failed (e.g. another record still points at them): left unchanged,
    # tried again on the next run, and named by id in the log.
    failed: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "anonymised": len(self.anonymised),
            "deleted": len(self.deleted),
            "failed": len(self.failed),
        }


@dataclass(frozen=True)
class Removed:
    """How many of her records were deleted or cleared, by kind, for the tombstone."""

    counts: tuple[tuple[str, int], ...]

    def __str__(self) -> str:
        return ", ".join(f"{name} {count}" for name, count in self.counts)


def _count(person: Person) -> Removed:
    return Removed(
        (
            ("cases", Case.objects.filter(person=person).count()),
            *(
                (kind.counted_as, kind.of(person).count())
                for kind in (*CASE_RECORDS, *PERSON_RECORDS)
                if kind.counted_as is not None
            ),
        )
    )


def _neutral(model_field: EncryptedField, cleared: dict[str, object]) -> object:
    if model_field.name in cleared:
        return copy.deepcopy(cleared[model_field.name])
    if model_field.null:
        return None
    if model_field.has_default():
        return model_field.get_default()
    return ""


def _clear(obj: models.Model, cleared: dict[str, object] | None = None) -> list[str]:
    names = []
    for model_field in obj._meta.concrete_fields:
        if isinstance(model_field, EncryptedField):
            setattr(obj, model_field.attname, _neutral(model_field, cleared or {}))
            names.append(model_field.attname)
    return names


def _anonymise(person: Person) -> Removed:
    """Clear everything that says who she is or what happened to her; keep the rows (case kind,
    dates, status, forms of violence, risk level, assessments' scores, levels and red flags,
    plan items' owners and statuses, consents' scopes and dates), so that the counts stay true."""
    removed = _count(person)
    _clear(person)
    person.name_dob_index = ""
    person.anonymised_at = timezone.now()
    person.version += 1
    person.save()
    for case in Case.objects.filter(person=person):
        fields = _clear(case)
        case.version += 1
        case.save(update_fields=[*fields, "version", "updated_at"])
    for kind in CASE_RECORDS:
        for record in kind.of(person):
            # A kind with no encrypted field (the plan) clears nothing: save() with no fields is
            # no query.
            record.save(update_fields=_clear(record, kind.cleared))
    for person_kind in PERSON_RECORDS:
        for record in person_kind.of(person):
            record.save(update_fields=_clear(record))
    return removed


def _delete(person: Person) -> Removed:
    """Delete her cases (every kind of CASE_RECORDS goes with them), her household memberships,
    her record and every kind of PERSON_RECORDS with it; a household left with no one and no
    case goes too."""
    removed = _count(person)
    household_ids = list(person.household_memberships.values_list("household_id", flat=True))
    Case.objects.filter(person=person).delete()
    person.delete()
    Household.objects.filter(
        pk__in=household_ids, memberships__isnull=True, cases__isnull=True
    ).delete()
    return removed


def _tombstone(
    *, actor: Actor, action: str, person_id: int, organisation_id: int, reason: str
) -> None:
    audit_event_record(
        actor=actor,
        action=action,
        object_type=Person._meta.label_lower,
        object_id=str(person_id),
        subject_organisation_id=organisation_id,
        reason=reason,
    )


def _lock(person_id: int) -> None:
    # Her cases first: a caseworker reopening one waits for us, or we see it reopened.
    list(Case.objects.select_for_update().filter(person_id=person_id).values_list("pk"))


def retention_apply(*, actor: Actor, today: datetime.date) -> RetentionReport:
    """Anonymise or delete every person whose retention period is over on `today`."""
    report = RetentionReport()
    for organisation in Organisation.objects.order_by("pk"):
        action = RetentionAction(organisation.retention_action)
        policy = f"policy: {action.value} after {organisation.retention_years} years"
        for person_id in list(due_people(organisation, today=today).values_list("pk", flat=True)):
            try:
                with transaction.atomic():
                    _lock(person_id)
                    person = (
                        due_people(organisation, today=today)
                        .select_for_update()
                        .filter(pk=person_id)
                        .first()
                    )
                    if person is None:  # a case was reopened since the list was made
                        continue
                    if action == RetentionAction.DELETE:
                        removed = _delete(person)
                        event, done = "person.retention_deleted", report.deleted
                    else:
                        removed = _anonymise(person)
                        event, done = "person.retention_anonymised", report.anonymised
                    _tombstone(
                        actor=actor,
                        action=event,
                        person_id=person_id,
                        organisation_id=organisation.pk,
                        reason=f"{policy}; {removed}",
                    )
            except (ProtectedError, RestrictedError, DatabaseError):
                # The id only: never a name in a log.
                logger.exception("Retention failed for person %s; left unchanged", person_id)
                report.failed.append(person_id)
            else:
                done.append(person_id)
    return report


@transaction.atomic
def person_erase(*, actor: Actor, person: Person, reason: str) -> None:
    """Erase `person` on request (GDPR art. 17): the same deletion as retention, with the DPO's
    reason in the tombstone. The caller has checked `may_erase_person` and re-authentication.

    Refused while one of her cases is open or on hold (close it first: erasing a live case
    could leave her without the support it records), or while another organisation works one
    of her cases (that case is theirs to decide on)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the record is erased.")})
    _lock(person.pk)
    cases = Case.objects.filter(person=person)
    if cases.exclude(status=CaseStatus.CLOSED).exists():
        raise ValidationError(
            _(
                "This person has an open or on-hold case. Ask the team to close it, "
                "then erase the record."
            )
        )
    if cases.exclude(team__service__organisation_id=person.organisation_id).exists():
        raise ValidationError(
            _(
                "Another organisation works one of this person's cases: agree the erasure "
                "with its DPO first."
            )
        )
    person_id, organisation_id = person.pk, person.organisation_id
    _delete(person)
    _tombstone(
        actor=actor,
        action="person.erased",
        person_id=person_id,
        organisation_id=organisation_id,
        reason=reason,
    )
