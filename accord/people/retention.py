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
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.accounts.models import Organisation, RetentionAction
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.core.fields import EncryptedField
from accord.people import dpo_registry
from accord.people.models import Household, Person

logger = logging.getLogger(__name__)

# Every model that holds data about a person, through her cases or on her record itself, is
# declared by its own app (accord/<app>/dataprotection.py, collected in accord.people.dpo_registry):
# anonymising clears their encrypted fields, deleting her cases and her record removes them
# (every one is reached by CASCADE). test_data_protection_coverage fails when a new model points
# at a person, a case or one of these without being declared. Her household memberships are
# handled here by name: they hold no personal data, and deleting her record removes them too.


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def due_people(organisation: Organisation, *, today: datetime.date) -> QuerySet[Person]:
    """The people held by `organisation` whose retention period is over on `today`."""
    cutoff = years_before(today, organisation.retention_years)
    created_before = datetime.datetime.combine(
        cutoff, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    people = dpo_registry.her_cases().due(
        Person.objects.filter(organisation=organisation), cutoff, created_before
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
    cases = dpo_registry.her_cases()
    return Removed(
        (
            (cases.counted_as, cases.rows(person).count()),
            *(
                (kind.counted_as, kind.of(person).count())
                for kind in (
                    *dpo_registry.case_record_kinds(),
                    *dpo_registry.person_record_kinds(),
                )
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
    for case in dpo_registry.her_cases().rows(person):
        fields = _clear(case)
        case.version += 1
        case.save(update_fields=[*fields, "version", "updated_at"])
    for kind in dpo_registry.case_record_kinds():
        for record in kind.of(person):
            # A kind with no encrypted field (the plan) clears nothing: save() with no fields is
            # no query.
            record.save(update_fields=_clear(record, kind.cleared))
    for person_kind in dpo_registry.person_record_kinds():
        for record in person_kind.of(person):
            record.save(update_fields=_clear(record))
    return removed


def _delete(person: Person) -> Removed:
    """Delete her cases (every kind held through them goes with them), her household
    memberships, her record and every kind held on it; a household left with no one and no
    case goes too."""
    removed = _count(person)
    cases = dpo_registry.her_cases()
    household_ids = list(person.household_memberships.values_list("household_id", flat=True))
    cases.rows(person).delete()
    person.delete()
    any_case = cases.model.objects.filter(**{cases.to_household: OuterRef("pk")})
    Household.objects.filter(pk__in=household_ids, memberships__isnull=True).filter(
        ~Exists(any_case)
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
    cases = dpo_registry.her_cases()
    list(
        cases.model.objects.select_for_update()
        .filter(**{cases.to_person: person_id})
        .values_list("pk")
    )


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
    refused = dpo_registry.her_cases().refuses_erasure(person)
    if refused:
        raise ValidationError(refused)
    person_id, organisation_id = person.pk, person.organisation_id
    _delete(person)
    _tombstone(
        actor=actor,
        action="person.erased",
        person_id=person_id,
        organisation_id=organisation_id,
        reason=reason,
    )
