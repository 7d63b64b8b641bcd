"""Writes to people and households. Each validates, saves and audits in one transaction; no
event ever carries a name or an address."""

import datetime
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.accounts.models import Organisation, ServiceKind, Team
from accord.audit.context import Actor
from accord.audit.services import audit_event_record, audit_reveal
from accord.core.crypto import blind_index
from accord.core.locking import lock_for_update
from accord.core.references import new_reference
from accord.people.consent_hooks import on_withdrawal
from accord.people.models import (
    CONSENT_NAME_MAX,
    CONSENT_NOTE_MAX,
    Consent,
    ConsentAnswer,
    ConsentGiver,
    ConsentMethod,
    ConsentScope,
    Household,
    HouseholdMember,
    Person,
    Relationship,
)


class Case(Protocol):
    """The case of hers a consent is recorded from or read on (a `cases.Case`: people sits
    below cases and does not import it)."""

    pk: Any
    reference: str
    person_id: int
    team: Team


NAME_DOB_PURPOSE = "person.name_dob"

# What a person_update may change; everything else has its own service.
EDITABLE_PERSON_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "aliases",
        "date_of_birth",
        "gender",
        "languages",
        "nationality",
        "residence_status",
        "disability",
        "interpreter_needed",
        "phone",
        "email",
        "safe_contact_times",
        "substitute_address",
        "real_address",
    }
)


def name_dob_index(
    given_name: str, family_name: str | None, date_of_birth: datetime.date | None
) -> str:
    if date_of_birth is None:
        return ""
    return blind_index(
        f"{given_name} {family_name or ''}|{date_of_birth.isoformat()}", purpose=NAME_DOB_PURPOSE
    )


def _check_dates(person: Person) -> None:
    if person.date_of_birth and person.date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": _("A date of birth cannot be in the future.")})
    if person.date_of_birth and person.date_of_birth.year < 1900:
        raise ValidationError({"date_of_birth": _("Check the year of birth.")})


@transaction.atomic
def person_create(
    *, actor: Actor, organisation: Organisation, given_name: str, **fields: Any
) -> Person:
    unknown = set(fields) - EDITABLE_PERSON_FIELDS
    if unknown:
        raise TypeError(f"person_create() got unexpected fields: {sorted(unknown)}")
    person = Person(organisation=organisation, given_name=given_name, **fields)
    _check_dates(person)
    person.name_dob_index = name_dob_index(
        person.given_name, person.family_name, person.date_of_birth
    )
    person.full_clean()
    person.save()
    audit_event_record(
        actor=actor, action="person.created", obj=person, subject_organisation_id=organisation.pk
    )
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, expected_version: int, **changes: Any) -> Person:
    unknown = set(changes) - EDITABLE_PERSON_FIELDS
    if unknown:
        raise TypeError(f"person_update() got unexpected fields: {sorted(unknown)}")
    current = lock_for_update(person, expected_version=expected_version)
    for name, value in changes.items():
        setattr(current, name, value)
    _check_dates(current)
    current.name_dob_index = name_dob_index(
        current.given_name, current.family_name, current.date_of_birth
    )
    current.version += 1
    current.full_clean()
    current.save()
    audit_event_record(
        actor=actor,
        action="person.changed",
        obj=current,
        subject_organisation_id=current.organisation_id,
        # Which fields, never their values.
        reason=", ".join(sorted(changes)),
    )
    return current


@transaction.atomic
def person_address_reveal(*, actor: Actor, person: Person, reason: str) -> str:
    """The real address for one page view. The caller has checked the reveal right (access
    module) and re-authentication; this records who, when, from where and why."""
    audit_reveal(
        actor=actor,
        action="person.address_revealed",
        obj=person,
        subject_organisation_id=person.organisation_id,
        reason=reason,
    )
    return person.real_address or ""


@transaction.atomic
def household_create(*, actor: Actor, organisation: Organisation) -> Household:
    household = Household(reference=new_reference("HH"), created_by_organisation=organisation)
    household.full_clean()
    household.save()
    audit_event_record(
        actor=actor,
        action="household.created",
        obj=household,
        subject_organisation_id=organisation.pk,
    )
    return household


