"""Writes of the community mentors' work. Callers have checked the right with `access.py`; each
service validates, saves and audits in one transaction, so a refused write leaves nothing.

A community referral goes through the referral engine (accord/referrals/services.py) and the
consent records (accord/people/services.py): nothing here copies either."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.accounts.models import Organisation, Role, Service, Team, User
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind
from accord.community.models import (
    LABEL_MAX,
    Accompaniment,
    CoordinationMeeting,
    Destination,
    EarlyContact,
    MentorProfile,
    Offer,
)
from accord.core.locking import lock_for_update
from accord.core.validation import not_in_future
from accord.people import services as people
from accord.people.models import ConsentGiver, ConsentMethod, ConsentScope
from accord.referrals import services as referrals
from accord.referrals.models import Referral


def _labels(values: Iterable[str], field: str) -> list[str]:
    cleaned = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        if len(value) > LABEL_MAX:
            raise ValidationError(
                {field: _("Keep each one to %(max)d characters.") % {"max": LABEL_MAX}}
            )
        if value not in cleaned:
            cleaned.append(value)
    return cleaned


# A case is accompanied by a mentor of its own organisation: naming another organisation's
# staff would show one organisation who works for another (and open the woman to her).
MENTOR_NOT_OF_THE_CASE = gettext_lazy("Choose a mentor of the case's own organisation.")


def _organisation_id(team: Team) -> int:
    return team.service.organisation_id


@transaction.atomic
def mentor_profile_save(
    *,
    actor: Actor,
    mentor: User,
    expected_version: int | None,
    languages: Iterable[str],
    communities: Iterable[str],
    training: str,
    availability: str,
) -> MentorProfile:
    """Her own profile, created on first save; later saves send the version they read."""
    profile = MentorProfile.objects.filter(user=mentor).first()
    if profile is None:
        profile = MentorProfile(user=mentor)
    else:
        profile = lock_for_update(profile, expected_version=expected_version or 0)
        profile.version += 1
    profile.languages = _labels(languages, "languages")
    profile.communities = _labels(communities, "communities")
    profile.training = training.strip()
    profile.availability = availability.strip()
    profile.full_clean()
    profile.save()
    audit_event_record(actor=actor, action="mentor_profile.saved", obj=profile)
    return profile


@transaction.atomic
def early_contact_record(
    *,
    actor: Actor,
    mentor: User,
    team: Team,
    contacted_on: datetime.date,
    community: str,
    language: str,
    concern: str,
    offered: Iterable[str],
    referral_followed: bool = False,
) -> EarlyContact:
    """An anonymous early contact: no name is asked for, and there is nowhere to write one."""
    not_in_future(contacted_on, "contacted_on")
    offered = list(dict.fromkeys(offered))
    if any(value not in Offer.values for value in offered):
        raise ValidationError({"offered": _("Choose from the list.")})
    contact = EarlyContact(
        mentor=mentor,
        team=team,
        contacted_on=contacted_on,
        community=community.strip(),
        language=language.strip(),
        concern=concern,
        offered=offered,
        referral_followed=referral_followed,
    )
    contact.full_clean()
    contact.save()
    audit_event_record(
        actor=actor,
        action="early_contact.recorded",
        obj=contact,
        subject_organisation_id=_organisation_id(team),
    )
    return contact


@transaction.atomic
def accompaniment_record(
    *,
    actor: Actor,
    mentor: User,
    appointment_on: datetime.date,
    destination: str,
    early_contact: EarlyContact | None = None,
    case: Case | None = None,
    language: str = "",
    interpreted: bool = False,
    took_place: bool = False,
) -> Accompaniment:
    """A mentor accompanies a woman: of one of her own early contacts, or on a case whose worker
    asked for her (the caller has checked that the actor works the case). An appointment still
    to come may be recorded; one that took place cannot be in the future."""
    if destination not in Destination.values:
        raise ValidationError({"destination": _("Choose from the list.")})
    if took_place:
        not_in_future(appointment_on, "appointment_on")
    if early_contact is not None and early_contact.mentor_id != mentor.pk:
        raise ValidationError(_("Only the mentor of an early contact accompanies her."))
    if (
        case is not None
        and not mentor.memberships.filter(
            role=Role.MENTOR, team__service__organisation_id=_organisation_id(case.team)
        ).exists()
    ):
        raise ValidationError({"mentor": MENTOR_NOT_OF_THE_CASE})
    accompaniment = Accompaniment(
        mentor=mentor,
        early_contact=early_contact,
        case=case,
        appointment_on=appointment_on,
        destination=destination,
        language=language.strip(),
        interpreted=interpreted,
        took_place=took_place,
        recorded_by=actor.user,
    )
    accompaniment.full_clean()
    accompaniment.save()
    if early_contact is not None:
        organisation_id = _organisation_id(early_contact.team)
    else:
        assert case is not None
        organisation_id = _organisation_id(case.team)
    audit_event_record(
        actor=actor,
        action="accompaniment.recorded",
        obj=accompaniment,
        subject_organisation_id=organisation_id,
    )
    return accompaniment


@transaction.atomic
def accompaniment_took_place(*, actor: Actor, accompaniment: Accompaniment) -> Accompaniment:
    not_in_future(accompaniment.appointment_on, "appointment_on")
    accompaniment.took_place = True
    accompaniment.full_clean()
    accompaniment.save(update_fields=["took_place"])
    audit_event_record(actor=actor, action="accompaniment.took_place", obj=accompaniment)
    return accompaniment


@transaction.atomic
def accompaniment_viewed(*, actor: Actor, accompaniment: Accompaniment) -> None:
    assert accompaniment.case is not None
    audit_event_record(
        actor=actor,
        action="accompaniment.viewed",
        obj=accompaniment.case,
        subject_organisation_id=_organisation_id(accompaniment.case.team),
    )


@transaction.atomic
def community_referral_send(
    *,
    actor: Actor,
    contact: EarlyContact,
    given_name: str,
    to_service: Service,
    consent_method: str,
    witness_name: str = "",
    summary: str = "",
) -> Referral:
    """She agreed to be referred: her first name (all that is asked) goes on a new record and
    case of the mentor's own team (no key worker: a mentor works no case, and that case stays
    with her service's managers and coordinators; she follows the referral from her contact),
    her consent to a referral to that organisation is recorded,
    and the referral engine drafts and sends it (protocol, consent and payload checks are its
    own). Any refusal undoes all of it."""
    if contact.referral_id is not None:
        raise ValidationError(_("This contact has already been referred."))
    if not given_name.strip():
        raise ValidationError({"given_name": _("Give the first name she wants to be known by.")})
    if consent_method not in ConsentMethod.values:
        raise ValidationError({"consent_method": _("Choose how she gave her consent.")})
    team = contact.team
    today = timezone.localdate()
    person = people.person_create(
        actor=actor,
        organisation=team.service.organisation,
        given_name=given_name.strip(),
        languages=[contact.language] if contact.language else [],
    )
    case = cases.case_open(
        actor=actor,
        kind=CaseKind.SURVIVOR_SUPPORT,
        person=person,
        team=team,
    )
    people.consent_record(
        actor=actor,
        person=person,
        scope=ConsentScope.REFERRAL_TO_ORGANISATION,
        organisation=to_service.organisation,
        given_by=ConsentGiver.PERSON,
        method=consent_method,
        witness_name=witness_name,
        given_on=today,
        case=case,
    )
    draft = referrals.referral_draft(actor=actor, case=case, to_service=to_service, summary=summary)
    referral = referrals.referral_send(actor=actor, referral=draft, expected_version=draft.version)
    contact.referral = referral
    contact.referral_followed = True
    if "referral" not in contact.offered:
        contact.offered = [*contact.offered, "referral"]
    contact.full_clean()
    contact.save(update_fields=["referral", "referral_followed", "offered"])
    audit_event_record(
        actor=actor,
        action="early_contact.referred",
        obj=contact,
        subject_organisation_id=_organisation_id(team),
    )
    return referral


@transaction.atomic
def coordination_meeting_record(
    *,
    actor: Actor,
    team: Team,
    held_on: datetime.date,
    title: str,
    organisations: Iterable[Organisation],
    networks: str = "",
    agreed: str = "",
) -> CoordinationMeeting:
    not_in_future(held_on, "held_on")
    meeting = CoordinationMeeting(
        team=team,
        held_on=held_on,
        title=title.strip(),
        networks=networks.strip(),
        agreed=agreed.strip(),
        recorded_by=actor.user,
    )
    meeting.full_clean()
    meeting.save()
    meeting.organisations.set(list(organisations))
    audit_event_record(
        actor=actor,
        action="coordination_meeting.recorded",
        obj=meeting,
        subject_organisation_id=_organisation_id(team),
    )
    return meeting
