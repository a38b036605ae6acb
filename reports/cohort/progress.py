"""Progress between rounds (``benchmarks.progress``): summary, level transitions and parks."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from assessment.rounds import sort_key
from reports.bundle import CohortBundle
from reports.layout import CONTENT_WIDTH, P, Styles, data_table, facts_table, heading, keep
from reports.text import Localised, fmt, fmt_share, fmt_signed, score_digits


def progress(w: Localised, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
    q = b.questionnaire
    digits = score_digits()
    out: list[Flowable] = [CondPageBreak(70 * mm), *heading(w.t("s_cohort_progress"), st, number)]
    view = b.progress
    first, second = view["first"], view.get("second")
    if first is None or sort_key(first) > sort_key(second):  # no round before this one
        return [*out, P(w.t("progress_none"), st.body)]
    s = view["summary"]
    out.append(P(w.t("progress_scope", first=first, second=second, n=s["count"]), st.body))
    if view["mapped"]:
        out.append(P(w.t("progress_mapped", old=w.sep().join(view["mapped"])), st.small))
    if s.get("suppressed"):
        return [*out, P(w.t("progress_too_few"), st.body)]
    n = s["count"]
    facts = [
        (w.t("mean_before"), fmt(s["mean_before"], digits)),
        (w.t("mean_after"), fmt(s["mean_after"], digits)),
        (w.t("mean_change"), fmt_signed(s["mean_change"], digits)),
        (w.t("improved"), f"{s['improved']} · {fmt_share(s['improved'], n)}"),
        (w.t("declined"), f"{s['declined']} · {fmt_share(s['declined'], n)}"),
        (w.t("level_up"), str(s["level_up"])),
        (w.t("level_down"), str(s["level_down"])),
    ]
    out.append(facts_table(facts, st, label_width=45 * mm))
    moves = view["transitions"]
    levels = list(moves.columns)
    heads = [""] + [w.level_short(q, lv) for lv in levels]
    rows: list[list] = [heads]
    for before in moves.index:
        rows.append([w.level(q, before)] + [str(int(moves.loc[before, after])) for after in levels])
    out += [
        keep(
            P(w.t("transitions"), st.h2),
            data_table(
                st, rows, [50 * mm] + [(CONTENT_WIDTH - 50 * mm) / len(levels)] * len(levels),
                align="L" + "R" * len(levels),
            ),
        ),
    ]  # fmt: skip
    heads = [w.t(k) for k in ("park", "count", "mean_before", "mean_after", "mean_change")]
    park_rows: list[list] = [heads]
    for r in view["by_park"].to_dict("records"):
        park_rows.append(
            [
                w.group_label("park", r["park"]),
                str(r["count"]),
                fmt(r["mean_before"], digits),
                fmt(r["mean_after"], digits),
                fmt_signed(r["mean_change"], digits),
            ]  # fmt: skip
        )
    if len(park_rows) > 1:
        out += [
            P(w.t("progress_by_park"), st.h2),
            data_table(st, park_rows, [CONTENT_WIDTH - 100 * mm, 16 * mm, 28 * mm, 28 * mm, 28 * mm], align="LRRRR"),
        ]
    return out
