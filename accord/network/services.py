"""Every write of the network layer: loading definitions, preparing, approving and sending a
period report at the locality; receiving submissions and keeping member pages at the hub. Each
validates, saves and audits in one transaction."""

import datetime
import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.accounts.models import Organisation, User
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.core.locking import StaleVersion, lock_for_update
from accord.network import access, barometer, client, definitions
from accord.network.hub import check_submission
from accord.network.models import (
    Area,
    AreaReturn,
    IndicatorDefinition,
    Member,
    Report,
    ReportStatus,
    ScoringScheme,
    Submission,
)
from accord.network.periods import Period
from accord.network.reporting import period_tables


@transaction.atomic
def indicators_load(*, actor: Actor, text: str) -> list[IndicatorDefinition]:
    """Load the definitions of a file; a slug and version already loaded is kept as it is
    when unchanged and refused when changed (a changed definition is a new version)."""
    loaded = []
    for entry in definitions.parse(text):
        fields = {
            "label": entry["label"],
            "description": entry.get("description") or {},
            "unit": entry["unit"],
            "counting": entry["counting"],
            "standard": entry["standard"],
            "reference": entry.get("reference", ""),
            "dimensions": entry["dimensions"],
            "available": entry.get("available", True),
        }
        existing = IndicatorDefinition.objects.filter(
            slug=entry["slug"], version=entry["version"]
        ).first()
        if existing is not None:
            if any(getattr(existing, name) != value for name, value in fields.items()):
                raise ValidationError(
                    _(
                        "%(slug)s version %(version)d is loaded with another definition: give "
                        "the changed one a new version."
                    )
                    % {"slug": entry["slug"], "version": entry["version"]}
                )
            continue
        definition = IndicatorDefinition(slug=entry["slug"], version=entry["version"], **fields)
        definition.full_clean()
        definition.save()
        audit_event_record(actor=actor, action="indicator.loaded", obj=definition)
        loaded.append(definition)
    return loaded


def indicators_load_shipped(*, actor: Actor) -> list[IndicatorDefinition]:
    return indicators_load(actor=actor, text=definitions.SHIPPED.read_text(encoding="utf-8"))


@transaction.atomic
def report_prepare(*, actor: Actor, period: str) -> Report:
    """Compute and protect the period's tables; an earlier preparation of the same period that
    was not yet received by the hub is superseded (kept as history)."""
    if not access.may_prepare_reports(actor.user):
        raise PermissionDenied
    parsed = Period.parse(period)
    if parsed.end >= timezone.localdate():
        raise ValidationError(
            {"period": _("The period has not ended yet: its tables would not be final.")}
        )
    for earlier in Report.objects.select_for_update().filter(
        period=str(parsed), status__in=[ReportStatus.PREPARED, ReportStatus.APPROVED]
    ):
        earlier.status = ReportStatus.SUPERSEDED
        earlier.version += 1
        earlier.save(update_fields=["status", "version"])
        audit_event_record(actor=actor, action="network_report.superseded", obj=earlier)
    report = Report(
        period=str(parsed),
        tables=period_tables(parsed),
        prepared_by=actor.user,
        prepared_at=timezone.now(),
    )
    report.full_clean()
    report.save()
    audit_event_record(actor=actor, action="network_report.prepared", obj=report)
    return report


@transaction.atomic
def report_approve(*, actor: Actor, report: Report, expected_version: int) -> Report:
    """The four-eyes step: a second person approves the tables exactly as prepared."""
    report = lock_for_update(report, expected_version=expected_version)
    if not access.may_approve_report(actor.user, report):
        raise PermissionDenied
    if report.status != ReportStatus.PREPARED:
        raise ValidationError(_("Only prepared tables can be approved."))
    report.status = ReportStatus.APPROVED
    report.approved_by = actor.user
    report.approved_at = timezone.now()
    report.version += 1
    report.full_clean()
    report.save()
    audit_event_record(actor=actor, action="network_report.approved", obj=report)
    return report


def report_payload(report: Report, *, member: str | None = None) -> dict[str, Any]:
    """What goes to the hub: the member this locality is (ACCORD_NETWORK_MEMBER unless named)
    and the tables exactly as approved."""
    return {
        "member": member or settings.ACCORD_NETWORK_MEMBER,
        "report": str(report.uid),
        "period": report.period,
        "tables": report.tables,
    }


