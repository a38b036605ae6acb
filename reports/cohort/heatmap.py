"""The park × part heat map, with its legend."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from questionnaires.parts import overall_range, part_names
from questionnaires.schema import SmeQuestionnaire
from reports import charts
from reports.bundle import CohortBundle, scale_share
from reports.layout import CONTENT_WIDTH, P, Styles, data_table, gap, heading
from reports.text import Localised, fmt, fmt_part, part_kind

HEAT_COLUMNS = 10  # parts of the heat map as columns up to this many (DCMM areas, SME dimensions), else rows


def heatmap(w: Localised, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
    q = b.questionnaire
    kind = q.kind
    overall = b.part_means()
    parts = [(p, n) for p, n in part_names(q) if p in overall]
    table, hidden = b.breakdown("park")
    heads = [w.t("park")] + [w.name(n) for _, n in parts]
    rows: list[list] = [heads]
    values: list[list[float]] = []
    for _, r in table.iterrows():
        rows.append([w.group_label("park", r["park"])] + [fmt_part(r[p], kind, p) for p, _ in parts])
        values.append([r[p] for p, _ in parts])
    rows.append([w.t("all_parks")] + [fmt_part(overall[p], kind, p) for p, _ in parts])
    values.append([overall[p] for p, _ in parts])
    # shades spread over this table's range of shares of each part's scale, so that
    # differences between parks show; every cell prints its number
    shares = [[scale_share(q, p, v) for v, (p, _) in zip(row_values, parts)] for row_values in values]
    low = min(min(r) for r in shares)
    high = max(max(r) for r in shares)
    extra = []
    for i, row_shares in enumerate(shares, start=1):
        for j, share in enumerate(row_shares, start=1):
            fill, ink = charts.heat_color((share - low) / (high - low) if high > low else 0.5)
            extra += [("BACKGROUND", (j, i), (j, i), fill), ("TEXTCOLOR", (j, i), (j, i), ink)]
    if len(parts) > HEAT_COLUMNS:  # too many parts to be columns (CMMM's 12 domains): a row each
        rows = [list(column) for column in zip(*rows)]
        rows[0][0] = w.t(part_kind(q))
        extra = [(cmd, (j, i), (j, i), colour) for cmd, (i, j), _, colour in extra]
    first = 38 * mm
    columns = len(rows[0]) - 1
    widths = [first] + [(CONTENT_WIDTH - first) / columns] * columns
    grid = data_table(st, rows, widths, align="L" + "C" * columns, extra=extra, zebra=False)
    legend = heat_legend(w, q, st, low, high)
    note = w.t(f"heatmap_note_{kind}")
    return [
        CondPageBreak(90 * mm),
        *heading(w.t({"dcmm": "s_heatmap"}.get(kind, f"s_heatmap_{kind}")), st, number),
        grid,
        gap(2),
        legend,
        P(note, st.small),
        *([P(w.t("groups_hidden", n=hidden), st.small)] if hidden else []),
    ]


def heat_legend(w: Localised, q, st: Styles, low: float, high: float) -> Flowable:
    """The shade scale: ``low``..``high`` are shares of the scale (the table's range)."""
    n = 6
    on_levels = not isinstance(q, SmeQuestionnaire)  # DCMM areas and CMMM domains share the overall scale
    bottom, top = overall_range(q)
    cells, extra = [], []
    for k in range(n):
        share = low + (high - low) * k / (n - 1)
        text = fmt(bottom + (top - bottom) * share, 2) if on_levels else fmt(100 * share, 0) + "%"
        fill, ink = charts.heat_color(k / (n - 1))
        cells.append(text)
        extra += [("BACKGROUND", (k, 0), (k, 0), fill), ("TEXTCOLOR", (k, 0), (k, 0), ink)]
    width = CONTENT_WIDTH * 0.6 / n
    legend = data_table(st, [cells], [width] * n, header_rows=0, align="C" * n, extra=extra, zebra=False)
    legend.hAlign = "LEFT"
    return legend
