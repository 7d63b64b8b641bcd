"""Recording and withdrawing consents: what the services refuse (and then leave nothing
behind), what the database refuses on its own, the audit events, and the names encrypted."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accord.accounts.models import ServiceKind
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.people import services
from accord.people.models import Consent, ConsentGiver, ConsentMethod, ConsentScope
from accord.testing import Casework, World

from .consent_helpers import CAREGIVER, WITNESS, add_child, record


def refused(world: World, casework: Casework, field: str, **fields: object) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        record(world, casework.survivor, case=casework.her_case, **fields)
    assert field in error.value.message_dict, error.value
    assert not Consent.objects.exists()
    assert AuditEvent.objects.count() == events


def test_verbal_consent_needs_a_witness(world: World, casework: Casework) -> None:
    refused(world, casework, "witness_name", method=ConsentMethod.VERBAL_WITNESSED)
    refused(
        world, casework, "witness_name", method=ConsentMethod.VERBAL_WITNESSED, witness_name="  "
    )
    consent = record(
        world,
        casework.survivor,
        method=ConsentMethod.VERBAL_WITNESSED,
        witness_name=f" {WITNESS} ",
    )
    assert consent.witness_name == WITNESS


def test_a_caregiver_is_named(world: World, casework: Casework) -> None:
    child, case = add_child(world, casework, date_of_birth=datetime.date(2016, 5, 5))
    with pytest.raises(ValidationError) as error:
        record(world, child, case=case, given_by=ConsentGiver.CAREGIVER)
    assert "caregiver_name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record(world, child, case=case, given_by=ConsentGiver.CHILD_ASSENT, caregiver_name="X")
    assert "caregiver_name" in error.value.message_dict
    assert not Consent.objects.exists()


def test_targets_go_with_their_scope(world: World, casework: Casework) -> None:
    refused(world, casework, "organisation", scope=ConsentScope.REFERRAL_TO_ORGANISATION)
    refused(world, casework, "organisation", organisation=world.police)
    refused(world, casework, "service_kind", scope=ConsentScope.REFERRAL_TO_SERVICE_KIND)
    refused(
        world,
        casework,
        "service_kind",
        scope=ConsentScope.REFERRAL_TO_SERVICE_KIND,
        service_kind="nonsense",
    )
    refused(world, casework, "service_kind", service_kind=ServiceKind.HOUSING)
    refused(world, casework, "scope", scope="gossip")


def test_the_dates_make_sense(world: World, casework: Casework) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refused(world, casework, "given_on", given_on=tomorrow)
    given = datetime.date(2025, 1, 10)
    refused(world, casework, "expires_on", given_on=given, expires_on=given)
    earlier = given - datetime.timedelta(days=1)
    refused(world, casework, "expires_on", given_on=given, expires_on=earlier)


def test_it_is_recorded_from_one_of_her_own_cases(world: World, casework: Casework) -> None:
    with pytest.raises(ValidationError, match="one of their own cases"):
        record(world, casework.survivor, case=casework.his_case)
    assert not Consent.objects.exists()


def test_the_database_refuses_a_target_without_its_scope(world: World, casework: Casework) -> None:
    consent = record(world, casework.survivor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(organisation=world.police)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(service_kind=ServiceKind.HEALTH)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(expires_on=consent.given_on)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())


def test_recording_and_withdrawing_are_audited_without_names(
    world: World, casework: Casework
) -> None:
    consent = record(
        world,
        casework.survivor,
        case=casework.her_case,
        method=ConsentMethod.VERBAL_WITNESSED,
        witness_name=WITNESS,
    )
    services.consent_withdraw(
        actor=Actor.for_user(world.caseworker), consent=consent, note="She called."
    )
    events = list(
        AuditEvent.objects.filter(object_type="people.consent", object_id=str(consent.pk)).order_by(
            "seq"
        )
    )
    assert [event.action for event in events] == ["consent.recorded", "consent.withdrawn"]
    assert events[0].reason == "conference_sharing, person"
    for event in events:
        assert event.actor_id == world.caseworker.pk
        assert event.subject_organisation_id == world.womens_aid.pk
        assert WITNESS not in event.reason and "called" not in event.reason


def test_names_and_the_note_are_encrypted_at_rest(world: World, casework: Casework) -> None:
    child, case = add_child(world, casework, date_of_birth=datetime.date(2016, 5, 5))
    consent = record(
        world,
        child,
        case=case,
        given_by=ConsentGiver.CAREGIVER,
        caregiver_name=CAREGIVER,
        method=ConsentMethod.VERBAL_WITNESSED,
        witness_name=WITNESS,
    )
    services.consent_withdraw(
        actor=Actor.for_user(world.caseworker), consent=consent, note="Her mother phoned."
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT caregiver_name, witness_name, withdrawal_note FROM people_consent "
            "WHERE id = %s",
            [consent.pk],
        )
        row = cursor.fetchone()
    for raw, plain in zip(row, [CAREGIVER, WITNESS, "Her mother phoned."], strict=True):
        assert raw and plain not in raw and "Marta" not in raw
    stored = Consent.objects.get(pk=consent.pk)
    assert (stored.caregiver_name, stored.witness_name) == (CAREGIVER, WITNESS)
    assert stored.withdrawal_note == "Her mother phoned."
