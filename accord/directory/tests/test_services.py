"""Drafting, signing and activating protocols; the document; the directory entry."""

import base64
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.core.locking import StaleVersion
from accord.directory import services
from accord.directory.models import (
    DOCUMENT_MAX_BYTES,
    DirectoryEntry,
    Protocol,
    ProtocolState,
    ProtocolStatus,
)
from accord.testing import World

from .helpers import PDF, START, active, complete, draft, pdf, protocol_version


def test_it_refuses_to_activate_an_incomplete_protocol_and_says_what_is_missing(
    world: World,
) -> None:
    protocol = services.protocol_create(
        actor=Actor.for_user(world.admin), organisation=world.womens_aid, title="Lonely"
    )
    with pytest.raises(ValidationError) as refused:
        services.protocol_activate(
            actor=Actor.system(), protocol=protocol, expected_version=protocol.version
        )
    messages = refused.value.messages
    assert "A protocol needs at least two parties." in messages
    assert "Not signed yet by: Women's Aid A." in messages
    assert "Say what data may flow, in at least one direction." in messages
    assert "Attach the signed document." in messages
    assert "Say from when the protocol is valid." in messages
    assert Protocol.objects.get(pk=protocol.pk).status == ProtocolStatus.DRAFT


def test_it_refuses_to_activate_while_a_party_has_not_signed(world: World) -> None:
    protocol = complete(
        draft(world), {(world.womens_aid, world.programme): ["risk"]}, activate=False
    )
    services.protocol_party_add(
        actor=Actor.system(),
        protocol=protocol,
        expected_version=protocol.version,
        organisation=world.police,
    )
    with pytest.raises(ValidationError, match="Not signed yet by: Police"):
        services.protocol_activate(
            actor=Actor.system(), protocol=protocol, expected_version=protocol_version(protocol)
        )


def test_it_activates_a_complete_protocol_and_audits_each_step(world: World) -> None:
    protocol = active(world)
    assert protocol.status == ProtocolStatus.ACTIVE
    actions = list(
        AuditEvent.objects.filter(object_type="directory.protocol", object_id=str(protocol.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "protocol.created",
        "protocol.party_added",
        "protocol.party_signed",
        "protocol.party_signed",
        "protocol.flow_set",
        "protocol.flow_set",
        "protocol.document_attached",
        "protocol.activated",
    ]


def test_an_active_protocol_is_not_changed(world: World) -> None:
    protocol = active(world)
    with pytest.raises(ValidationError, match="end it and draft a new one"):
        services.protocol_flow_set(
            actor=Actor.system(),
            protocol=protocol,
            expected_version=protocol.version,
            from_organisation=world.womens_aid,
            to_organisation=world.programme,
            categories=["location"],
        )


def test_it_expires_by_date_alone(world: World) -> None:
    protocol = active(world, valid_to=datetime.date(2025, 6, 30))
    assert protocol.state_on(datetime.date(2024, 12, 31)) == ProtocolState.NOT_YET_VALID
    assert protocol.state_on(START) == ProtocolState.ACTIVE
    assert protocol.state_on(datetime.date(2025, 6, 30)) == ProtocolState.ACTIVE
    assert protocol.state_on(datetime.date(2025, 7, 1)) == ProtocolState.EXPIRED
    assert protocol.status == ProtocolStatus.ACTIVE


def test_ending_sets_the_last_valid_day(world: World) -> None:
    protocol = active(world)
    ended = services.protocol_end(
        actor=Actor.for_user(world.admin),
        protocol=protocol,
        expected_version=protocol.version,
        valid_to=datetime.date(2025, 3, 31),
    )
    assert ended.valid_to == datetime.date(2025, 3, 31)
    assert ended.state_on(datetime.date(2025, 4, 1)) == ProtocolState.EXPIRED
    with pytest.raises(ValidationError, match="cannot come before the first"):
        services.protocol_end(
            actor=Actor.system(),
            protocol=ended,
            expected_version=ended.version,
            valid_to=datetime.date(2024, 1, 1),
        )


def test_flows_run_only_between_parties(world: World) -> None:
    protocol = draft(world)
    with pytest.raises(ValidationError, match="not a party: Police"):
        services.protocol_flow_set(
            actor=Actor.system(),
            protocol=protocol,
            expected_version=protocol.version,
            from_organisation=world.police,
            to_organisation=world.womens_aid,
            categories=["identity"],
        )
    with pytest.raises(ValidationError, match="Unknown data category: gossip"):
        services.protocol_flow_set(
            actor=Actor.system(),
            protocol=protocol,
            expected_version=protocol.version,
            from_organisation=world.programme,
            to_organisation=world.womens_aid,
            categories=["gossip"],
        )
    assert not protocol.flows.exists()


def test_no_categories_removes_the_direction(world: World) -> None:
    protocol = draft(world)
    for categories in (["risk", "identity"], []):
        services.protocol_flow_set(
            actor=Actor.system(),
            protocol=protocol,
            expected_version=protocol_version(protocol),
            from_organisation=world.womens_aid,
            to_organisation=world.programme,
            categories=categories,
        )
        if categories:
            # Stored in the enum's order.
            assert protocol.flows.get().categories == ["identity", "risk"]
    assert not protocol.flows.exists()


def test_a_stale_version_is_refused(world: World) -> None:
    protocol = draft(world)
    with pytest.raises(StaleVersion) as stale:
        services.protocol_document_attach(
            actor=Actor.system(), protocol=protocol, expected_version=1, document=pdf()
        )
    assert stale.value.current.version == protocol.version
    assert not Protocol.objects.get(pk=protocol.pk).has_document


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 a zip pretending", "Upload the signed protocol as a PDF file."),
        (b"<html>%PDF-</html>", "Upload the signed protocol as a PDF file."),
        (PDF + b"0" * DOCUMENT_MAX_BYTES, "The document is larger than 5 MB"),
    ],
)
def test_it_refuses_a_document_that_is_not_a_small_pdf(
    world: World, content: bytes, message: str
) -> None:
    protocol = draft(world)
    with pytest.raises(ValidationError, match=message):
        services.protocol_document_attach(
            actor=Actor.system(),
            protocol=protocol,
            expected_version=protocol.version,
            document=pdf(content),
        )
    assert Protocol.objects.get(pk=protocol.pk).version == protocol.version