@transaction.atomic
def household_member_add(
    *, actor: Actor, household: Household, person: Person, relationship: Relationship
) -> HouseholdMember:
    if HouseholdMember.objects.filter(household=household, person=person).exists():
        raise ValidationError({"person": _("This person is already in the household.")})
    member = HouseholdMember(
        household=household, person=person, relationship=relationship, added_by=actor.user
    )
    member.full_clean()
    member.save()
    audit_event_record(
        actor=actor,
        action="household.member_added",
        obj=household,
        subject_organisation_id=person.organisation_id,
        reason=str(relationship),
    )
    return member


@transaction.atomic
def person_viewed(*, actor: Actor, person: Person) -> None:
    """Reads of a person's record are audited too (docs/product.md §4.5), whichever way they
    come."""
    audit_event_record(
        actor=actor,
        action="person.viewed",
        obj=person,
        subject_organisation_id=person.organisation_id,
    )


@transaction.atomic
def person_search_recorded(*, actor: Actor, matches: int) -> None:
    """An "is she known to us?" search is a read about people: recorded with how many cases it
    found, never with the name or date of birth searched for."""
    audit_event_record(
        actor=actor,
        action="person.searched",
        object_type="people.person",
        subject_organisation_id=actor.organisation_id,
        reason=str(matches),
    )


# --- consent ------------------------------------------------------------------------------------

ADULT_AGE = 18


def is_child_on(person: Person, day: datetime.date) -> bool:
    """Under 18 on `day` by her date of birth; with none recorded, a child of a household."""
    born = person.date_of_birth
    if born is not None:
        try:
            adult_from = born.replace(year=born.year + ADULT_AGE)
        except ValueError:  # born on 29 February: an adult from 1 March
            adult_from = datetime.date(born.year + ADULT_AGE, 3, 1)
        return day < adult_from
    return person.household_memberships.filter(relationship=Relationship.CHILD).exists()


def _consent_subject_organisation_id(person: Person, case: "Case | None") -> int:
    # The DPO who oversees the case it was recorded from; else the one who holds her record.
    if case is not None:
        return case.team.service.organisation_id
    return person.organisation_id


def _check_consent_target(scope: str, organisation: Organisation | None, service_kind: str) -> None:
    if scope not in ConsentScope.values:
        raise ValidationError({"scope": _("Choose what the consent is for.")})
    if scope == ConsentScope.REFERRAL_TO_ORGANISATION and organisation is None:
        raise ValidationError(
            {"organisation": _("Choose the organisation she may be referred to.")}
        )
    if scope != ConsentScope.REFERRAL_TO_ORGANISATION and organisation is not None:
        raise ValidationError(
            {"organisation": _("Name an organisation only for a referral to an organisation.")}
        )
    if scope == ConsentScope.REFERRAL_TO_SERVICE_KIND and service_kind not in ServiceKind.values:
        raise ValidationError({"service_kind": _("Choose the kind of service.")})
    if scope != ConsentScope.REFERRAL_TO_SERVICE_KIND and service_kind:
        raise ValidationError(
            {"service_kind": _("Name a kind of service only for a referral to a kind of service.")}
        )


def _check_consent_giver(person: Person, given_by: str, given_on: datetime.date) -> None:
    if given_by not in ConsentGiver.values:
        raise ValidationError({"given_by": _("Choose who gave the consent.")})
    child = is_child_on(person, given_on)
    if child and given_by == ConsentGiver.PERSON:
        raise ValidationError(
            {
                "given_by": _(
                    "This person was a child on that day: record a caregiver's consent and the "
                    "child's own assent, each on its own."
                )
            }
        )
    if not child and given_by != ConsentGiver.PERSON:
        raise ValidationError(
            {
                "given_by": _(
                    "This person is not recorded as a child on that day (no date of birth under "
                    "18, nor a child in a household): record their own consent."
                )
            }
        )


