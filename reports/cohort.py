"""The bureau's cohort report: what the bureau hands to district leadership.

``CohortReport(lang).build(bundle)`` is a pure function of a ``CohortBundle``: it computes every
figure with ``benchmarks.statistics`` (the functions behind the CLI ``benchmark`` command and
the dashboards), so the PDF shows the same numbers. Sections: scope and counts, level
distribution, parks (and industries, size classes) compared, a park × area heat map,
percentiles, archetypes, progress between rounds, and the enterprises furthest below their park.
Groups of fewer than 5 enterprises are never described, and a breakdown beside its total hides
enough groups that none follows by subtraction (``benchmarks.statistics.hidden_groups``).
"""

from __future__ import annotations

import pandas as pd
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from assessment.rounds import sort_key
from assessment.verified_items import item_label
from benchmarks.statistics import (
    MIN_COHORT,
    QUANTILES,
    level_range,
)
from questionnaires.parts import overall_range, part_max, part_min, part_names
from questionnaires.schema import SmeQuestionnaire
from reports import charts
from reports.bundle import CohortBundle, scale_share
from reports.layout import (
    CONTENT_WIDTH,
    LEVEL_COLORS,
    P,
    Styles,
    banner,
    bullet,
    data_table,
    facts_table,
    gap,
    heading,
    keep,
    render,
    styles,
)
from reports.text import (
    Localised,
    fmt,
    fmt_date,
    fmt_part,
    fmt_score,
    fmt_share,
    fmt_signed,
    industry_label,
    park_label,
    part_digits,
    part_kind,
    score_digits,
    size_label,
    source_label,
)

LAGGING_SHOWN = 20
HEAT_COLUMNS = 10  # parts of the heat map as columns up to this many (DCMM areas, SME dimensions), else rows
VERIFIED_ITEMS_SHOWN = 10  # items of the verification section, most overrated first