def test_the_document_is_stored_encrypted(world: World) -> None:
    protocol = draft(world)
    services.protocol_document_attach(
        actor=Actor.system(),
        protocol=protocol,
        expected_version=protocol.version,
        document=pdf(name="../../signed protocol.pdf"),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT document FROM referrals_protocol WHERE id = %s", [protocol.pk])
        (raw,) = cursor.fetchone()
    assert b"%PDF" not in raw.encode()
    assert base64.b64encode(PDF).decode()[:12] not in raw
    stored = Protocol.objects.get(pk=protocol.pk)
    assert services.protocol_document_bytes(stored) == PDF
    assert stored.document_name == "signed protocol.pdf"


def test_signing_needs_a_name_and_a_past_date(world: World) -> None:
    protocol = draft(world)
    party = protocol.parties.get(organisation=world.programme)
    with pytest.raises(ValidationError, match="Name the person who signed"):
        services.protocol_party_sign(
            actor=Actor.system(),
            party=party,
            expected_version=protocol.version,
            signatory_name=" ",
            signatory_role="",
            signed_on=START,
        )
    with pytest.raises(ValidationError, match="in the future"):
        services.protocol_party_sign(
            actor=Actor.system(),
            party=party,
            expected_version=protocol.version,
            signatory_name="Ann",
            signatory_role="",
            signed_on=datetime.date(2999, 1, 1),
        )


def test_the_directory_entry_is_validated_and_audited(world: World) -> None:
    actor = Actor.for_user(world.manager)
    with pytest.raises(ValidationError, match="Unknown offer: spa"):
        services.directory_entry_update(
            actor=actor, service=world.support_service, offers=["spa"], languages=[]
        )
    entry = services.directory_entry_update(
        actor=actor,
        service=world.support_service,
        offers=["shelter", "helpline_24_7", "shelter"],
        languages=["ES", "en"],
        catchment="Riverton",
        accepts_self_referrals=True,
        accepted_case_kinds=["survivor_support"],
    )
    assert entry.offers == ["shelter", "helpline_24_7"]
    assert entry.languages == ["es", "en"]
    assert DirectoryEntry.objects.get(pk=world.support_service.pk).updated_by == world.manager
    assert AuditEvent.objects.filter(action="directory_entry.updated").count() == 1
