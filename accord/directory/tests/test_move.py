"""The directory and protocols moved out of referrals without touching the data
(docs/decisions/0085): a database with rows migrates through the move and keeps them, and the
audit events written before the move stay readable under the record's new label."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accord.accounts.models import Organisation, Service
from accord.audit.context import Actor
from accord.audit.selectors import audit_events_about_record
from accord.audit.services import audit_event_record
from accord.directory.models import DirectoryEntry, Protocol, ProtocolFlow, ProtocolParty
from accord.referrals.models import Referral
from accord.testing import World

BEFORE = [
    ("referrals", "0005_merge_case_notices_and_reads"),
    ("programmes", "0003_partner_contact_outlives_his_record"),
    ("directory", None),
]
AFTER = [
    ("referrals", "0006_protocol_in_directory"),
    ("programmes", "0004_protocol_in_directory"),
    ("directory", "0001_initial"),
]
# What the rows are written with before the move: its historical models.
BEFORE_STATE = [*BEFORE[:2], ("contenttypes", "0002_remove_content_type_name")]
MOVED = ["directoryentry", "protocol", "protocolparty", "protocolflow"]


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_it_migrates_a_database_with_rows_through_the_move() -> None:
    old = migrate(BEFORE).loader.project_state(BEFORE_STATE).apps
    organisation = old.get_model("accounts", "Organisation")
    service = old.get_model("accounts", "Service")
    women, police = (
        organisation.objects.create(name=name, slug=slug, country="GB")
        for name, slug in [("Women's Aid M", "wa-m"), ("Police M", "police-m")]
    )
    refuge = service.objects.create(organisation=women, name="Refuge M", kind="survivor_support")
    old.get_model("referrals", "DirectoryEntry").objects.create(
        service=refuge, offers=["shelter"], languages=["es"], catchment="Riverton"
    )
    protocol = old.get_model("referrals", "Protocol").objects.create(
        title="Police and Women's Aid M", status="active", valid_from=datetime.date(2025, 1, 1)
    )
    for party in (women, police):
        old.get_model("referrals", "ProtocolParty").objects.create(
            protocol=protocol, organisation=party
        )
    old.get_model("referrals", "ProtocolFlow").objects.create(
        protocol=protocol, from_organisation=police, to_organisation=women, categories=["risk"]
    )
    content_types = old.get_model("contenttypes", "ContentType")
    for model in MOVED:
        content_types.objects.get_or_create(app_label="referrals", model=model)
    ContentType.objects.clear_cache()

    migrate(AFTER)

    entry = DirectoryEntry.objects.get(service_id=refuge.pk)
    assert (entry.offers, entry.languages, entry.catchment) == (["shelter"], ["es"], "Riverton")
    moved = Protocol.objects.get(pk=protocol.pk)
    assert moved.title == "Police and Women's Aid M"
    assert moved.state_on(datetime.date(2025, 6, 1)) == "active"
    assert set(
        ProtocolParty.objects.filter(protocol=moved).values_list("organisation__slug", flat=True)
    ) == {"wa-m", "police-m"}
    flow = ProtocolFlow.objects.get(protocol=moved)
    assert (flow.from_organisation_id, flow.to_organisation_id, flow.categories) == (
        police.pk,
        women.pk,
        ["risk"],
    )
    # A referral's key reaches the moved protocol on the same column.
    assert Referral._meta.get_field("protocol").related_model is Protocol
    # The admin permissions stay with the models: their content types changed app label.
    ContentType.objects.clear_cache()
    assert set(ContentType.objects.filter(model__in=MOVED).values_list("app_label", flat=True)) == {
        "directory"
    }
    assert ContentType.objects.get_for_model(Protocol).app_label == "directory"
    assert Organisation.objects.filter(slug="wa-m").exists()
    assert Service.objects.filter(pk=refuge.pk).exists()


def test_a_protocols_events_from_before_the_move_stay_readable(world: World) -> None:
    protocol = Protocol.objects.create(title="Older than the move")
    before = audit_event_record(
        actor=Actor.system(),
        action="protocol.created",
        object_type="referrals.protocol",
        object_id=str(protocol.pk),
        subject_organisation_id=world.womens_aid.pk,
    )
    after = audit_event_record(
        actor=Actor.system(),
        action="protocol.activated",
        object_type="directory.protocol",
        object_id=str(protocol.pk),
        subject_organisation_id=world.womens_aid.pk,
    )

    events = audit_events_about_record(
        user=world.dpo, object_type="directory.protocol", object_id=str(protocol.pk)
    )

    assert list(events) == [after, before]
