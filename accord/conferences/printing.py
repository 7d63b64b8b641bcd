"""The agenda pack and the minutes of a meeting as PDFs (WeasyPrint through the subject-access
export's static-only URL fetcher, as accord/safety/printing.py does).

What they hold is what the reader may read on the meeting's pages, nothing more: the cases on
the agenda with their reasons, risk level and summary, each agency's research and the minutes
distributed to her team. Never an address or a phone number (a referral carries none). Each
printout says who printed it, when and for which meeting, and is audited in the same
transaction: if the file cannot be made, no event says it was printed.
"""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.conferences import selectors
from accord.conferences.models import Meeting
from accord.core.pdf import pdf_from_html, stylesheet_uris

STYLESHEETS = ("css/print.css",)


@dataclass(frozen=True)
class Printed:
    content: bytes
    filename: str


def _html(template: str, meeting: Meeting, actor: Actor, **context: object) -> str:
    return render_to_string(
        template,
        {
            "meeting": meeting,
            "printed_by": actor.label,
            "printed_at": timezone.localtime(timezone.now()),
            "stylesheet_urls": stylesheet_uris(STYLESHEETS),
            **context,
        },
    )


def _printed(actor: Actor, meeting: Meeting, what: str) -> None:
    audit_event_record(
        actor=actor,
        action=f"conference.{what}_printed",
        obj=meeting,
        subject_organisation_id=meeting.conference.team.service.organisation_id,
    )


def agenda_pack_html(*, actor: Actor, user: AbstractBaseUser, meeting: Meeting) -> str:
    agenda = selectors.agenda_pack(user, meeting)
    research = selectors.research_by_referral(user, meeting)
    return _html(
        "conferences/agenda_pdf.html",
        meeting,
        actor,
        cases=[(referral, research.get(referral.pk, [])) for referral in agenda],
    )


def agenda_pack_print(*, actor: Actor, user: AbstractBaseUser, meeting: Meeting) -> Printed:
    with transaction.atomic():
        content = pdf_from_html(agenda_pack_html(actor=actor, user=user, meeting=meeting))
        _printed(actor, meeting, "agenda")
    return Printed(content=content, filename=f"agenda-{meeting.starts_at:%Y-%m-%d}.pdf")


def minutes_html(*, actor: Actor, user: AbstractBaseUser, meeting: Meeting) -> str:
    return _html(
        "conferences/minutes_pdf.html",
        meeting,
        actor,
        minutes=selectors.minutes_of(user, meeting),
        attendance=meeting.attendance.select_related("team__service"),
    )


def minutes_print(*, actor: Actor, user: AbstractBaseUser, meeting: Meeting) -> Printed:
    with transaction.atomic():
        content = pdf_from_html(minutes_html(actor=actor, user=user, meeting=meeting))
        _printed(actor, meeting, "minutes")
    return Printed(content=content, filename=f"minutes-{meeting.starts_at:%Y-%m-%d}.pdf")
