"""Her consents at the end of her record and in her subject-access export: anonymising clears
the names and the note and keeps what was agreed and when; deleting or erasing her record
removes them; the export lists them, with their events."""

import json

from accord.accounts.models import RetentionAction
from accord.audit.context import Actor
from accord.people import services
from accord.people.models import Consent, ConsentMethod, ConsentScope
from accord.people.retention import person_erase, retention_apply
from accord.people.subject_access import ExportFormat, person_subject_access_export
from accord.people.tests.dpo_helpers import person_with_case, today
from accord.people.tests.test_retention import tombstones, use_policy
from accord.testing import World

from .consent_helpers import WITNESS, record


def with_consent(world: World, *, closed_years_ago: int | None) -> Consent:
    person, case = person_with_case(world, closed_years_ago=closed_years_ago)
    consent = record(
        world,
        person,
        case=case,
        scope=ConsentScope.REFERRAL_TO_ORGANISATION,
        organisation=world.police,
        method=ConsentMethod.VERBAL_WITNESSED,
        witness_name=WITNESS,
    )
    return services.consent_withdraw(
        actor=Actor.for_user(world.caseworker), consent=consent, note="She phoned."
    )


def test_anonymising_clears_the_names_and_the_note(world: World) -> None:
    consent = with_consent(world, closed_years_ago=7)
    assert retention_apply(actor=Actor.system(), today=today()).counts()["anonymised"] == 1
    stored = Consent.objects.get(pk=consent.pk)
    assert stored.witness_name is None and stored.withdrawal_note is None
    assert stored.caregiver_name is None
    assert (stored.scope, stored.organisation, stored.given_on) == (
        consent.scope,
        world.police,
        consent.given_on,
    )
    [event] = tombstones("person.retention_anonymised")
    assert event.reason.endswith("consents 1")


def test_deleting_her_record_deletes_her_consents(world: World) -> None:
    use_policy(world, RetentionAction.DELETE)
    consent = with_consent(world, closed_years_ago=7)
    assert retention_apply(actor=Actor.system(), today=today()).counts()["deleted"] == 1
    assert not Consent.objects.filter(pk=consent.pk).exists()


def test_erasure_deletes_her_consents(world: World) -> None:
    consent = with_consent(world, closed_years_ago=1)
    person_erase(actor=Actor.for_user(world.dpo), person=consent.person, reason="Art. 17")
    assert not Consent.objects.filter(pk=consent.pk).exists()


def test_the_export_lists_her_consents_and_their_events(world: World) -> None:
    consent = with_consent(world, closed_years_ago=None)
    exported = person_subject_access_export(
        actor=Actor(user=world.dpo, organisation_id=world.womens_aid.pk),
        person=consent.person,
        reason="Art. 15 request",
        file_format=ExportFormat.JSON,
    )
    document = json.loads(exported.content)
    [listed] = document["consents"]
    assert listed["scope"] == "referral_to_organisation"
    assert listed["organisation"] == "Police"
    assert listed["witness_name"] == WITNESS
    assert listed["withdrawal_note"] == "She phoned."
    assert listed["withdrawn_by"] == "caseworker_a"
    actions = {
        event["action"]
        for event in document["audit_events"]
        if event["record_type"] == "people.consent"
    }
    assert actions == {"consent.recorded", "consent.withdrawn"}