def report_send(*, actor: Actor, report: Report, sleep=None) -> Report:
    """Send approved tables to the hub (retried); the hub's answer is recorded either way.
    Sending again what the hub already holds changes nothing there."""
    if not access.may_send_report(actor.user):
        raise PermissionDenied
    if report.status not in {ReportStatus.APPROVED, ReportStatus.SUBMITTED}:
        raise ValidationError(_("Tables are sent once a second person has approved them."))
    if not settings.ACCORD_NETWORK_HUB_URL:
        raise ValidationError(_("No hub is configured (ACCORD_NETWORK_HUB_URL)."))
    answer = client.send(report_payload(report), **({"sleep": sleep} if sleep else {}))
    if answer.ok:
        return report_received(
            actor=actor, report=report, receipt=answer.body, attempts=answer.attempts
        )
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        report.attempts += answer.attempts
        if answer.status:
            report.last_error = " ".join(answer.body.get("problems") or [str(answer.body)])
        else:
            report.last_error = _("The hub could not be reached: %(error)s") % {
                "error": answer.error
            }
        report.version += 1
        report.save()
        audit_event_record(actor=actor, action="network_report.send_failed", obj=report)
    return report


@transaction.atomic
def report_received(
    *, actor: Actor, report: Report, receipt: dict[str, Any], attempts: int = 1
) -> Report:
    """Record the hub's receipt of an approved report (sent over HTTP by `report_send`, or
    handed to a hub running in the same installation, as in the demo)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status not in {ReportStatus.APPROVED, ReportStatus.SUBMITTED}:
        raise ValidationError(_("Tables are sent once a second person has approved them."))
    report.attempts += attempts
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.receipt = receipt
    report.last_error = ""
    report.version += 1
    report.save()
    audit_event_record(actor=actor, action="network_report.sent", obj=report)
    return report


def _digest(cells: Any) -> str:
    return hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def submission_receive(*, actor: Actor, member: Member, payload: Any) -> dict[str, Any]:
    """Store a member's tables, or refuse them all (ValidationError listing every problem)
    and store nothing. Idempotent by member, period and indicator version: the same figures
    again change nothing; different figures are a new revision, the earlier kept."""
    problems, tables = check_submission(payload, member_slug=member.slug)
    if problems:
        raise ValidationError(problems)
    created = 0
    receipt = []
    for table in tables:
        digest = _digest(table.raw["cells"])
        current = (
            Submission.objects.select_for_update()
            .filter(
                member=member, period=str(table.period), indicator=table.definition, current=True
            )
            .first()
        )
        if current is not None and current.digest == digest:
            receipt.append({"indicator": table.definition.slug, "revision": current.revision})
            continue
        revision = 1
        if current is not None:
            current.current = False
            current.save(update_fields=["current"])
            revision = current.revision + 1
        submission = Submission(
            member=member,
            period=str(table.period),
            indicator=table.definition,
            cells=table.raw["cells"],
            digest=digest,
            revision=revision,
            report_uid=payload.get("report") if _is_uuid(payload.get("report")) else None,
        )
        submission.full_clean()
        submission.save()
        audit_event_record(actor=actor, action="network_submission.received", obj=submission)
        created += 1
        receipt.append({"indicator": table.definition.slug, "revision": revision})
    return {"member": member.slug, "created": created, "tables": receipt}


def _is_uuid(value: Any) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


MEMBER_FIELDS = (
    "name",
    "country",
    "city",
    "services",
    "partnership_model",
    "description",
    "contact_name",
    "contact_email",
    "website",
    "member_since",
)


@transaction.atomic
def member_create(
    *,
    actor: Actor,
    slug: str,
    name: str,
    country: str,
    partnership_model: str,
    member_since: datetime.date,
    organisation: Organisation | None = None,
    account: User | None = None,
    **details: Any,
) -> Member:
    member = Member(
        slug=slug,
        name=name,
        country=country,
        partnership_model=partnership_model,
        member_since=member_since,
        organisation=organisation,
        account=account,
        **{key: value for key, value in details.items() if key in MEMBER_FIELDS},
    )
    member.full_clean()
    member.save()
    audit_event_record(actor=actor, action="network_member.created", obj=member)
    return member


@transaction.atomic
def member_update(*, actor: Actor, member: Member, expected_version: int, **changes: Any) -> Member:
    """A member's own page, changed by its admins (optimistic locking: a stale form is a
    conflict)."""
    member = lock_for_update(member, expected_version=expected_version)
    if not access.may_edit_member(actor.user, member):
        raise PermissionDenied
    for name, value in changes.items():
        if name not in MEMBER_FIELDS:
            raise ValueError(f"{name} is not a member field")
        setattr(member, name, value)
    member.version += 1
    member.full_clean()
    member.save()
    audit_event_record(actor=actor, action="network_member.updated", obj=member)
    return member


# --- the barometer -----------------------------------------------------------------------------


@transaction.atomic
def scoring_load(*, actor: Actor, text: str) -> list[ScoringScheme]:
    """Load the scoring schemes of a file; a slug and version already loaded is kept when
    unchanged and refused when changed (a changed scheme is a new version)."""
    loaded = []
    for entry in barometer.parse_scoring(text):
        existing = ScoringScheme.objects.filter(
            slug=entry["slug"], version=entry["version"]
        ).first()
        if existing is not None:
            if existing.label != entry["label"] or existing.measures != entry["measures"]:
                raise ValidationError(
                    _(
                        "%(slug)s version %(version)d is loaded with another scoring: give "
                        "the changed one a new version."
                    )
                    % {"slug": entry["slug"], "version": entry["version"]}
                )
            continue
        scheme = ScoringScheme(
            slug=entry["slug"],
            version=entry["version"],
            label=entry["label"],
            measures=entry["measures"],
        )
        scheme.full_clean()
        scheme.save()
        audit_event_record(actor=actor, action="scoring_scheme.loaded", obj=scheme)
        loaded.append(scheme)
    return loaded


def scoring_load_shipped(*, actor: Actor) -> list[ScoringScheme]:
    path = definitions.SHIPPED.parent / barometer.SHIPPED_SCORING
    return scoring_load(actor=actor, text=path.read_text(encoding="utf-8"))


@transaction.atomic
def area_create(
    *,
    actor: Actor,
    slug: str,
    name: str,
    country: str,
    kind: str,
    member: Member | None = None,
) -> Area:
    area = Area(slug=slug, name=name, country=country, kind=kind, member=member)
    area.full_clean()
    area.save()
    audit_event_record(actor=actor, action="barometer_area.created", obj=area)
    return area


@transaction.atomic
def area_return_record(
    *,
    actor: Actor,
    area: Area,
    year: int,
    population: int,
    figures: dict[str, Any],
    scheme: ScoringScheme,
    expected_version: int | None = None,
) -> AreaReturn:
    """An area's figures for a year, checked against the scheme's measures; recording the
    year again replaces them. expected_version: the version the caller read (0: she read no
    figures for that year, so figures someone recorded meanwhile are a conflict); None (the
    system's seeding) replaces whatever is there. A person records only the figures of the
    areas she keeps (accord.network.access.areas_kept_by; PermissionDenied otherwise)."""
    if actor.user is not None and not access.areas_kept_by(actor.user).filter(pk=area.pk).exists():
        raise PermissionDenied
    problems = [
        *(
            []
            if isinstance(year, int) and 2000 <= year <= 2100
            else [_("Year: from 2000 to 2100, not %(value)s.") % {"value": year}]
        ),
        *barometer.population_problems(population),
        *barometer.figure_problems(scheme.measures, figures),
    ]
    if problems:
        raise ValidationError(problems)
    existing = AreaReturn.objects.filter(area=area, year=year).first()
    if existing is None:
        if expected_version:
            # She edited figures that were removed meanwhile: nothing to compare with.
            raise ValidationError(_("These figures are no longer recorded: enter them again."))
        entry = AreaReturn(area=area, year=year, population=population, figures=figures)
    else:
        if expected_version == 0:
            raise StaleVersion(existing)
        entry = lock_for_update(
            existing,
            expected_version=existing.version if expected_version is None else expected_version,
        )
        entry.population = population
        entry.figures = figures
        entry.version += 1
    entry.full_clean()
    entry.save()
    audit_event_record(
        actor=actor,
        action="barometer_return.recorded",
        obj=entry,
        reason=f"{area.slug} {year} v{entry.version}",
    )
    return entry


@transaction.atomic
def barometer_viewed(*, actor: Actor, scheme: ScoringScheme, year: int, country: str = "") -> None:
    """An analyst read the barometer (a year, perhaps one country): recorded as every read of
    the hub's tables is."""
    audit_event_record(
        actor=actor, action="barometer.viewed", obj=scheme, reason=f"{year} {country}".strip()
    )
