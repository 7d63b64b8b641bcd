"""Bar charts of a survey question's categories as SVG drawn on the server, as the risk history
is (accord/risk/chart.py): no charting script reaches the browser, and the table beside each
chart holds the same figures for screen readers."""

import hashlib
import io
import os

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from accord.knowledge.selectors import QuestionReport

CHART_CACHE_SECONDS = 24 * 3600


def cached_question_svg(report: QuestionReport, language: str) -> bytes:
    """Drawn once per set of figures and language: the key is made of the figures only."""
    figures = ",".join(f"{c.code}={c.count}" for c in report.categories)
    drawn = f"{language}:{report.question.pk}:{report.answered}:{figures}"
    key = f"knowledge-chart:{hashlib.sha256(drawn.encode()).hexdigest()}"
    svg = cache.get(key)
    if svg is None:
        svg = question_svg(report)
        cache.set(key, svg, CHART_CACHE_SECONDS)
    return svg


def question_svg(report: QuestionReport) -> bytes:
    """One horizontal bar per category, labelled "N of M"; the base M is in the axis title."""
    os.environ.setdefault("MPLCONFIGDIR", str(settings.BASE_DIR / "var" / "matplotlib"))
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "accord"

    categories = list(reversed(report.categories))
    figure = Figure(figsize=(7, 0.45 * max(len(categories), 1) + 1))
    axes = figure.add_subplot()
    labels = [category.label for category in categories]
    counts = [category.count for category in categories]
    bars = axes.barh(labels, counts, color="#3b5b92")
    for bar, count in zip(bars, counts, strict=True):
        axes.annotate(
            _("%(count)s of %(base)s") % {"count": count, "base": report.answered},
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            textcoords="offset points",
            xytext=(4, 0),
            va="center",
            fontsize=8,
        )
    axes.set_xlim(0, max(report.answered, 1) * 1.15)
    axes.set_xlabel(
        _("Respondents, out of %(base)s who answered") % {"base": report.answered}, fontsize=8
    )
    axes.tick_params(labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
