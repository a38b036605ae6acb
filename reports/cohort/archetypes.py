"""The archetypes: sizes, profiles, and their mix by level, by park and between rounds."""

from __future__ import annotations

import pandas as pd
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from benchmarks.statistics import MIN_COHORT
from questionnaires.parts import part_names
from reports import charts
from reports.bundle import CohortBundle, scale_share
from reports.layout import CONTENT_WIDTH, P, Styles, data_table, gap, heading
from reports.text import Localised, fmt, fmt_date, fmt_part, park_label


def archetypes(w: Localised, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
    q, model = b.questionnaire, b.model
    out: list[Flowable] = [CondPageBreak(70 * mm), *heading(w.t("s_archetypes"), st, number)]
    if not model:
        return [*out, P(w.t("archetype_none"), st.body)]
    kind = q.kind
    in_scope, unplaced = b.archetype_counts()
    rows: list[list] = [["", w.t("archetype"), w.t("archetype_model_size"), w.t("archetype_size")]]
    for a in model["archetypes"]:
        names = [P(w.name(a["name"]), st.cell), P(w.name(a.get("description")), st.cell_small)]
        rows.append([a["id"], names, str(a["size"]), str(int(in_scope.get(a["id"], 0)))])
    if unplaced:
        rows.append(["", w.t("unplaced"), "", str(unplaced)])
    out.append(data_table(st, rows, [12 * mm, CONTENT_WIDTH - 62 * mm, 25 * mm, 25 * mm], align="LLRR"))
    # the profiles: each archetype's centroid per part (model-wide, so never a small group)
    parts = [(p, n) for p, n in part_names(q) if p in model["parts"]]
    shown = [a for a in model["archetypes"] if a["size"] >= MIN_COHORT]
    heads = [w.t("part")] + [a["id"] for a in shown]
    grid: list[list] = [heads]
    extra = []
    for i, (p, n) in enumerate(parts, start=1):
        grid.append([w.name(n)] + [fmt_part(a["centroid"][p], kind, p) for a in shown])
        for j, a in enumerate(shown, start=1):
            fill, ink = charts.heat_color(scale_share(q, p, a["centroid"][p]))
            extra += [("BACKGROUND", (j, i), (j, i), fill), ("TEXTCOLOR", (j, i), (j, i), ink)]
    if shown:
        first = 48 * mm
        widths = [first] + [(CONTENT_WIDTH - first) / len(shown)] * len(shown)
        out += [
            gap(3),
            data_table(st, grid, widths, align="L" + "C" * len(shown), extra=extra, zebra=False),
            P(
                w.t(
                    "archetype_profile_note",
                    n=model.get("data_count") or "—",
                    date=fmt_date(model.get("fitted_at"), w.lang),
                ),
                st.small,
            ),  # fmt: skip
        ]
    return out + archetype_breakdowns(w, b, st)


def archetype_breakdowns(w: Localised, b: CohortBundle, st: Styles) -> list[Flowable]:
    """Archetype × level, × park, and the moves between the two latest rounds: counts, small
    cells hidden (``benchmarks.dashboard``'s tables, as on the Archetypes page)."""
    q, model = b.questionnaire, b.model
    out: list[Flowable] = [
        gap(3),
        P(w.t("archetype_method", stability=fmt(model.get("stability"), 2)), st.small),
    ]
    if model.get("structure") is False:
        return [*out, P(w.t("archetype_no_structure"), st.body)]
    by_level, by_park, moves, rounds = b.archetype_tables()
    tables = [
        (w.t("archetype_by_level"), by_level, lambda c: w.level_short(q, c)),
        (w.t("archetype_by_park"), by_park, lambda c: park_label(c, w.lang)),
    ]
    if rounds is not None and not moves.empty:
        tables.append((w.t("archetype_moves", before=rounds[0], after=rounds[1]), moves, lambda c: c))
    for title, table, column_name in tables:
        if table.empty:
            continue
        columns = [c for c in table.columns if c != "archetype"]
        rows: list[list] = [[w.t("archetype"), *[column_name(c) for c in columns]]]
        names = {a["id"]: f"{a['id']} · {w.name(a['name'])}" for a in model["archetypes"]}
        for _, r in table.iterrows():
            label = P(names.get(r["archetype"], r["archetype"]), st.cell_small)
            rows.append([label, *["<5" if pd.isna(r[c]) else str(int(r[c])) for c in columns]])
        first = 52 * mm
        widths = [first] + [(CONTENT_WIDTH - first) / len(columns)] * len(columns)
        out += [gap(3), P(title, st.body), data_table(st, rows, widths, align="L" + "R" * len(columns))]
    out.append(P(w.t("archetype_cells_note"), st.small))
    return out
