"""Writes to the directory and to cooperation protocols. Callers have checked the right with the
access module (`may_edit_directory_entry`, `protocol_organisations`, in directory/access.py);
each service validates, saves and audits in one transaction, so a refused change leaves
nothing behind.

A protocol is drafted (parties, their signatures, the flows direction by direction, the signed
document), then activated once complete. An active protocol is the signed agreement: it is no
longer changed, only ended (its last valid day set); a changed agreement is a new protocol.
Every change to a protocol sends the version it read (optimistic locking).
"""

import base64
import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.access.fields import FieldClass
from accord.accounts.models import Organisation, Service
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases.models import CaseKind
from accord.core.locking import lock_for_update
from accord.directory.models import (
    DOCUMENT_CONTENT_TYPE,
    DOCUMENT_MAX_BYTES,
    PDF_MAGIC,
    DirectoryEntry,
    Offer,
    Protocol,
    ProtocolFlow,
    ProtocolParty,
    ProtocolStatus,
)

# --- the directory ------------------------------------------------------------------------------


def _choices(values: Iterable[str], allowed: list[str], field: str, message: str) -> list[str]:
    """The values in a stable order without repeats, or a ValidationError naming the stray."""
    chosen = list(dict.fromkeys(values))
    unknown = [value for value in chosen if value not in allowed]
    if unknown:
        raise ValidationError({field: message % {"values": ", ".join(unknown)}})
    return chosen


@transaction.atomic
def directory_entry_update(
    *,
    actor: Actor,
    service: Service,
    offers: list[str],
    languages: list[str],
    accessibility: str = "",
    catchment: str = "",
    how_to_refer: str = "",
    accepts_self_referrals: bool = False,
    accepted_case_kinds: list[str] | None = None,
) -> DirectoryEntry:
    """Create or replace the service's directory entry."""
    entry = DirectoryEntry.objects.select_for_update().filter(service=service).first()
    if entry is None:
        entry = DirectoryEntry(service=service)
    entry.offers = _choices(offers, Offer.values, "offers", _("Unknown offer: %(values)s."))
    languages = [code.strip().lower() for code in languages if code.strip()]
    if any(not (2 <= len(code) <= 8 and code.replace("-", "").isalpha()) for code in languages):
        raise ValidationError(
            {"languages": _("Give languages as codes, e.g. es, en, ar, separated by commas.")}
        )
    entry.languages = list(dict.fromkeys(languages))
    entry.accessibility = accessibility.strip()
    entry.catchment = catchment.strip()
    entry.how_to_refer = how_to_refer.strip()
    entry.accepts_self_referrals = accepts_self_referrals
    entry.accepted_case_kinds = _choices(
        accepted_case_kinds or [],
        CaseKind.values,
        "accepted_case_kinds",
        _("Unknown kind of case: %(values)s."),
    )
    entry.updated_by = actor.user
    entry.full_clean()
    entry.save()
    audit_event_record(
        actor=actor,
        action="directory_entry.updated",
        obj=entry,
        subject_organisation_id=service.organisation_id,
    )
    return entry


# --- protocols ----------------------------------------------------------------------------------


def _draft(protocol: Protocol, expected_version: int) -> Protocol:
    """The protocol's row, locked, if nobody changed it since it was read (else StaleVersion)
    and if it is still a draft (else a ValidationError)."""
    current = lock_for_update(protocol, expected_version=expected_version)
    if current.status != ProtocolStatus.DRAFT:
        raise ValidationError(
            _(
                "An active protocol is the signed agreement and is not changed: end it and "
                "draft a new one."
            )
        )
    return current


def _bump(protocol: Protocol) -> None:
    protocol.version += 1
    protocol.full_clean()
    protocol.save()


def _audit(
    actor: Actor, action: str, protocol: Protocol, organisation_id: int | None, reason: str = ""
) -> None:
    audit_event_record(
        actor=actor,
        action=action,
        obj=protocol,
        subject_organisation_id=organisation_id,
        reason=reason,
    )


