"""The tables a locality sends for a period: every available indicator's latest version,
computed from its records and protected together with the other periods of the same year and
with what was already sent for them (accord.network.tables). `manage.py indicators_compute`
prints exactly these."""

from django.db.models import QuerySet

from accord.core.disclosure import Cell
from accord.network.compute import COMPUTATIONS, Key
from accord.network.models import IndicatorDefinition, Report, ReportStatus
from accord.network.periods import Period
from accord.network.tables import cells_of, protected_cells, table_json


def current_definitions() -> list[IndicatorDefinition]:
    """The latest version of each indicator."""
    latest: dict[str, IndicatorDefinition] = {}
    for definition in IndicatorDefinition.objects.order_by("slug", "-version"):
        latest.setdefault(definition.slug, definition)
    return list(latest.values())


def sent_reports(year: Period) -> QuerySet[Report]:
    """What the hub received for the periods of this year, newest first."""
    labels = [str(period) for period in year.linked()]
    return Report.objects.filter(period__in=labels, status=ReportStatus.SUBMITTED).order_by(
        "-submitted_at"
    )


def _sent_cells(period: Period, definition: IndicatorDefinition) -> dict[str, dict[Key, Cell]]:
    sent: dict[str, dict[Key, Cell]] = {}
    for report in sent_reports(period.year_period()):
        if report.period == str(period) or report.period in sent:
            continue
        for table in report.tables:
            if table["indicator"] == definition.slug and table["version"] == definition.version:
                sent[report.period] = cells_of(table)
    return sent


def period_tables(period: Period) -> list[dict]:
    tables = []
    for definition in current_definitions():
        if not definition.available or definition.slug not in COMPUTATIONS:
            continue
        compute = COMPUTATIONS[definition.slug]
        counts = {linked: compute(linked) for linked in period.linked()}
        cells = protected_cells(definition, counts, sent=_sent_cells(period, definition))
        mine = {key: cell for (label, key), cell in cells.items() if label == str(period)}
        tables.append(table_json(definition, period, mine))
    return tables
