"""Parks, industries and size classes compared: counts, mean, median and the share at
each level; small groups hidden."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from benchmarks.statistics import level_range
from reports.bundle import CohortBundle
from reports.layout import CONTENT_WIDTH, P, Styles, data_table, heading
from reports.text import Localised, fmt_score, fmt_share


def comparison(w: Localised, b: CohortBundle, st: Styles, column: str) -> list[Flowable]:
    q = b.questionnaire
    table, hidden = b.breakdown(column)
    heads = [w.t({"park": "park", "industry": "industry", "size": "size"}[column]), w.t("count")]
    heads += [w.t("mean"), w.t("median")]
    heads += [w.level_short(q, lv) for lv in level_range(q)]
    align = "LRRR" + "R" * len(level_range(q))
    rows: list[list] = [heads]
    for _, r in table.iterrows():
        counts, n = b.level_counts(column, r[column])
        rows.append(
            [
                w.group_label(column, r[column]),
                str(int(r["count"])),
                fmt_score(r["mean"]),
                fmt_score(r["p50"]),
                *(fmt_share(count, n) for count in counts),
            ]  # fmt: skip
        )
    n_levels = len(level_range(q))
    level_w = 17 * mm
    widths = [CONTENT_WIDTH - 46 * mm - n_levels * level_w, 14 * mm, 16 * mm, 16 * mm] + [level_w] * n_levels
    out: list[Flowable] = [data_table(st, rows, widths, align=align)] if len(rows) > 1 else []
    if hidden:  # how many, never which: the names and counts would undo the suppression
        out.append(P(w.t("groups_hidden", n=hidden), st.small))
    return out


def comparisons(w: Localised, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(70 * mm), *heading(w.t("s_parks"), st, number)]
    out += comparison(w, b, st, "park")
    for column, title in (("industry", "s_industries"), ("size", "s_sizes")):
        out += [CondPageBreak(45 * mm), P(w.t(title), st.h2), *comparison(w, b, st, column)]
    return out
