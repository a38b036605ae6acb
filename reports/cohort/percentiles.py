"""Percentiles of the overall score and of each part, with box plots."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from benchmarks.statistics import QUANTILES
from questionnaires.parts import overall_range, part_max, part_min, part_names
from reports import charts
from reports.bundle import CohortBundle
from reports.layout import CONTENT_WIDTH, P, Styles, data_table, heading
from reports.text import Localised, fmt, part_digits, score_digits


def percentiles(w: Localised, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
    stats = b.statistics
    q = b.questionnaire
    kind = q.kind
    box_w = 52 * mm
    heads = [w.t("part")] + [name.upper() for name in QUANTILES] + [w.t("mean"), ""]
    align = "L" + "R" * (len(QUANTILES) + 1) + "C"
    rows: list[list] = [heads]
    low, high = overall_range(q)
    entries = [(w.t("overall"), stats["overall"], low, high, None)]
    entries += [
        (w.name(n), stats["areas"][p], part_min(q, p), part_max(q, p), p)
        for p, n in part_names(q)
        if p in stats["areas"]
    ]
    for label, d, lo, hi, part in entries:
        digits = score_digits() if part is None else part_digits(kind, part)
        scale = f" (0–{hi:g})" if kind == "sme" else ""
        rows.append(
            [
                label + scale,
                *[fmt(d[k], digits) for k in QUANTILES],
                fmt(d["mean"], digits),
                charts.box_plot(d, vmin=lo, vmax=hi, width=box_w - 8),
            ]  # fmt: skip
        )
    if kind != "sme":  # one scale for every row: draw its ticks under the boxes
        ticks = list(range(int(low), int(high) + 1))
        axis = charts.scale_axis(vmin=low, vmax=high, ticks=ticks, labels=[str(t) for t in ticks], width=box_w - 8)
        rows.append([""] * (len(heads) - 1) + [axis])
    number_w = 15 * mm
    first = CONTENT_WIDTH - box_w - number_w * (len(QUANTILES) + 1)
    widths = [first] + [number_w] * (len(QUANTILES) + 1) + [box_w]
    return [
        CondPageBreak(80 * mm),
        *heading(w.t("s_percentiles"), st, number),
        data_table(st, rows, widths, align=align),
        P(w.t("percentiles_note"), st.small),
    ]
