"""Shared by the directory tests and the apps that build on protocols: protocols made through the
services, and a tiny PDF."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from accord.accounts.models import Organisation
from accord.audit.context import Actor
from accord.directory import services
from accord.directory.models import Protocol
from accord.testing import World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
START = datetime.date(2025, 1, 1)


def pdf(content: bytes = PDF, name: str = "protocol.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def draft(world: World, *others: Organisation, title: str = "Women's Aid and Change") -> Protocol:
    """A draft drafted by Women's Aid A's admin, with `others` (default: the programme) added."""
    actor = Actor.for_user(world.admin)
    protocol = services.protocol_create(
        actor=actor, organisation=world.womens_aid, title=title, valid_from=START
    )
    for organisation in others or (world.programme,):
        services.protocol_party_add(
            actor=actor,
            protocol=protocol,
            expected_version=protocol_version(protocol),
            organisation=organisation,
        )
    return Protocol.objects.get(pk=protocol.pk)


def protocol_version(protocol: Protocol) -> int:
    return Protocol.objects.values_list("version", flat=True).get(pk=protocol.pk)


def complete(
    protocol: Protocol,
    flows: dict[tuple[Organisation, Organisation], list[str]],
    *,
    activate: bool = True,
    valid_to: datetime.date | None = None,
) -> Protocol:
    """Sign for every party, set `flows`, attach the PDF and (by default) activate."""
    actor = Actor.system()
    for party in protocol.parties.all():
        services.protocol_party_sign(
            actor=actor,
            party=party,
            expected_version=protocol_version(protocol),
            signatory_name="A. Signatory",
            signatory_role="Director",
            signed_on=START,
        )
    for (source, target), categories in flows.items():
        services.protocol_flow_set(
            actor=actor,
            protocol=protocol,
            expected_version=protocol_version(protocol),
            from_organisation=source,
            to_organisation=target,
            categories=categories,
        )
    services.protocol_document_attach(
        actor=actor, protocol=protocol, expected_version=protocol_version(protocol), document=pdf()
    )
    if valid_to is not None:
        services.protocol_dates_set(
            actor=actor,
            protocol=protocol,
            expected_version=protocol_version(protocol),
            valid_from=START,
            valid_to=valid_to,
            response_working_days=2,
        )
    if activate:
        services.protocol_activate(
            actor=actor, protocol=protocol, expected_version=protocol_version(protocol)
        )
    return Protocol.objects.get(pk=protocol.pk)


def active(world: World, *, valid_to: datetime.date | None = None) -> Protocol:
    """Women's Aid A ↔ Change Programme, active from START: programme status to her side,
    risk to the programme."""
    return complete(
        draft(world),
        {
            (world.programme, world.womens_aid): ["programme_status"],
            (world.womens_aid, world.programme): ["risk"],
        },
        valid_to=valid_to,
    )