@transaction.atomic
def protocol_create(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    response_working_days: int = 2,
) -> Protocol:
    """A draft protocol with `organisation` (the drafting one) as its first party."""
    protocol = Protocol(
        title=title.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        response_working_days=response_working_days,
        created_by=actor.user,
    )
    _check_dates(valid_from, valid_to)
    protocol.full_clean()
    protocol.save()
    party = ProtocolParty(protocol=protocol, organisation=organisation)
    party.full_clean()
    party.save()
    _audit(actor, "protocol.created", protocol, organisation.pk)
    return protocol


def _check_dates(valid_from: datetime.date | None, valid_to: datetime.date | None) -> None:
    if valid_to is not None and valid_from is None:
        raise ValidationError({"valid_from": _("Say from when the protocol is valid.")})
    if valid_to is not None and valid_from is not None and valid_to < valid_from:
        raise ValidationError(
            {
                "valid_to": _("The last valid day cannot come before the first (%(from)s).")
                % {"from": date_format(valid_from, "DATE_FORMAT")}
            }
        )


@transaction.atomic
def protocol_dates_set(
    *,
    actor: Actor,
    protocol: Protocol,
    expected_version: int,
    valid_from: datetime.date | None,
    valid_to: datetime.date | None,
    response_working_days: int,
) -> Protocol:
    protocol = _draft(protocol, expected_version)
    _check_dates(valid_from, valid_to)
    protocol.valid_from = valid_from
    protocol.valid_to = valid_to
    protocol.response_working_days = response_working_days
    _bump(protocol)
    _audit(actor, "protocol.dates_set", protocol, actor.organisation_id)
    return protocol


@transaction.atomic
def protocol_party_add(
    *, actor: Actor, protocol: Protocol, expected_version: int, organisation: Organisation
) -> ProtocolParty:
    """Another organisation joins the draft; it signs through its own admin
    (`protocol_party_sign`)."""
    protocol = _draft(protocol, expected_version)
    if protocol.parties.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("%(name)s is already a party.") % {"name": organisation.name}}
        )
    party = ProtocolParty(protocol=protocol, organisation=organisation)
    party.full_clean()
    party.save()
    _bump(protocol)
    _audit(actor, "protocol.party_added", protocol, organisation.pk)
    return party


@transaction.atomic
def protocol_party_sign(
    *,
    actor: Actor,
    party: ProtocolParty,
    expected_version: int,
    signatory_name: str,
    signatory_role: str,
    signed_on: datetime.date,
) -> ProtocolParty:
    """Record who signed for the party's organisation, and when."""
    protocol = _draft(party.protocol, expected_version)
    signatory_name = signatory_name.strip()
    if not signatory_name:
        raise ValidationError({"signatory_name": _("Name the person who signed.")})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("A signature cannot be dated in the future.")})
    party = ProtocolParty.objects.select_for_update().get(pk=party.pk)
    party.signatory_name = signatory_name
    party.signatory_role = signatory_role.strip()
    party.signed_on = signed_on
    party.full_clean()
    party.save()
    _bump(protocol)
    _audit(actor, "protocol.party_signed", protocol, party.organisation_id)
    return party


@transaction.atomic
def protocol_flow_set(
    *,
    actor: Actor,
    protocol: Protocol,
    expected_version: int,
    from_organisation: Organisation,
    to_organisation: Organisation,
    categories: list[str],
) -> ProtocolFlow | None:
    """What may flow from one party to another. No categories removes the direction: nothing
    flows that way."""
    protocol = _draft(protocol, expected_version)
    if from_organisation.pk == to_organisation.pk:
        raise ValidationError(_("A flow goes from one party to another, not to itself."))
    party_ids = set(protocol.parties.values_list("organisation_id", flat=True))
    outsiders = [o.name for o in (from_organisation, to_organisation) if o.pk not in party_ids]
    if outsiders:
        raise ValidationError(
            _("Data flows only between parties of the protocol; not a party: %(names)s.")
            % {"names": ", ".join(outsiders)}
        )
    categories = _choices(
        categories, FieldClass.values, "categories", _("Unknown data category: %(values)s.")
    )
    flow = ProtocolFlow.objects.filter(
        protocol=protocol, from_organisation=from_organisation, to_organisation=to_organisation
    ).first()
    reason = ",".join(categories)
    if not categories:
        if flow is not None:
            flow.delete()
        flow = None
    else:
        flow = flow or ProtocolFlow(
            protocol=protocol, from_organisation=from_organisation, to_organisation=to_organisation
        )
        # In the enum's order, so the same choice reads the same everywhere.
        flow.categories = [value for value in FieldClass.values if value in categories]
        flow.full_clean()
        flow.save()
    _bump(protocol)
    _audit(actor, "protocol.flow_set", protocol, from_organisation.pk, reason=reason)
    return flow