def _required_name(value: str, *, field: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > CONSENT_NAME_MAX:
        raise ValidationError(
            {field: _("Keep the name to %(max)d characters.") % {"max": CONSENT_NAME_MAX}}
        )
    return value


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    person: Person,
    scope: ConsentScope | str,
    given_by: ConsentGiver | str,
    method: ConsentMethod | str,
    given_on: datetime.date,
    expires_on: datetime.date | None = None,
    organisation: Organisation | None = None,
    service_kind: ServiceKind | str = "",
    caregiver_name: str = "",
    witness_name: str = "",
    case: "Case | None" = None,
    answer: ConsentAnswer | str = ConsentAnswer.GIVEN,
) -> Consent:
    """Record a consent as it was given, or a refusal (`answer`: on the day it was asked, with
    no end; nothing is ever shared on it). `case` is the case of hers it was recorded from (the
    caller has checked, with the access module, that the actor works it). A child's consent is
    two records: a caregiver's (`caregiver_name` required) and the child's own assent."""
    _check_consent_target(scope, organisation, service_kind)
    if answer not in ConsentAnswer.values:
        raise ValidationError({"answer": _("Choose whether consent was given or refused.")})
    if answer == ConsentAnswer.REFUSED and expires_on is not None:
        raise ValidationError({"expires_on": _("A refusal has no last valid day.")})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("Consent cannot be given on a future date.")})
    if expires_on is not None and expires_on <= given_on:
        raise ValidationError(
            {"expires_on": _("The last valid day must come after the day it was given.")}
        )
    _check_consent_giver(person, given_by, given_on)
    if given_by == ConsentGiver.CAREGIVER:
        caregiver_name = _required_name(
            caregiver_name, field="caregiver_name", message=_("Name the caregiver who gave it.")
        )
    elif caregiver_name.strip():
        raise ValidationError(
            {"caregiver_name": _("Name a caregiver only when a caregiver gave the consent.")}
        )
    if method not in ConsentMethod.values:
        raise ValidationError({"method": _("Choose how the consent was given.")})
    if method == ConsentMethod.VERBAL_WITNESSED:
        witness_name = _required_name(
            witness_name,
            field="witness_name",
            message=_("Verbal consent needs a witness: name who heard it."),
        )
    else:
        witness_name = witness_name.strip()
    if case is not None and case.person_id != person.pk:
        raise ValidationError(_("Record a person's consent from one of their own cases."))
    consent = Consent(
        person=person,
        scope=scope,
        organisation=organisation,
        service_kind=service_kind,
        given_by=given_by,
        answer=answer,
        caregiver_name=caregiver_name or None,
        method=method,
        witness_name=witness_name or None,
        given_on=given_on,
        expires_on=expires_on,
        recorded_by=actor.user,
        recorded_on_case=case,
    )
    consent.full_clean()
    consent.save()
    audit_event_record(
        actor=actor,
        action="consent.recorded",
        obj=consent,
        subject_organisation_id=_consent_subject_organisation_id(person, case),
        # What for and by whom, never a name.
        reason=f"{scope}, {given_by}" + (", refused" if answer == ConsentAnswer.REFUSED else ""),
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Actor, consent: Consent, note: str = "") -> Consent:
    """Withdraw a consent, effective at once: from now on `valid_consent` no longer returns it,
    so nothing more is shared on it. Returns the withdrawn consent.

    Every app that shared something on it (referrals, …) is told in this transaction, through
    the handlers it registered in `accord.people.consent_hooks.on_withdrawal`: an explicit
    list, not a signal and not an import of the apps above."""
    note = note.strip()
    if len(note) > CONSENT_NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep the note to %(max)d characters.") % {"max": CONSENT_NOTE_MAX}}
        )
    current = Consent.objects.select_for_update().select_related("person").get(pk=consent.pk)
    if current.answer == ConsentAnswer.REFUSED:
        raise ValidationError(_("A refusal is not withdrawn: record the consent when it is given."))
    if current.withdrawn_at is not None:
        raise ValidationError(
            _("This consent was already withdrawn on %(date)s.")
            % {"date": date_format(timezone.localdate(current.withdrawn_at), "DATE_FORMAT")}
        )
    current.withdrawn_at = timezone.now()
    current.withdrawn_by = actor.user
    current.withdrawal_note = note or None
    current.version += 1
    current.full_clean()
    current.save()
    case = current.recorded_on_case
    audit_event_record(
        actor=actor,
        action="consent.withdrawn",
        obj=current,
        subject_organisation_id=_consent_subject_organisation_id(current.person, case),
        reason=str(current.scope),
    )
    on_withdrawal.run(actor=actor, consent=current)
    return current


@transaction.atomic
def consents_viewed(*, actor: Actor, person: Person, case: "Case") -> None:
    """Her consents are part of her record: reading them is audited (docs/product.md §4.5)."""
    audit_event_record(
        actor=actor,
        action="consent.listed",
        obj=person,
        subject_organisation_id=_consent_subject_organisation_id(person, case),
        reason=case.reference,
    )
