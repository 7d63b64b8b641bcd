"""The barometer as a PDF (accord.core.pdf: local static files only), audited as it is made."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.core.pdf import pdf_from_html, stylesheet_uris
from accord.network.barometer import Ranking
from accord.network.chart import barometer_svg
from accord.network.models import ScoringScheme

STYLESHEETS = ("css/print.css",)


def barometer_pdf(
    *, actor: Actor, scheme: ScoringScheme, ranking: Ranking, country: str = ""
) -> bytes:
    """The PDF and its audit event together: if it cannot be made (PdfUnavailable), no event."""
    chart = ""
    if ranking.ranked:
        drawn = barometer_svg(ranking, scheme.title).decode()
        # Inline in the page (no file to fetch); matplotlib escapes every text it draws.
        chart = mark_safe(drawn[drawn.index("<svg") :])  # noqa: S308
    with transaction.atomic():
        html = render_to_string(
            "network/barometer_pdf.html",
            {
                "scheme": scheme,
                "ranking": ranking,
                "country": country,
                "chart": chart,
                "printed_by": actor.label,
                "printed_at": timezone.localtime(),
                "stylesheet_urls": stylesheet_uris(STYLESHEETS),
            },
        )
        content = pdf_from_html(html)
        audit_event_record(
            actor=actor,
            action="barometer.printed",
            obj=scheme,
            reason=f"{ranking.year} {country}".strip(),
        )
    return content