@transaction.atomic
def protocol_document_attach(
    *, actor: Actor, protocol: Protocol, expected_version: int, document: UploadedFile
) -> Protocol:
    """Store the signed agreement (a PDF, at most 5 MB), encrypted, replacing any earlier one."""
    protocol = _draft(protocol, expected_version)
    if document.size is None or document.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {
                "document": _(
                    "The document is larger than %(max)d MB: scan it at a lower resolution."
                )
                % {"max": DOCUMENT_MAX_BYTES // (1024 * 1024)}
            }
        )
    content = document.read(DOCUMENT_MAX_BYTES + 1)
    if len(content) > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {
                "document": _("The document is larger than %(max)d MB.")
                % {"max": DOCUMENT_MAX_BYTES // (1024 * 1024)}
            }
        )
    # The content decides, not the name or the type the browser claims.
    if not content.startswith(PDF_MAGIC):
        raise ValidationError({"document": _("Upload the signed protocol as a PDF file.")})
    name = (document.name or "protocol.pdf").rsplit("/", 1)[-1][:200]
    protocol.document = base64.b64encode(content).decode("ascii")
    protocol.document_name = name
    protocol.document_content_type = DOCUMENT_CONTENT_TYPE
    _bump(protocol)
    _audit(actor, "protocol.document_attached", protocol, actor.organisation_id)
    return protocol


def protocol_document_bytes(protocol: Protocol) -> bytes:
    return base64.b64decode(protocol.document or "")


@transaction.atomic
def protocol_document_downloaded(*, actor: Actor, protocol: Protocol) -> bytes:
    """The document's bytes, with the download in the audit log."""
    _audit(actor, "protocol.document_downloaded", protocol, actor.organisation_id)
    return protocol_document_bytes(protocol)


def activation_problems(protocol: Protocol) -> list[str]:
    """Why the protocol cannot be activated yet, in words for its admins; empty when it can."""
    problems = []
    parties = list(protocol.parties.select_related("organisation"))
    if len(parties) < 2:
        problems.append(_("A protocol needs at least two parties."))
    unsigned = [party.organisation.name for party in parties if not party.signed]
    if unsigned:
        problems.append(_("Not signed yet by: %(names)s.") % {"names": ", ".join(sorted(unsigned))})
    if not protocol.flows.exists():
        problems.append(_("Say what data may flow, in at least one direction."))
    if not protocol.has_document:
        problems.append(_("Attach the signed document."))
    if protocol.valid_from is None:
        problems.append(_("Say from when the protocol is valid."))
    return problems


@transaction.atomic
def protocol_activate(*, actor: Actor, protocol: Protocol, expected_version: int) -> Protocol:
    protocol = _draft(protocol, expected_version)
    problems = activation_problems(protocol)
    if problems:
        raise ValidationError(problems)
    protocol.status = ProtocolStatus.ACTIVE
    _bump(protocol)
    _audit(actor, "protocol.activated", protocol, actor.organisation_id)
    return protocol


@transaction.atomic
def protocol_end(
    *, actor: Actor, protocol: Protocol, expected_version: int, valid_to: datetime.date
) -> Protocol:
    """Set the active protocol's last valid day: from the next day on, no new referral follows
    it. A day already past ends it at once (e.g. a party withdrew)."""
    protocol = lock_for_update(protocol, expected_version=expected_version)
    if protocol.status != ProtocolStatus.ACTIVE:
        raise ValidationError(_("Only an active protocol can be ended; a draft is just left."))
    assert protocol.valid_from is not None  # an active protocol has one (a check constraint)
    if valid_to < protocol.valid_from:
        raise ValidationError(
            {
                "valid_to": _("The last valid day cannot come before the first (%(from)s).")
                % {"from": date_format(protocol.valid_from, "DATE_FORMAT")}
            }
        )
    protocol.valid_to = valid_to
    _bump(protocol)
    _audit(actor, "protocol.ended", protocol, actor.organisation_id, reason=valid_to.isoformat())
    return protocol
