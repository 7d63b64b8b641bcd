"""Compliance reports to the mandating team (probation, the court's liaison) for a period.

Built only from attendance codes and status: `compliance_lines` reads those columns and
nothing else, and `compliance_content` takes only its rows, so no partner-sourced fact (safety
information, partner contact, attendance notes) can reach a report. Delivered under the protocol
in force between the programme's organisation and the mandating team's, as a PDF (WeasyPrint,
local files only) and through the API; making and printing are audited.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.access.fields import FieldClass
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.core.pdf import pdf_from_html, stylesheet_uris
from accord.core.references import new_reference
from accord.directory.models import Protocol
from accord.directory.selectors import protocol_flow_for, why_no_protocol
from accord.programmes.models import (
    ATTENDED_CODES,
    Attendance,
    AttendanceCode,
    ComplianceReport,
    Enrolment,
    EnrolmentStatus,
    EnrolmentStatusChange,
)

STYLESHEETS = ("css/print.css",)


@dataclass(frozen=True)
class AttendanceLine:
    day: datetime.date
    session: int
    code: str


@dataclass(frozen=True)
class StatusLine:
    day: datetime.date
    status: str


def compliance_lines(
    enrolment: Enrolment, start: datetime.date, end: datetime.date
) -> tuple[list[AttendanceLine], list[StatusLine]]:
    """The only rows a report is made of: each session's date, number and attendance code, and
    each status change's date and status, in the period. Two queries, two columns each."""
    attendance = [
        AttendanceLine(timezone.localdate(starts_at), number, code)
        for starts_at, number, code in Attendance.objects.filter(
            enrolment=enrolment,
            session__starts_at__date__gte=start,
            session__starts_at__date__lte=end,
        )
        .order_by("session__starts_at", "pk")
        .values_list("session__starts_at", "session__number", "code")
    ]
    statuses = [
        StatusLine(timezone.localdate(changed_at), status)
        for changed_at, status in EnrolmentStatusChange.objects.filter(
            enrolment=enrolment, changed_at__date__lte=end
        )
        .order_by("changed_at", "pk")
        .values_list("changed_at", "to_status")
    ]
    return attendance, statuses


def compliance_content(
    *,
    attendance: list[AttendanceLine],
    statuses: list[StatusLine],
    start: datetime.date,
    end: datetime.date,
    minimum_percent: int,
) -> dict[str, Any]:
    """The report's content from its rows: pure, and given nothing else."""
    counts = {code: 0 for code in AttendanceCode.values}
    for line in attendance:
        counts[line.code] += 1
    attended = sum(counts[code] for code in ATTENDED_CODES)
    rate = round(100 * attended / len(attendance)) if attendance else None
    in_period = [s for s in statuses if s.day >= start]
    status_at_end = statuses[-1].status if statuses else ""
    return {
        "period": [start.isoformat(), end.isoformat()],
        "status_at_end": status_at_end,
        "status_changes": [[s.day.isoformat(), s.status] for s in in_period],
        "sessions": [[a.day.isoformat(), a.session, a.code] for a in attendance],
        "counts": counts,
        "attendance_percent": rate,
        "minimum_percent": minimum_percent,
        "below_minimum": rate is not None and rate < minimum_percent,
    }


def _protocol_for(enrolment: Enrolment, on: datetime.date) -> Protocol:
    programme_organisation = enrolment.programme.service.organisation
    mandating_organisation = enrolment.mandating_team.service.organisation
    flow = protocol_flow_for(programme_organisation, mandating_organisation, on=on)
    if flow is None or FieldClass.PROGRAMME_STATUS not in flow.categories:
        raise ValidationError(
            why_no_protocol(
                programme_organisation,
                mandating_organisation,
                on=on,
                categories=[FieldClass.PROGRAMME_STATUS],
            )
            or _("No protocol in force lets his programme status go to the mandating team.")
        )
    return flow.protocol


@transaction.atomic
def compliance_report_make(
    *, actor: Actor, enrolment: Enrolment, start: datetime.date, end: datetime.date
) -> ComplianceReport:
    """Make the report for a period and deliver it to the mandating team (it reads it from
    then on), under the protocol in force today."""
    if not enrolment.mandated or enrolment.mandating_team_id is None:
        raise ValidationError(_("Only a mandated enrolment has a compliance report."))
    today = timezone.localdate()
    if end < start:
        raise ValidationError({"end": _("The period ends before it starts.")})
    if end > today:
        raise ValidationError({"end": _("This date is in the future.")})
    protocol = _protocol_for(enrolment, today)
    attendance, statuses = compliance_lines(enrolment, start, end)
    report = ComplianceReport(
        reference=new_reference("CR"),
        enrolment=enrolment,
        period_start=start,
        period_end=end,
        to_team=enrolment.mandating_team,
        protocol=protocol,
        content=compliance_content(
            attendance=attendance,
            statuses=statuses,
            start=start,
            end=end,
            minimum_percent=enrolment.programme.minimum_attendance_percent,
        ),
        made_by=actor.user,
        made_at=timezone.now(),
    )
    report.full_clean()
    report.save()
    audit_event_record(
        actor=actor,
        action="compliance_report.made",
        obj=report,
        subject_organisation_id=enrolment.programme.service.organisation_id,
    )
    # The receiving organisation's DPO sees what it received, and under which protocol.
    audit_event_record(
        actor=actor,
        action="compliance_report.delivered",
        obj=report,
        subject_organisation_id=enrolment.mandating_team.service.organisation_id,
        reason=protocol.title,
    )
    return report


def report_view(report: ComplianceReport) -> dict[str, Any]:
    """What the page and the PDF print: the stored content, with labels."""
    content = report.content
    codes = dict(AttendanceCode.choices)
    statuses = dict(EnrolmentStatus.choices)
    return {
        "report": report,
        "rows": [
            {"day": datetime.date.fromisoformat(day), "session": number, "code": codes[code]}
            for day, number, code in content["sessions"]
        ],
        "counts": [(codes[code], count) for code, count in content["counts"].items()],
        "status_changes": [
            (datetime.date.fromisoformat(day), statuses[status])
            for day, status in content["status_changes"]
        ],
        "status_at_end": statuses.get(content["status_at_end"], ""),
        "attendance_percent": content["attendance_percent"],
        "minimum_percent": content["minimum_percent"],
        "below_minimum": content["below_minimum"],
    }


@dataclass(frozen=True)
class PrintedReport:
    content: bytes
    filename: str


@transaction.atomic
def compliance_report_viewed(*, actor: Actor, report: ComplianceReport) -> None:
    """Opening a report (his attendance and status) is a read of his record, as printing is."""
    audit_event_record(
        actor=actor,
        action="compliance_report.viewed",
        obj=report,
        subject_organisation_id=actor.organisation_id,
    )


def compliance_report_print(*, actor: Actor, report: ComplianceReport) -> PrintedReport:
    """The PDF and its audit event in one transaction (no event if the file cannot be made)."""
    with transaction.atomic():
        html = render_to_string(
            "programmes/compliance_pdf.html",
            {
                **report_view(report),
                "participant": report.enrolment.case.person.given_name,
                "participant_family_name": report.enrolment.case.person.family_name or "",
                "printed_by": actor.label,
                "printed_at": timezone.localtime(),
                "stylesheet_urls": stylesheet_uris(STYLESHEETS),
            },
        )
        content = pdf_from_html(html)
        audit_event_record(
            actor=actor,
            action="compliance_report.printed",
            obj=report,
            subject_organisation_id=actor.organisation_id,
        )
    return PrintedReport(content=content, filename=f"{report.reference}.pdf")
