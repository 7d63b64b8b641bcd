"""A survey's report as a file: CSV (one row per question, category and country) and PDF
(WeasyPrint, as the safety plan is printed: accord/safety/printing.py)."""

import csv
import io

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.audit.context import Actor
from accord.core.pdf import pdf_from_html, stylesheet_uris
from accord.knowledge.selectors import SurveyReport
from accord.knowledge.services import survey_report_exported

STYLESHEETS = ("css/print.css",)
ALL_COUNTRIES = "*"


def report_rows(report: SurveyReport) -> list[list[object]]:
    """Per question and category: N, M and the skipped, for all countries ("*") and each."""
    rows: list[list[object]] = []
    for question in report.questions:
        countries = [(ALL_COUNTRIES, question.answered)] + sorted(
            question.by_country_answered.items()
        )
        for country, answered in countries:
            respondents = (
                report.respondents if country == ALL_COUNTRIES else report.by_country[country]
            )
            for category in question.categories:
                count = (
                    category.count
                    if country == ALL_COUNTRIES
                    else category.by_country.get(country, 0)
                )
                rows.append(
                    [
                        question.question.key,
                        category.code,
                        country,
                        count,
                        answered,
                        respondents - answered,
                    ]
                )
    return rows


def report_csv(*, actor: Actor, report: SurveyReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("question"),
            _("code"),
            _("country"),
            _("respondents (N)"),
            _("answered (M)"),
            _("did not answer"),
        ]
    )
    writer.writerows(report_rows(report))
    survey_report_exported(actor=actor, survey=report.survey, file_format="csv")
    return out.getvalue()


def report_pdf(*, actor: Actor, report: SurveyReport) -> bytes:
    """The PDF and its audit event together: if it cannot be made (PdfUnavailable), no event."""
    with transaction.atomic():
        html = render_to_string(
            "knowledge/report_pdf.html",
            {
                "report": report,
                "printed_by": actor.label,
                "printed_at": timezone.localtime(),
                "stylesheet_urls": stylesheet_uris(STYLESHEETS),
            },
        )
        content = pdf_from_html(html)
        survey_report_exported(actor=actor, survey=report.survey, file_format="pdf")
    return content
