"""The printable safety plan: a PDF she can keep, made with WeasyPrint through the subject-access
export's URL fetcher (local static files only, nothing fetched from the network).

What it holds is chosen here, not taken from the person's record: the case reference and her
first name, the plan's sections and items, the review date, and who printed it when. Never her
family name, phone or any address (real or substitute): a printout gets left on a table.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accord.access.fields import FieldClass
from accord.access.policy import CaseAccess
from accord.audit.context import Actor
from accord.core.pdf import pdf_from_html, stylesheet_uris
from accord.safety.selectors import PlanView
from accord.safety.services import safety_plan_printed

STYLESHEETS = ("css/print.css", "css/safety-plan-print.css")


@dataclass(frozen=True)
class PrintedPlan:
    content: bytes
    filename: str


def safety_plan_html(
    view: PlanView, access: CaseAccess, *, printed_by: str, printed_at: datetime.datetime
) -> str:
    case = access.case
    return render_to_string(
        "safety/plan_pdf.html",
        {
            "view": view,
            "reference": case.reference,
            # Her first name only, where the reader may read her identity at all.
            "first_name": case.person.given_name if access.reads(FieldClass.IDENTITY) else "",
            "printed_by": printed_by,
            "printed_at": timezone.localtime(printed_at),
            "stylesheet_urls": stylesheet_uris(STYLESHEETS),
        },
    )


def safety_plan_print(*, actor: Actor, view: PlanView, access: CaseAccess) -> PrintedPlan:
    """The PDF and its audit event in one transaction: if the file cannot be made
    (PdfUnavailable), no event says it was printed. The caller has checked the access."""
    with transaction.atomic():
        html = safety_plan_html(
            view, access, printed_by=actor.display_name, printed_at=timezone.now()
        )
        content = pdf_from_html(html)
        safety_plan_printed(actor=actor, plan=view.plan)
    # The file name says which case, never whose.
    return PrintedPlan(content=content, filename=f"{access.case.reference}.pdf")
