"""The enterprises furthest below their park's median."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from reports.bundle import CohortBundle
from reports.layout import CONTENT_WIDTH, P, Styles, data_table, heading
from reports.text import Localised, fmt, fmt_signed, score_digits

LAGGING_SHOWN = 20


def lagging(w: Localised, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
    q = b.questionnaire
    digits = score_digits()
    below = b.lagging(LAGGING_SHOWN)
    out: list[Flowable] = [CondPageBreak(80 * mm), *heading(w.t("s_lagging"), st, number)]
    out.append(P(w.t("lagging_note"), st.small))
    heads = [w.t("rank"), w.t("name"), w.t("park"), w.t("score"), w.t("group_median"),
             w.t("gap"), w.t("level")]  # fmt: skip
    align = "RLLRRRL"
    rows: list[list] = [heads]
    for k, (_, r) in enumerate(below.iterrows(), start=1):
        rows.append(
            [
                str(k),
                [P(r["name"], st.cell), P(r["credit_code"], st.cell_small)],
                w.group_label("park", r["park"]),
                fmt(r["score"], digits),
                fmt(r["group_median"], digits),
                fmt_signed(r["gap"], digits),
                w.level(q, int(r["level"])),
            ]
        )
    widths = [9 * mm, CONTENT_WIDTH - 114 * mm, 34 * mm, 13 * mm, 17 * mm, 14 * mm, 36 * mm]
    if len(rows) > 1:
        out.append(data_table(st, rows, widths, align=align))
    return out
