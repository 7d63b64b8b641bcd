"""The risk history as an SVG drawn on the server: no charting script reaches the browser, and
the picture is the same in every browser, on paper and in a screen reader's text alternative
(the history table next to it)."""

import datetime
import hashlib
import io
import os
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.cases.risk_levels import RiskLevel
from accord.risk.models import Assessment

LEVEL_COLOURS = {
    RiskLevel.STANDARD: "#2e7d32",
    RiskLevel.MEDIUM: "#b26a00",
    RiskLevel.HIGH: "#b00020",
}
LEVEL_MARKERS = {RiskLevel.STANDARD: "o", RiskLevel.MEDIUM: "s", RiskLevel.HIGH: "^"}


# Drawing costs about 0.1 s of CPU; the picture changes only when an assessment does.
CHART_CACHE_SECONDS = 7 * 24 * 3600


def cached_history_svg(assessments: list[Assessment], language: str) -> bytes:
    """The chart, drawn once per set of completed assessments and language. The key is made of
    row ids and versions only; the caller has already checked the reader may see it."""
    drawn = ",".join(f"{a.pk}.{a.version}" for a in assessments)
    digest = hashlib.sha256(f"{language}:{drawn}".encode()).hexdigest()
    key = f"risk-chart:{digest}"
    svg = cache.get(key)
    if svg is None:
        svg = history_svg(assessments, language)
        cache.set(key, svg, CHART_CACHE_SECONDS)
    return svg


# Left alone, matplotlib spreads a single point over four years; a short history gets a few
# weeks either side instead.
MIN_MARGIN = datetime.timedelta(days=21)


def date_limits(days: list[datetime.date]) -> tuple[datetime.date, datetime.date]:
    """The time axis: from the first assessment to the last, with a margin of a tenth of that
    span either side, and never less than three weeks."""
    first, last = min(days), max(days)
    margin = max(MIN_MARGIN, (last - first) / 10)
    return first - margin, last + margin


def _tick(day: datetime.date, format_name: str, language: str) -> str:
    with translation.override(language):
        return date_format(day, format_name)


def history_svg(assessments: list[Assessment], language: str) -> bytes:
    """Score over time, one line per instrument; each point's marker shape and colour give its
    level (shape too, so the chart does not depend on colour alone)."""
    # Matplotlib caches fonts under its config directory: keep it inside the project's var/.
    os.environ.setdefault("MPLCONFIGDIR", str(settings.BASE_DIR / "var" / "matplotlib"))
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    # Text stays text (no embedded glyphs), and ids do not vary between runs.
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "accord"

    figure = Figure(figsize=(7, 2.8))
    axes = figure.add_subplot()
    by_instrument: dict[str, list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        by_instrument[assessment.instrument.spec.text("title", language)].append(assessment)
    for title, points in by_instrument.items():
        days = [a.assessed_on for a in points]
        axes.plot(days, [a.score for a in points], color="#555555", linewidth=1, label=title)
        for assessment in points:
            level = RiskLevel(assessment.level)
            axes.scatter(
                [assessment.assessed_on],
                [assessment.score],
                marker=LEVEL_MARKERS[level],
                color=LEVEL_COLOURS[level],
                s=60,
                zorder=3,
            )
            axes.annotate(
                str(level.label),
                (assessment.assessed_on, assessment.score),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=8,
            )
    from matplotlib.dates import AutoDateLocator, num2date
    from matplotlib.ticker import FuncFormatter

    low, high = date_limits([a.assessed_on for a in assessments])
    axes.set_xlim(low, high)
    axes.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=7))
    # Dates in the reader's language, by Django's formats (matplotlib's are English).
    tick_format = "MONTH_DAY_FORMAT" if (high - low).days <= 120 else "YEAR_MONTH_FORMAT"
    axes.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _pos: _tick(num2date(value).date(), tick_format, language))
    )
    axes.set_ylabel(_("Score"))
    axes.set_ylim(bottom=0)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", fontsize=8, frameon=False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
