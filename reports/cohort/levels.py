"""The level distribution: a bar per level with its count and share."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports import charts
from reports.bundle import CohortBundle
from reports.layout import CONTENT_WIDTH, LEVEL_COLORS, P, Styles, gap, heading, keep
from reports.text import Localised, fmt_share


def levels(w: Localised, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
    """Bars with their count and share written at the end (so the chart needs no table)."""
    stats = b.statistics
    q = b.questionnaire
    count = stats["count"]
    bars = []
    for level, n in stats["levels"].items():
        bars.append((w.level(q, int(level)), n, f"{n} · {fmt_share(n, count)}"))
    shade = [min(len(LEVEL_COLORS) - 1, int(level)) for level in stats["levels"]]
    chart = charts.level_bars(bars, width=CONTENT_WIDTH, color_index=shade)
    total = P(f"{w.t('total')}: {count}" if w.lang == "en" else f"{w.t('total')}：{count} 家", st.small)
    estimate = getattr(q, "estimate_note", None)  # a CMMM level is a self-assessment estimate
    notes = [P(w.t("estimate_title") + " · " + w.name(estimate.model_dump()), st.small)] if estimate else []
    return [keep(*heading(w.t("s_levels"), st, number), chart, total, *notes), gap(3)]