class CohortReport(Localised):
    """Builds the cohort report PDF in one language ('zh' by default, or 'en')."""

    def group_label(self, column: str, value) -> str:
        if column == "park":
            return park_label(value, self.lang)
        if column == "industry":
            return industry_label(value, self.lang)
        if column == "size":
            return size_label(value, self.lang)
        return str(value)

    def sep(self) -> str:
        return "、" if self.lang == "zh" else ", "

    # -------------------------------------------------------------------------------- build

    def build(self, b: CohortBundle) -> bytes:
        st = styles(self.lang)
        story = self.story(b, st)
        title = f"{self.t('cohort_title')} · {self.name(b.questionnaire.title.model_dump())}"
        header = f"{self.t('cohort_title')} · {b.questionnaire.id} · {b.round or '—'}"
        footer = self.t("generated", date=fmt_date(b.report_date, self.lang)) + " · " + self.t("tool")
        return render(
            story,
            lang=self.lang,
            header=header,
            footer=footer,
            synthetic=b.synthetic,
            title=title,
            invariant=self.invariant,
        )

    def story(self, b: CohortBundle, st: Styles) -> list[Flowable]:
        q = b.questionnaire
        stats = b.statistics
        story: list[Flowable] = [
            P(self.t("tool"), st.subtitle),
            P(self.t("cohort_title"), st.title),
            P(self.name(q.title.model_dump()), st.subtitle),
            gap(2),
        ]
        if b.synthetic:
            story += [banner(self.t("synthetic_banner_cohort"), st), gap(3)]
        story += self.scope(b, st, stats, 1)
        if stats.get("suppressed"):
            story.append(P(self.t("cohort_suppressed", n=stats["count"]), st.body))
            return story
        story += self.levels(b, st, stats, 2)
        story += self.comparisons(b, st, 3)
        story += self.heatmap(b, st, 4)
        story += self.percentiles(b, st, stats, 5)
        story += self.archetypes(b, st, 6)
        story += self.progress(b, st, 7)
        story += self.lagging(b, st, 8)
        number = 9
        if b.verification is not None:
            story += self.verification(b, st, number)
            number += 1
        if b.programmes:
            story += self.programmes(b, st, number)
        story += self.method(b, st)
        return story

    # -------------------------------------------------------------------------------- scope

    def scope(self, b: CohortBundle, st: Styles, stats: dict, number: int) -> list[Flowable]:
        flt, q = b.filter, b.questionnaire
        everyone = self.t("all")
        rounds = self.sep().join(f"{r} ({n})" for r, n in b.per_round().items()) or "—"
        pairs = [
            (self.t("questionnaire"), f"{self.name(q.title.model_dump())} · {q.id}"),
            (self.t("edition"), flt.version or everyone),
            (self.t("park"), park_label(flt.park, self.lang) if flt.park else everyone),
            (self.t("industry"), industry_label(flt.industry, self.lang) if flt.industry else everyone),
            (self.t("size"), size_label(flt.size, self.lang) if flt.size else everyone),
            (self.t("source"), source_label(flt.source, self.lang) if flt.source else everyone),
            (self.t("rounds_present"), rounds),
            (self.t("cross_round"), b.round or "—"),
            (self.t("enterprises"), str(stats["count"])),
            (self.t("assessments"), str(len(b.frame))),
            (self.t("synthetic_count"), str(b.synthetic_count)),
            (self.t("report_date"), fmt_date(b.report_date, self.lang)),
        ]
        if not stats.get("suppressed"):
            o = stats["overall"]
            pairs.append((self.t("mean"), fmt_score(o["mean"])))
            pairs.append((self.t("median"), fmt_score(o["p50"])))
        return [*heading(self.t("s_scope"), st, number), facts_table(pairs, st, label_width=45 * mm), gap(3)]

    # ------------------------------------------------------------------------------- levels

    def levels(self, b: CohortBundle, st: Styles, stats: dict, number: int) -> list[Flowable]:
        """Bars with their count and share written at the end (so the chart needs no table)."""
        q = b.questionnaire
        count = stats["count"]
        bars = []
        for level, n in stats["levels"].items():
            bars.append((self.level(q, int(level)), n, f"{n} · {fmt_share(n, count)}"))
        shade = [min(len(LEVEL_COLORS) - 1, int(level)) for level in stats["levels"]]
        chart = charts.level_bars(bars, width=CONTENT_WIDTH, color_index=shade)
        total = P(f"{self.t('total')}: {count}" if self.lang == "en" else f"{self.t('total')}：{count} 家", st.small)
        estimate = getattr(q, "estimate_note", None)  # a CMMM level is a self-assessment estimate
        notes = [P(self.t("estimate_title") + " · " + self.name(estimate.model_dump()), st.small)] if estimate else []
        return [keep(*heading(self.t("s_levels"), st, number), chart, total, *notes), gap(3)]

    # -------------------------------------------------------------------------- comparisons

    def comparison(self, b: CohortBundle, st: Styles, column: str) -> list[Flowable]:
        q = b.questionnaire
        table, hidden = b.breakdown(column)
        heads = [self.t({"park": "park", "industry": "industry", "size": "size"}[column]), self.t("count")]
        heads += [self.t("mean"), self.t("median")]
        heads += [self.level_short(q, lv) for lv in level_range(q)]
        align = "LRRR" + "R" * len(level_range(q))
        rows: list[list] = [heads]
        for _, r in table.iterrows():
            counts, n = b.level_counts(column, r[column])
            rows.append(
                [
                    self.group_label(column, r[column]),
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
            out.append(P(self.t("groups_hidden", n=hidden), st.small))
        return out

    def comparisons(self, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(70 * mm), *heading(self.t("s_parks"), st, number)]
        out += self.comparison(b, st, "park")
        for column, title in (("industry", "s_industries"), ("size", "s_sizes")):
            out += [CondPageBreak(45 * mm), P(self.t(title), st.h2), *self.comparison(b, st, column)]
        return out

    # ------------------------------------------------------------------------------ heatmap

    def heatmap(self, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
        q = b.questionnaire
        kind = q.kind
        overall = b.part_means()
        parts = [(p, n) for p, n in part_names(q) if p in overall]
        table, hidden = b.breakdown("park")
        heads = [self.t("park")] + [self.name(n) for _, n in parts]
        rows: list[list] = [heads]
        values: list[list[float]] = []
        for _, r in table.iterrows():
            rows.append([self.group_label("park", r["park"])] + [fmt_part(r[p], kind, p) for p, _ in parts])
            values.append([r[p] for p, _ in parts])
        rows.append([self.t("all_parks")] + [fmt_part(overall[p], kind, p) for p, _ in parts])
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
            rows[0][0] = self.t(part_kind(q))
            extra = [(cmd, (j, i), (j, i), colour) for cmd, (i, j), _, colour in extra]
        first = 38 * mm
        columns = len(rows[0]) - 1
        widths = [first] + [(CONTENT_WIDTH - first) / columns] * columns
        grid = data_table(st, rows, widths, align="L" + "C" * columns, extra=extra, zebra=False)
        legend = self.heat_legend(q, st, low, high)
        note = self.t(f"heatmap_note_{kind}")
        return [
            CondPageBreak(90 * mm),
            *heading(self.t({"dcmm": "s_heatmap"}.get(kind, f"s_heatmap_{kind}")), st, number),
            grid,
            gap(2),
            legend,
            P(note, st.small),
            *([P(self.t("groups_hidden", n=hidden), st.small)] if hidden else []),
        ]

    def heat_legend(self, q, st: Styles, low: float, high: float) -> Flowable:
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

    # -------------------------------------------------------------------------- percentiles

    def percentiles(self, b: CohortBundle, st: Styles, stats: dict, number: int) -> list[Flowable]:
        q = b.questionnaire
        kind = q.kind
        box_w = 52 * mm
        heads = [self.t("part")] + [name.upper() for name in QUANTILES] + [self.t("mean"), ""]
        align = "L" + "R" * (len(QUANTILES) + 1) + "C"
        rows: list[list] = [heads]
        low, high = overall_range(q)
        entries = [(self.t("overall"), stats["overall"], low, high, None)]
        entries += [
            (self.name(n), stats["areas"][p], part_min(q, p), part_max(q, p), p)
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
            *heading(self.t("s_percentiles"), st, number),
            data_table(st, rows, widths, align=align),
            P(self.t("percentiles_note"), st.small),
        ]

    # --------------------------------------------------------------------------- archetypes

    def archetypes(self, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
        q, model = b.questionnaire, b.model
        out: list[Flowable] = [CondPageBreak(70 * mm), *heading(self.t("s_archetypes"), st, number)]
        if not model:
            return [*out, P(self.t("archetype_none"), st.body)]
        kind = q.kind
        in_scope, unplaced = b.archetype_counts()
        rows: list[list] = [["", self.t("archetype"), self.t("archetype_model_size"), self.t("archetype_size")]]
        for a in model["archetypes"]:
            names = [P(self.name(a["name"]), st.cell), P(self.name(a.get("description")), st.cell_small)]
            rows.append([a["id"], names, str(a["size"]), str(int(in_scope.get(a["id"], 0)))])
        if unplaced:
            rows.append(["", self.t("unplaced"), "", str(unplaced)])
        out.append(data_table(st, rows, [12 * mm, CONTENT_WIDTH - 62 * mm, 25 * mm, 25 * mm], align="LLRR"))
        # the profiles: each archetype's centroid per part (model-wide, so never a small group)
        parts = [(p, n) for p, n in part_names(q) if p in model["parts"]]
        shown = [a for a in model["archetypes"] if a["size"] >= MIN_COHORT]
        heads = [self.t("part")] + [a["id"] for a in shown]
        grid: list[list] = [heads]
        extra = []
        for i, (p, n) in enumerate(parts, start=1):
            grid.append([self.name(n)] + [fmt_part(a["centroid"][p], kind, p) for a in shown])
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
                    self.t(
                        "archetype_profile_note",
                        n=model.get("data_count") or "—",
                        date=fmt_date(model.get("fitted_at"), self.lang),
                    ),
                    st.small,
                ),  # fmt: skip
            ]
        return out + self.archetype_breakdowns(b, st)

    def archetype_breakdowns(self, b: CohortBundle, st: Styles) -> list[Flowable]:
        """Archetype × level, × park, and the moves between the two latest rounds: counts, small
        cells hidden (``benchmarks.dashboard``'s tables, as on the Archetypes page)."""
        q, model = b.questionnaire, b.model
        out: list[Flowable] = [
            gap(3),
            P(self.t("archetype_method", stability=fmt(model.get("stability"), 2)), st.small),
        ]
        if model.get("structure") is False:
            return [*out, P(self.t("archetype_no_structure"), st.body)]
        by_level, by_park, moves, rounds = b.archetype_tables()
        tables = [
            (self.t("archetype_by_level"), by_level, lambda c: self.level_short(q, c)),
            (self.t("archetype_by_park"), by_park, lambda c: park_label(c, self.lang)),
        ]
        if rounds is not None and not moves.empty:
            tables.append((self.t("archetype_moves", before=rounds[0], after=rounds[1]), moves, lambda c: c))
        for title, table, column_name in tables:
            if table.empty:
                continue
            columns = [c for c in table.columns if c != "archetype"]
            rows: list[list] = [[self.t("archetype"), *[column_name(c) for c in columns]]]
            names = {a["id"]: f"{a['id']} · {self.name(a['name'])}" for a in model["archetypes"]}
            for _, r in table.iterrows():
                label = P(names.get(r["archetype"], r["archetype"]), st.cell_small)
                rows.append([label, *["<5" if pd.isna(r[c]) else str(int(r[c])) for c in columns]])
            first = 52 * mm
            widths = [first] + [(CONTENT_WIDTH - first) / len(columns)] * len(columns)
            out += [gap(3), P(title, st.body), data_table(st, rows, widths, align="L" + "R" * len(columns))]
        out.append(P(self.t("archetype_cells_note"), st.small))
        return out

    # ----------------------------------------------------------------------------- progress

    def progress(self, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
        q = b.questionnaire
        digits = score_digits()
        out: list[Flowable] = [CondPageBreak(70 * mm), *heading(self.t("s_cohort_progress"), st, number)]
        view = b.progress
        first, second = view["first"], view.get("second")
        if first is None or sort_key(first) > sort_key(second):  # no round before this one
            return [*out, P(self.t("progress_none"), st.body)]
        s = view["summary"]
        out.append(P(self.t("progress_scope", first=first, second=second, n=s["count"]), st.body))
        if view["mapped"]:
            out.append(P(self.t("progress_mapped", old=self.sep().join(view["mapped"])), st.small))
        if s.get("suppressed"):
            return [*out, P(self.t("progress_too_few"), st.body)]
        n = s["count"]
        facts = [
            (self.t("mean_before"), fmt(s["mean_before"], digits)),
            (self.t("mean_after"), fmt(s["mean_after"], digits)),
            (self.t("mean_change"), fmt_signed(s["mean_change"], digits)),
            (self.t("improved"), f"{s['improved']} · {fmt_share(s['improved'], n)}"),
            (self.t("declined"), f"{s['declined']} · {fmt_share(s['declined'], n)}"),
            (self.t("level_up"), str(s["level_up"])),
            (self.t("level_down"), str(s["level_down"])),
        ]
        out.append(facts_table(facts, st, label_width=45 * mm))
        moves = view["transitions"]
        levels = list(moves.columns)
        heads = [""] + [self.level_short(q, lv) for lv in levels]
        rows: list[list] = [heads]
        for before in moves.index:
            rows.append([self.level(q, before)] + [str(int(moves.loc[before, after])) for after in levels])
        out += [
            keep(
                P(self.t("transitions"), st.h2),
                data_table(
                    st, rows, [50 * mm] + [(CONTENT_WIDTH - 50 * mm) / len(levels)] * len(levels),
                    align="L" + "R" * len(levels),
                ),
            ),
        ]  # fmt: skip
        heads = [self.t(k) for k in ("park", "count", "mean_before", "mean_after", "mean_change")]
        park_rows: list[list] = [heads]
        for r in view["by_park"].to_dict("records"):
            park_rows.append(
                [
                    self.group_label("park", r["park"]),
                    str(r["count"]),
                    fmt(r["mean_before"], digits),
                    fmt(r["mean_after"], digits),
                    fmt_signed(r["mean_change"], digits),
                ]  # fmt: skip
            )
        if len(park_rows) > 1:
            out += [
                P(self.t("progress_by_park"), st.h2),
                data_table(
                    st, park_rows, [CONTENT_WIDTH - 100 * mm, 16 * mm, 28 * mm, 28 * mm, 28 * mm], align="LRRRR"
                ),
            ]
        return out

    # ------------------------------------------------------------------------------ lagging

    def lagging(self, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
        q = b.questionnaire
        digits = score_digits()
        below = b.lagging(LAGGING_SHOWN)
        out: list[Flowable] = [CondPageBreak(80 * mm), *heading(self.t("s_lagging"), st, number)]
        out.append(P(self.t("lagging_note"), st.small))
        heads = [self.t("rank"), self.t("name"), self.t("park"), self.t("score"), self.t("group_median"),
                 self.t("gap"), self.t("level")]  # fmt: skip
        align = "RLLRRRL"
        rows: list[list] = [heads]
        for k, (_, r) in enumerate(below.iterrows(), start=1):
            rows.append(
                [
                    str(k),
                    [P(r["name"], st.cell), P(r["credit_code"], st.cell_small)],
                    self.group_label("park", r["park"]),
                    fmt(r["score"], digits),
                    fmt(r["group_median"], digits),
                    fmt_signed(r["gap"], digits),
                    self.level(q, int(r["level"])),
                ]
            )
        widths = [9 * mm, CONTENT_WIDTH - 114 * mm, 34 * mm, 13 * mm, 17 * mm, 14 * mm, 36 * mm]
        if len(rows) > 1:
            out.append(data_table(st, rows, widths, align=align))
        return out

    # ------------------------------------------------------------------------- verification

    def verification(self, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
        """How much of the cohort is verified on site, the items enterprises overrate, and the
        flags that proved right (``benchmarks.verification_gaps``)."""
        v, q = b.verification, b.questionnaire
        out: list[Flowable] = [CondPageBreak(70 * mm), *heading(self.t("s_cohort_verification"), st, number)]
        share = "—" if v["share"] is None else f"{v['share']:.1%}"
        out.append(P(self.t("verified_share", verified=v["verified"], total=v["enterprises"], share=share), st.body))
        if not v["pairs"]:
            return [*out, P(self.t("verified_none"), st.body)]
        f = v["flags"]
        out.append(
            P(
                self.t(
                    "verified_gaps",
                    pairs=v["pairs"],
                    gap=fmt_signed(v["level_gap"], 2),
                    lower=v["lower"],
                    flagged=f["flagged"],
                    flagged_lower=f["flagged_lower"],
                    unflagged=f["unflagged"],
                    unflagged_lower=f["unflagged_lower"],
                ),
                st.body,
            )
        )
        heads = [self.t("item"), self.t("mean_gap"), self.t("overrated_by"), self.t("verified_pairs")]
        rows: list[list] = [heads]
        differing = v["items"][v["items"]["mean_gap"] != 0]  # items verified as self-assessed say nothing
        if differing.empty:
            return [*out, P(self.t("verified_no_gap"), st.body)]
        for r in differing.head(VERIFIED_ITEMS_SHOWN).itertuples():
            rows.append([self.name(item_label(q, r.item)), fmt_signed(r.mean_gap, 2), str(r.overrated), str(r.pairs)])
        widths = [CONTENT_WIDTH - 75 * mm, 25 * mm, 25 * mm, 25 * mm]
        out.append(data_table(st, rows, widths, align="LRRR"))
        return out

    # --------------------------------------------------------------------------- programmes

    def programmes(self, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
        """Per active programme: who qualifies, who is enrolled, and the impact as
        ``benchmarks.programme_impact`` measures it (groups below 5 not shown)."""
        out: list[Flowable] = [CondPageBreak(80 * mm), *heading(self.t("s_programmes_cohort"), st, number)]
        out.append(P(self.t("programmes_cohort_intro"), st.body))
        for p in b.programmes:
            title = f"{self.name(p['name'])} · {p['version']}"
            out += [CondPageBreak(60 * mm), P(title, st.h2)]
            if p["example"]:
                out.append(P(self.t("programme_example"), st.small))
            out.append(P(self.t("programme_counts", eligible=p["eligible"], enrolled=p["enrolled"]), st.body))
            if p["impact"] is None:
                out.append(P(self.t("programme_no_target"), st.body))
                continue
            out += self.programme_impact(p["impact"], st)
        return out

    @staticmethod
    def ci(ci95) -> str:
        return f"[{fmt(ci95[0], 1)}, {fmt(ci95[1], 1)}]"

    def programme_impact(self, result: dict, st: Styles) -> list[Flowable]:
        heads = [self.t("programme_group"), "n", self.t("programme_before"), self.t("programme_after")]
        heads.append(self.t("change_ci"))
        rows: list[list] = [heads]
        for key in ("served", "comparison"):
            g = result[key]
            label = self.t(f"programme_{key}")
            if g.get("suppressed"):
                rows.append([label, str(g["n"]), "", "", self.t("too_few_short")])
                continue
            change = f"{fmt_signed(g['change']['mean'], 1)} {self.ci(g['change']['ci95'])}"
            rows.append([label, str(g["n"]), fmt(g["before_mean"], 1), fmt(g["after_mean"], 1), change])
        d = result["difference"]
        diff = (
            self.t("too_few_short") if d.get("suppressed") else f"{fmt_signed(d['estimate'], 1)} {self.ci(d['ci95'])}"
        )
        rows.append([self.t("programme_difference"), "", "", "", diff])
        widths = [CONTENT_WIDTH - 120 * mm, 15 * mm, 25 * mm, 25 * mm, 55 * mm]
        out: list[Flowable] = [data_table(st, rows, widths, align="LRRRR"), gap(1)]
        t = result["target"]
        rule = self.name(t["rule"])
        if t.get("suppressed"):
            out.append(P(self.t("programme_target_suppressed", rule=rule), st.body))
        else:
            lo, hi = t["ci95"]
            out.append(
                P(
                    self.t(
                        "programme_target",
                        rule=rule,
                        share=fmt(100 * t["share"], 1),
                        reached=t["reached"],
                        lo=fmt(100 * lo, 1),
                        hi=fmt(100 * hi, 1),
                    ),
                    st.body,
                )
            )
        if result["by_provider"]:
            rows = [[self.t("provider"), "n", self.t("change_ci")]]
            for prov in result["by_provider"]:
                if prov.get("suppressed"):
                    rows.append([prov["provider"], str(prov["n"]), self.t("too_few_short")])
                else:
                    c = prov["change"]
                    rows.append([prov["provider"], str(prov["n"]), f"{fmt_signed(c['mean'], 1)} {self.ci(c['ci95'])}"])
            out += [gap(1), data_table(st, rows, [CONTENT_WIDTH - 70 * mm, 15 * mm, 55 * mm], align="LRR")]
        out += [gap(1), P(self.name(result["method"]), st.small)]
        return out

    # ------------------------------------------------------------------------------- method

    def method(self, b: CohortBundle, st: Styles) -> list[Flowable]:
        q = b.questionnaire
        out: list[Flowable] = [*heading(self.t("s_method"), st)]
        out.append(bullet(self.t("m_cohort_method"), st.bullet))
        out.append(bullet(self.t("m_suppression"), st.bullet))
        for note in q.notes:  # how the bank scores (DCMM's convention; CMMM's estimate and reading)
            if note.id in ("scoring-convention", "estimate", "scoring-reading"):
                out.append(bullet(self.name(note.text.model_dump()), st.bullet))
        out.append(P(self.t("m_sources"), st.h2))
        out.append(P(f"{self.name(q.title.model_dump())} · {q.standard}", st.body))
        for source in q.sources:
            out.append(bullet(source.title + (f" — {source.url}" if source.url else ""), st.bullet_small))
        out += [gap(2), P(self.t("m_fallback"), st.small)]
        return [CondPageBreak(60 * mm), keep(*out)]  # a note, not to be torn over two pages
