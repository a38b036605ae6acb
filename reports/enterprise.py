"""The enterprise improvement report: what an enterprise hands to its management.

``EnterpriseReport(lang).build(bundle)`` is a pure function of an ``EnterpriseBundle``
(``reports.bundle``): the same bundle gives the same bytes in invariant mode. Sections: cover,
executive summary, radar against the peers, a table per area (or dimension), why this level and
what stands before the next, the 3/6/12-month roadmap with its what-if, progress since the
previous round, the answers, and a method note.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Table

from assessment.answers import UNSURE
from assessment.lifecycle import result_parts
from assessment.verified_items import item_label, value_text
from questionnaires.glossary import glossary
from questionnaires.parts import OPERATIONS_NAME, part_max, part_names
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire
from reports import charts
from reports.bundle import EnterpriseBundle
from reports.charts import Series
from reports.layout import (
    ACCENT,
    CONTENT_WIDTH,
    HEADER_BG,
    MUTED,
    PEER,
    PRIMARY,
    RULE,
    WARN,
    P,
    Styles,
    banner,
    bullet,
    data_table,
    facts_table,
    gap,
    head_row,
    heading,
    keep,
    render,
    styles,
    table_style,
)
from reports.text import (
    Localised,
    fmt,
    fmt_band,
    fmt_date,
    fmt_moment,
    fmt_part,
    fmt_score,
    fmt_signed,
    industry_label,
    park_label,
    part_digits,
    part_kind,
    score_digits,
    size_label,
    source_label,
)

GROUP_KEYS = {"park": "group_park", "industry": "group_industry", "size": "group_size"}
MAX_CRITERIA_SHOWN = 4
MAX_STEPS_SHOWN = 3
NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩"
STEPS_FOR_FIRST = 12  # the first actions of the roadmap come with their steps, the rest by name


class EnterpriseReport(Localised):
    """Builds the enterprise report PDF in one language ('zh' by default, or 'en')."""

    # ------------------------------------------------------------------------------ helpers

    def gap_join(self, texts) -> str:
        """Numbered items run on in one paragraph (faster to lay out than one per line)."""
        return ("　" if self.lang == "zh" else "   ").join(texts)

    def score_text(self, b: EnterpriseBundle) -> str:
        kind = b.result["kind"]
        return self.t(f"score_of_{kind}", score=fmt_score(b.result["overall"]["score"], kind))

    def estimate(self, q, st: Styles) -> list[Flowable]:
        """The box saying that a CMMM level is a self-assessment estimate that prepares a formal
        assessment, never a certified level (the bank's own note); nothing for other banks."""
        note = getattr(q, "estimate_note", None)
        if note is None:
            return []
        box = Table([[P(self.t("estimate_title"), st.h2)], [P(self.name(note.model_dump()), st.body)]],
                    colWidths=[CONTENT_WIDTH])  # fmt: skip
        box.setStyle(
            table_style(
                [
                    ("BOX", (0, 0), (-1, -1), 1, ACCENT),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        return [gap(3), box]

    def path_text(self, b: EnterpriseBundle) -> str:
        """The manufacturing path of a CMMM result (离散型/流程型制造)."""
        return self.name(b.questionnaire.path_names[b.result["path"]].model_dump())

    def formula_text(self, b: EnterpriseBundle) -> str:
        return self.t(f"formula_{b.result['overall']['formula']}")

    # -------------------------------------------------------------------------------- build

    def build(self, b: EnterpriseBundle) -> bytes:
        st = styles(self.lang)
        story = self.story(b, st)
        name = b.enterprise["name"]
        title = f"{self.t('enterprise_title')} · {name}"
        header = f"{self.t('enterprise_title')} · {name} · {b.assessment['round']}"
        footer = self.t("generated", date=fmt_date(b.report_date, self.lang)) + " · " + self.t("tool")
        return render(
            story,
            lang=self.lang,
            header=header,
            footer=footer,
            synthetic=b.synthetic,
            title=title,
            invariant=self.invariant,
            skip_header_on_first=True,
        )

    def story(self, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.cover(b, st)
        story.append(PageBreak())
        story += self.summary(b, st, 1)
        story += self.profile(b, st, 2)
        story.append(CondPageBreak(60 * mm))
        story += self.parts(b, st, 3)
        story.append(CondPageBreak(80 * mm))
        story += self.why(b, st, 4)
        story.append(CondPageBreak(120 * mm))
        story += self.roadmap(b, st, 5)
        number = 6
        if b.verification:
            story.append(CondPageBreak(80 * mm))
            story += self.verified(b, st, number)
            number += 1
        if b.previous:
            story.append(CondPageBreak(80 * mm))
            story += self.progress(b, st, number)
            number += 1
        if b.programmes and b.programmes["active"]:
            story.append(CondPageBreak(60 * mm))
            story += self.programmes(b, st, number)
            number += 1
        story.append(PageBreak())
        story += self.answers(b, st)
        story.append(CondPageBreak(90 * mm))
        story += self.method(b, st)
        return story

    # -------------------------------------------------------------------------------- cover

    def cover(self, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
        q, row, ent = b.questionnaire, b.assessment, b.enterprise
        out: list[Flowable] = [
            gap(14),
            P(self.t("tool"), st.subtitle),
            P(self.t("enterprise_title"), st.title),
            P(self.name(q.title.model_dump()), st.subtitle),
            P(ent["name"], st.name),
        ]
        if b.synthetic:
            out += [banner(self.t("synthetic_banner"), st), gap(4)]
        facts = [
            (self.t("credit_code"), ent["credit_code"]),
            (self.t("park"), park_label(ent.get("park"), self.lang)),
            (self.t("industry"), industry_label(ent.get("industry"), self.lang)),
            (self.t("size"), size_label(ent.get("size"), self.lang)),
            (self.t("edition"), self.t("edition_value", id=q.id, version=q.version)),
            (self.t("standard"), q.standard),
            (self.t("round"), row["round"]),
            *([(self.t("path"), self.path_text(b))] if isinstance(q, CmmmQuestionnaire) else []),
            (self.t("source"), source_label(row.get("source"), self.lang)),
            (self.t("assessment_id"), str(row["id"])),
            (self.t("submitted"), fmt_date(row.get("submitted_at"), self.lang)),
            (self.t("report_date"), fmt_date(b.report_date, self.lang)),
        ]
        out += [gap(2), facts_table(facts, st), gap(10)]
        overall = b.result["overall"]
        box = Table(
            [
                [P(self.t("overall_level"), st.cell_head), P(self.t("overall_score"), st.cell_head)],
                [P(self.level(q, overall["level"]), st.big), P(self.score_text(b), st.big)],
            ],
            colWidths=[CONTENT_WIDTH / 2] * 2,
        )
        box.setStyle(
            table_style(
                [
                    ("BOX", (0, 0), (-1, -1), 1, PRIMARY),
                    ("LINEAFTER", (0, 0), (0, -1), 0.5, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 8),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ]
            )
        )
        out.append(box)
        return out + self.estimate(q, st)

    # ------------------------------------------------------------------------------ summary

    def percentile_text(self, b: EnterpriseBundle, group: str) -> str:
        entry = b.peers["percentiles"][group]
        label = {
            "park": park_label(entry.get("group"), self.lang),
            "industry": industry_label(entry.get("group"), self.lang),
            "size": size_label(entry.get("group"), self.lang),
        }[group]
        if entry.get("suppressed"):
            return (
                f"{label}：{self.t('too_few', n=entry['count'])}"
                if self.lang == "zh"
                else (f"{label}: {self.t('too_few', n=entry['count'])}")
            )
        if entry.get("pending"):
            value = self.t("percentile_pending", n=entry["count"])
        else:
            value = self.t("percentile_value", p=fmt_band(entry["band"], self.lang), n=entry["count"])
        return f"{label}：{value}" if self.lang == "zh" else f"{label}: {value}"

    def benchmark_notes(self, b: EnterpriseBundle) -> list[str]:
        """Where the peer figures come from: the snapshot's time, whose answers the percentile
        is of, and for an unconfirmed enterprise that its own answers are not in them."""
        notes = [self.t("benchmark_as_of", at=fmt_moment(b.peers.get("snapshot_at"), self.lang))]
        own = b.peers.get("snapshot_assessment")
        if own is not None and own != b.assessment["id"]:
            notes.append(self.t("benchmark_own_entry"))
        if not b.peers.get("in_benchmarks", True):
            notes.append(self.t("not_in_benchmarks"))
        return notes

    def archetype_text(self, b: EnterpriseBundle) -> str:
        a = b.peers.get("archetype")
        if not a:
            return self.t("no_archetype")
        text = (
            f"{self.name(a['name'])}（{self.name(a.get('description'))}）"
            if self.lang == "zh"
            else (f"{self.name(a['name'])} ({self.name(a.get('description'))})")
        )
        up = b.peers.get("archetype_next")
        if up:
            names = dict(part_names(b.questionnaire))
            ahead = [g for g in up["parts"][:3] if g["difference"] > 0]
            if ahead:
                listed = "、" if self.lang == "zh" else ", "
                text += " " + self.t(
                    "archetype_next",
                    level=up["level"],
                    parts=listed.join(f"{self.name(names[g['part']])} {fmt_signed(g['difference'])}" for g in ahead),
                )
        return text

    def part_gaps(self, b: EnterpriseBundle) -> list[tuple[str, float, float]]:
        """(part name, own value, gap to the peer median or, without peers, to the own mean) in
        units of the part's maximum, so that SME dimensions compare."""
        q = b.questionnaire
        own = result_parts(b.result)
        medians = b.peers.get("peer_medians")
        shown = [(p, name) for p, name in part_names(q) if p in own]  # a CMMM domain may not apply
        mean = sum(own[p] / part_max(q, p) for p, _ in shown) / len(shown)
        out = []
        for part, name in shown:
            ref = medians[part] / part_max(q, part) if medians and part in medians else mean
            out.append((self.name(name), own[part], own[part] / part_max(q, part) - ref))
        return out

    def summary(self, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
        q, overall = b.questionnaire, b.result["overall"]
        level = self.level(q, overall["level"])
        if b.result["kind"] == "dcmm" and overall.get("uncapped_level", overall["level"]) > overall["level"]:
            level += " " + self.t("why_capped", uncapped=overall["uncapped_level"], level=overall["level"]).rstrip(
                "：:"
            )
        pairs = [
            (self.t("overall_level"), level),
            (self.t("overall_score"), self.score_text(b)),
        ]
        if isinstance(q, CmmmQuestionnaire):
            pairs[0] = (self.t("overall_level"), level + self.t("estimate_level"))
            meaning = q.level_meaning(overall["level"])
            pairs += [
                (self.t("level_meaning"), self.name(meaning.model_dump()) if meaning else "—"),
                (self.t("formula"), self.formula_text(b)),
                (self.t("path"), self.path_text(b)),
            ]
        for group in ("park", "industry", "size"):
            group_name = self.t(GROUP_KEYS[group])
            pairs.append((self.t("percentile_in", group=group_name), self.percentile_text(b, group)))
        pairs += [
            (self.t("archetype"), self.archetype_text(b)),
            (self.t("completeness"), fmt(100 * b.result["completeness"], 0) + "%"),
        ]
        gaps = sorted(self.part_gaps(b), key=lambda g: g[2])
        sep = "、" if self.lang == "zh" else ", "
        pairs.append((self.t("strongest"), sep.join(n for n, _, _ in reversed(gaps[-2:]))))
        pairs.append((self.t("weakest"), sep.join(n for n, _, _ in gaps[:2])))
        pairs.append(self.next_line(b))
        return [
            *heading(self.t("s_summary"), st, number),
            facts_table(pairs, st, label_width=40 * mm),
            P(self.t("percentile_note"), st.small),
            *(P(note, st.small) for note in self.benchmark_notes(b)),
            gap(3),
        ]

    def next_line(self, b: EnterpriseBundle) -> tuple[str, str]:
        q, r = b.questionnaire, b.result
        nxt = r.get("next_level")
        level = r["overall"]["level"]
        if not nxt or level >= max(lv.level for lv in q.levels):
            return self.t("summary_top"), self.t("top_level")
        target = level + 1
        if r["kind"] == "dcmm":
            text = self.t(
                "next_dcmm_short", needed=fmt(nxt["score_needed"], 2), count=len(nxt["items_below"]), n=target
            )
            if nxt["red_lines"]:
                text += " " + self.t("next_red_count", count=len(nxt["red_lines"]))
            return self.t("summary_next", n=target), text
        if r["kind"] == "cmmm":
            short = fmt(nxt["short"], 2)
            return self.t("summary_next", n=target), self.t(
                "next_cmmm_short", n=target, short=short, count=len(nxt["subdomains_below"])
            )
        return self.t("summary_next", n=target), self.sme_need(nxt, target)

    # ------------------------------------------------------------------------------ profile

    def profile(self, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
        q = b.questionnaire
        dcmm = isinstance(q, DcmmQuestionnaire)
        on_levels = dcmm or isinstance(q, CmmmQuestionnaire)  # parts on the 0-5 scale of levels
        names = part_names(q)
        own = result_parts(b.result)

        def scaled(values: dict) -> list[float]:
            if on_levels:
                return [values.get(p) or 0.0 for p, _ in names]  # a domain that does not apply: 0
            return [100.0 * values[p] / part_max(q, p) for p, _ in names]

        series = []
        medians, p75 = b.peers.get("peer_medians"), b.peers.get("peer_p75")
        if p75:
            series.append(Series(self.t("series_p75"), scaled(p75), PEER, 1.0, dash=(1.5, 2)))
        if medians:
            series.append(Series(self.t("series_median"), scaled(medians), PEER, 1.3, dash=(4, 2)))
        series.append(Series(self.t("series_self"), scaled(own), ACCENT, 2.0, fill=_alpha(ACCENT), marker=True))
        if on_levels:
            vmax, rings, ring_labels = 5.0, [1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"]
        else:
            vmax, rings, ring_labels = 100.0, [20, 40, 60, 80, 100], ["20%", "40%", "60%", "80%", "100%"]
        chart = charts.radar(
            [self.name(n) for _, n in names],
            series,
            vmax=vmax,
            rings=rings,
            ring_labels=ring_labels,
            width=CONTENT_WIDTH,
            height=236 if len(names) > 5 else 215,
        )
        kind = b.result["kind"]
        notes = [self.t(f"radar_note_{kind}")]
        if not medians:
            notes.append(self.t("no_peers"))
        # the figures behind the radar, as a table (colour is not the only carrier)
        align = "LRRRR"
        labels = [part_kind(q), "series_self", "series_median", "series_p75", "gap_to_median"]
        rows: list[list] = [head_row([self.t(k) for k in labels], st, align)]
        for part, name in names:
            med = medians.get(part) if medians else None
            mine = own.get(part)
            rows.append(
                [
                    self.name(name),
                    fmt_part(mine, kind, part) if mine is not None else self.t("mode_na"),
                    fmt_part(med, kind, part),
                    fmt_part(p75.get(part) if p75 else None, kind, part),
                    fmt_signed(mine - med, part_digits(kind, part)) if med is not None and mine is not None else "—",
                ]
            )
        widths = [62 * mm, 27 * mm, 27 * mm, 27 * mm, CONTENT_WIDTH - 143 * mm]
        return [
            CondPageBreak(110 * mm),
            *heading(self.t({"dcmm": "s_profile", "sme": "s_profile_sme"}.get(kind, f"s_profile_{kind}")), st, number),
            chart,
            P(" ".join(notes), st.small),
            gap(2),
            data_table(st, rows, widths, align=align),
            gap(4),
        ]

    # -------------------------------------------------------------------------------- parts

    def parts(self, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
        if isinstance(b.questionnaire, DcmmQuestionnaire):
            return self.dcmm_areas(b, st, number)
        if isinstance(b.questionnaire, CmmmQuestionnaire):
            return self.cmmm_subdomains(b, st, number)
        return self.sme_dimensions(b, st, number)

    def part_heading(self, b: EnterpriseBundle, part: str, name: dict, value: float, level: str | None) -> str:
        kind = b.result["kind"]
        medians = b.peers.get("peer_medians")
        text = f"{self.name(name)} · {self.t('score')} {fmt_part(value, kind, part)}"
        if kind == "sme" and part != "operations":
            text += f" / {fmt(part_max(b.questionnaire, part), 0)}"
        if level:
            text += f" · {level}"
        if medians and part in medians:
            text += " · " + self.t("peer_median_of", value=fmt_part(medians[part], kind, part))
        return text

    @staticmethod
    def mode_key(ir: dict) -> str:
        """How an item was answered: detailed, quick, or quick with "not sure" or a failed check;
        a CMMM sub-domain may be marked not applicable."""
        if ir["mode"] == "na":
            return "mode_na"
        if ir["mode"] != "quick":
            return "mode_detailed"
        quick = ir.get("quick") or {}
        if quick.get("answer") == UNSURE:
            return "mode_unsure"
        return "mode_check_failed" if quick.get("check") is False else "mode_quick"

    def dcmm_areas(self, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
        q, r = b.questionnaire, b.result
        out = heading(self.t("s_areas"), st, number)
        widths = [13 * mm, 63 * mm, 18 * mm, 22 * mm, 20 * mm, CONTENT_WIDTH - 136 * mm]
        align = "LLLLRC"
        for area in q.areas:
            ar = r["areas"][area.id]
            title = self.part_heading(b, area.id, area.name.model_dump(), ar["score"], self.level(q, ar["level"]))
            labels = ("clause", "item", "mode", "level", "score", "next_met")
            rows: list[list] = [head_row([self.t(k) for k in labels], st, align)]
            for item in area.items:
                ir = r["items"][item.id]
                if ir["level"] >= 5 or ir["mode"] == "quick":
                    met = "—"
                else:
                    total = sum(1 for c in item.criteria if c.level == ir["level"] + 1)
                    met = self.t("met_of", met=total - len(ir["missing"]), total=total)
                rows.append(
                    [
                        item.clause,
                        self.name(item.name.model_dump()),
                        self.t(self.mode_key(ir)),
                        self.t("level_n", n=ir["level"]),
                        fmt(ir["score"], 2),
                        met,
                    ]
                )
            out.append(keep(P(title, st.h2), data_table(st, rows, widths, align=align)))
        return out

    def cmmm_subdomains(self, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
        """One table: a row per domain (its score, level and the peer median) and under it a row
        per sub-domain with its level, score and A(1)-A(5); not applicable ones say so."""
        q, r = b.questionnaire, b.result
        threshold = q.scoring.threshold
        out = [
            *heading(self.t("s_subdomains"), st, number),
            P(self.t("subdomains_intro", threshold=fmt(threshold, 1)), st.body),
        ]
        heads = [self.t("subdomain"), self.t("mode"), self.t("level"), self.t("score")]
        heads += [f"A({lv})" for lv in range(1, 6)]
        align = "LLLR" + "R" * 5
        rows: list[list] = [head_row(heads, st, align)]
        extra: list[tuple] = []
        for domain in q.domains:
            dr = r["domains"][domain.id]
            level = self.level(q, dr["level"]) if dr["level"] is not None else self.t("mode_na")
            title = self.part_heading(b, domain.id, domain.name.model_dump(), dr["score"], level)
            rows.append([P(title, st.cell_head)] + [""] * 8)
            k = len(rows) - 1
            extra += [("SPAN", (0, k), (-1, k)), ("BACKGROUND", (0, k), (-1, k), HEADER_BG)]
            for sub in domain.subdomains:
                sr = r["subdomains"][sub.id]
                if not sr["applicable"]:
                    rows.append([self.name(sub.name.model_dump()), self.t(self.mode_key(sr)), self.t("not_applicable")]
                                + ["—"] * 6)  # fmt: skip
                    extra.append(("TEXTCOLOR", (0, len(rows) - 1), (-1, len(rows) - 1), MUTED))
                    continue
                scores = [sr["scores"][str(lv)] for lv in range(1, 6)]
                rows.append(
                    [
                        self.name(sub.name.model_dump()),
                        self.t(self.mode_key(sr)),
                        self.level(q, sr["level"]),
                        fmt(sr["score"], 2),
                        *(fmt(v, 2) for v in scores),
                    ]
                )
                k = len(rows) - 1
                extra += [("TEXTCOLOR", (4 + j, k), (4 + j, k), MUTED) for j, v in enumerate(scores) if v < threshold]
        widths = [50 * mm, 18 * mm, 34 * mm, 14 * mm] + [(CONTENT_WIDTH - 116 * mm) / 5] * 5
        out.append(data_table(st, rows, widths, align=align, extra=extra, zebra=False))
        notes = [
            f"{self.name(sub.name.model_dump())}：{self.name(sub.na_reason.model_dump())}"
            if self.lang == "zh"
            else f"{self.name(sub.name.model_dump())}: {self.name(sub.na_reason.model_dump())}"
            for sub in q.subdomains
            if not r["subdomains"][sub.id]["applicable"] and sub.na_reason is not None
        ]
        out += [P(self.t("na_reason", reason=note), st.small) for note in notes]
        return out

    def sme_dimensions(self, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
        q, r = b.questionnaire, b.result
        out = heading(self.t("s_dimensions"), st, number)
        widths = [CONTENT_WIDTH - 50 * mm, 25 * mm, 25 * mm]
        for dim in q.dimensions:
            dr = r["dimensions"][dim.id]
            title = self.part_heading(b, dim.id, dim.name.model_dump(), dr["score"], None)
            rows: list[list] = [head_row([self.t("question"), self.t("points"), self.t("max_points")], st, "LRR")]
            for x in dim.questions:
                rows.append([self.name(x.name.model_dump()), fmt(r["questions"][x.id], 1), fmt(x.max_points, 0)])
            out.append(keep(P(title, st.h2), data_table(st, rows, widths, align="LRR")))
        ops = result_parts(r)["operations"]
        title = self.part_heading(b, "operations", OPERATIONS_NAME, ops, None)
        labels = ("scenario_group", "scenario", "constraint", "scenario_level")
        rows = [head_row([self.t(k) for k in labels], st, "LLCC")]
        for s in q.scenarios:
            rows.append(
                [
                    self.name(s.group.model_dump()),
                    self.name(s.name.model_dump()),
                    self.t("yes") if s.constraint else self.t("no"),
                    self.t("level_n", n=r["scenarios"][s.id]),
                ]
            )
        widths = [52 * mm, CONTENT_WIDTH - 112 * mm, 28 * mm, 32 * mm]
        out += [CondPageBreak(50 * mm), P(title, st.h2), data_table(st, rows, widths, align="LLCC")]
        return out

    # ---------------------------------------------------------------------------------- why

    def why(self, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
        out = heading(self.t("s_why"), st, number)
        if isinstance(b.questionnaire, DcmmQuestionnaire):
            return out + self.why_dcmm(b, st)
        if isinstance(b.questionnaire, CmmmQuestionnaire):
            return out + self.why_cmmm(b, st)
        return out + self.why_sme(b, st)

    def criterion_text(self, q, cid: str) -> str:
        return self.name(q.criterion_by_id[cid].text.model_dump())

    def why_dcmm(self, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
        q, r = b.questionnaire, b.result
        overall = r["overall"]
        out: list[Flowable] = [
            P(self.t("why_dcmm", score=fmt(overall["score"], 2), level=overall["uncapped_level"]), st.body)
        ]
        if overall["uncapped_level"] > overall["level"]:
            out.append(P(self.t("why_capped", uncapped=overall["uncapped_level"], level=overall["level"]), st.body))
            capping = [x for x in r["red_lines"] if x["cap"] < overall["uncapped_level"]]
            for x in capping:
                item = self.name(q.item_by_id[x["item"]].name.model_dump())
                text = self.t("red_line_row", item=item, text=self.criterion_text(q, x["criterion"]), n=x["level"])
                out.append(bullet(text, st.bullet))
        nxt = r.get("next_level")
        if overall["uncapped_level"] > overall["level"] or (nxt and nxt["red_lines"]):
            out.append(P(self.t("key_conditions_note"), st.small))
        if not nxt:
            return [*out, P(self.t("top_level"), st.body)]
        target = nxt["level"]
        out.append(
            P(
                self.t("next_dcmm", n=target, needed=fmt(nxt["score_needed"], 2), count=len(nxt["items_below"])),
                st.body,
            )
        )
        if nxt["red_lines"]:
            names = [self.criterion_text(q, c) for c in nxt["red_lines"]]
            out.append(P(self.t("next_red", list=("；" if self.lang == "zh" else "; ").join(names)), st.body))
        rows: list[list] = [head_row([self.t("item"), self.t("level"), self.t("unmet_criteria")], st)]
        for item_id in nxt["items_below"]:
            item = q.item_by_id[item_id]
            ir = r["items"][item_id]
            missing = ir["missing"]
            # one single-run paragraph per item (numbered, not a list of paragraphs or <br/>
            # lines): reportlab wraps it several times faster
            texts = [f"{NUMBERS[k]} {self.criterion_text(q, c)}" for k, c in enumerate(missing[:MAX_CRITERIA_SHOWN])]
            if len(missing) > MAX_CRITERIA_SHOWN:
                texts.append(self.t("more_criteria", n=len(missing) - MAX_CRITERIA_SHOWN))
            rows.append(
                [
                    f"{item.clause} {self.name(item.name.model_dump())}",
                    self.t("level_n", n=ir["level"]),
                    P(self.gap_join(texts), st.cell) if texts else "—",
                ]
            )
        out += [gap(1), data_table(st, rows, [48 * mm, 18 * mm, CONTENT_WIDTH - 66 * mm])]
        return out

    def worked_score(self, b: EnterpriseBundle) -> str:
        """The final score with the numbers of the formula the bank names."""
        r = b.result
        n, score = r["overall"]["level"], r["overall"]["score"]
        a = {lv: r["levels"].get(str(lv), 0.0) for lv in range(0, 7)}  # A(6) = 0
        if n == 0:
            return f"A(1) = {fmt(score, 2)}"
        if r["overall"]["formula"] == "n_plus_next":
            return f"{n} + A({n + 1}) = {n} + {fmt(a[n + 1], 2)} = {fmt(score, 2)}"
        return f"({n} − 1) + A({n}) + A({n + 1}) = {n - 1} + {fmt(a[n], 2)} + {fmt(a[n + 1], 2)} = {fmt(score, 2)}"

    def requirement_text(self, b: EnterpriseBundle, rid: str) -> str:
        """A requirement in the bank's words, with the evidence that shows it and, when it was
        answered in part, how far it is met now."""
        req = b.questionnaire.requirement_by_id[rid]
        text = self.name(req.text.model_dump()) + " " + self.t("evidence", text=self.name(req.evidence.model_dump()))
        value = b.answers.get(rid)
        if value:
            text += self.t("answered_as", answer=self.requirement_answer(b.questionnaire, value))
        return text

    def why_cmmm(self, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
        q, r = b.questionnaire, b.result
        overall, threshold = r["overall"], q.scoring.threshold
        n = overall["level"]
        if n:
            reached = self.t("why_cmmm_reached", n=n, threshold=fmt(threshold, 1))
        else:
            reached = self.t("why_cmmm_none", a1=fmt(r["levels"]["1"], 2), threshold=fmt(threshold, 1))
        meaning = q.level_meaning(n)
        level = self.level(q, n) + self.t("estimate_level")
        if meaning:
            level += ("：" if self.lang == "zh" else ": ") + self.name(meaning.model_dump())
        bars = []
        for lv in range(1, 6):
            ok = lv <= n
            label = self.t("level_n", n=lv)
            bars.append((label, r["levels"][str(lv)], self.t("met") if ok else self.t("not_met"), ok))
        chart = charts.level_scores_chart(
            bars, threshold=threshold, width=CONTENT_WIDTH, threshold_label=f"{fmt(threshold, 1)}"
        )
        out: list[Flowable] = [
            P(level, st.h2),
            P(self.t("estimate_title"), st.small),
            P(
                self.t("why_cmmm", n=n, reached=reached, formula=self.formula_text(b), worked=self.worked_score(b)),
                st.body,
            ),
            keep(
                P(self.t("level_scores"), st.h2),
                chart,
                P(self.t("level_scores_note", threshold=fmt(threshold, 1)), st.small),
            ),
        ]
        nxt = r.get("next_level")
        if not nxt:
            return [*out, P(self.t("top_level"), st.body)]
        target = nxt["level"]
        below = nxt["subdomains_below"]
        out.append(
            P(
                self.t(
                    "next_cmmm",
                    n=target,
                    score=fmt(nxt["score"], 2),
                    threshold=fmt(nxt["threshold"], 1),
                    short=fmt(nxt["short"], 2),
                    count=len(below),
                ),
                st.body,
            )
        )
        if nxt["lower_levels_short"]:
            levels = "、".join(self.t("level_n", n=lv) for lv in nxt["lower_levels_short"])
            out.append(P(self.t("next_cmmm_lower", levels=levels), st.body))
        heads = [self.t("subdomain"), self.t("level"), f"A({target})", self.t("unmet_requirements", n=target)]
        rows: list[list] = [head_row(heads, st, "LLRL")]
        for sid in below:
            sub, sr = q.subdomain_by_id[sid], r["subdomains"][sid]
            missing = sr.get("missing", [])
            texts = [
                f"{NUMBERS[k]} {self.requirement_text(b, rid)}" for k, rid in enumerate(missing[:MAX_CRITERIA_SHOWN])
            ]
            if len(missing) > MAX_CRITERIA_SHOWN:
                texts.append(self.t("more_requirements", n=len(missing) - MAX_CRITERIA_SHOWN))
            rows.append(
                [
                    self.name(sub.name.model_dump()),
                    self.level(q, sr["level"]),
                    fmt(sr["scores"][str(target)], 2),
                    P(self.gap_join(texts), st.cell) if texts else "—",
                ]
            )
        if below:
            widths = [30 * mm, 24 * mm, 13 * mm, CONTENT_WIDTH - 67 * mm]
            out += [gap(1), data_table(st, rows, widths, align="LLRL")]
        return out

    def sme_need(self, check: dict, target: int) -> str:
        needs = []
        if check["score_short"] > 0:
            needs.append(self.t("need_points", value=fmt(check["score_short"], 1)))
        if check["scenarios_short"] > 0:
            needs.append(self.t("need_scenarios", value=check["scenarios_short"], n=target))
        if check["constraint_short"] > 0:
            needs.append(self.t("need_constraint", value=check["constraint_short"]))
        sep = "；" if self.lang == "zh" else "; "
        return self.t("next_sme", n=target, items=sep.join(needs))

    def why_sme(self, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
        q, r = b.questionnaire, b.result
        out: list[Flowable] = [P(self.t("why_sme", score=fmt(r["overall"]["score"], 1)), st.body)]
        heads = [
            self.t("check_level"),
            self.t("check_score_head"),
            self.t("check_scen_head"),
            self.t("check_cons_head"),
            self.t("check_met"),
        ]
        rows: list[list] = [head_row(heads, st, "LCCCC")]
        extra = []
        for lv in sorted(r["checks"], key=int):
            c = r["checks"][lv]

            def cell(value, minimum, short, digits=0):
                text = f"{fmt(value, digits)} / {fmt(minimum, digits)}"
                if short:
                    text = self.t("check_cell", value=text, short=fmt(short, digits))
                return text

            rows.append(
                [
                    self.level(q, int(lv)),
                    cell(c["score"], c["min_score"], c["score_short"], 1),
                    cell(c["scenarios"], c["min_scenarios"], c["scenarios_short"]),
                    cell(c["constraint"], c["min_constraint"], c["constraint_short"]),
                    self.t("met") if c["met"] else self.t("not_met"),
                ]
            )
            if not c["met"]:
                extra.append(("TEXTCOLOR", (4, len(rows) - 1), (4, len(rows) - 1), WARN))
        widths = [34 * mm, 38 * mm, 40 * mm, 38 * mm, CONTENT_WIDTH - 150 * mm]
        out.append(data_table(st, rows, widths, align="LCCCC", extra=extra))
        out.append(P(self.t("check_note"), st.small))
        nxt = r.get("next_level")
        level = r["overall"]["level"]
        out.append(gap(2))
        if nxt:
            out.append(P(self.sme_need(nxt, level + 1), st.body))
        else:
            out.append(P(self.t("top_level"), st.body))
        return out

    # ------------------------------------------------------------------------------ roadmap

    def action_title(self, a: dict) -> str:
        name = self.name(a["name"])
        if a["kind"] == "scenario":
            text = self.t("action_scenario", name=name, n=a["to_level"])
        elif a.get("to_level") is not None:  # a DCMM item or a CMMM sub-domain one level up
            text = self.t("action_item", name=name, n=a["to_level"])
        else:
            text = self.t("action_question", name=name)
        return text + (self.t("red_line_cleared") if a.get("clears_red_line") else "")

    def part_label(self, q, part: str) -> str:
        return self.name(dict(part_names(q)).get(part))

    def roadmap(self, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
        q, plan = b.questionnaire, b.peers["plan"]
        digits = score_digits()
        out = [*heading(self.t("s_roadmap"), st, number), P(self.t("roadmap_intro"), st.body)]
        actions = {a["id"]: a for a in plan["actions"]}
        if not actions:
            out.append(P(self.t("no_actions_at_all"), st.body))
            return out
        widths = [8 * mm, CONTENT_WIDTH - 92 * mm, 30 * mm, 14 * mm, 18 * mm, 22 * mm]
        align = "LLLCRR"
        rank = {a["id"]: n for n, a in enumerate(plan["actions"], 1)}
        for months in ("3", "6", "12"):
            ids = plan["roadmap"].get(months, [])
            title = P(self.t("horizon", m=months), st.h2)
            if not ids:
                out += [title, P(self.t("no_actions"), st.small)]
                continue
            heads = ["#", self.t("action"), self.t(part_kind(q))]
            heads += [self.t("effort"), self.t("gain"), self.t("after_alone")]
            rows: list[list] = [head_row(heads, st, align)]
            extra: list[tuple] = []
            for action_id in ids:
                a = actions[action_id]
                alone = plan["what_if"][0]["score"] + a["gain"]
                rows.append(
                    [
                        str(rank[action_id]),
                        self.action_title(a),
                        self.part_label(q, a["part"]),
                        self.t(f"effort_{a['effort']}"),
                        fmt_signed(a["gain"], digits),
                        f"{fmt(alone, digits)} · {self.t('level_n', n=a['level_after'])}",
                    ]
                )
                steps = a["steps"][:MAX_STEPS_SHOWN] if rank[action_id] <= STEPS_FOR_FIRST else []
                if steps:  # the steps on a row of their own, under the action, across the columns
                    text = self.gap_join(f"{NUMBERS[k]} {self.name(step)}" for k, step in enumerate(steps))
                    rows.append(["", P(text, st.cell_small), "", "", "", ""])
                    r = len(rows) - 1
                    extra += [("SPAN", (1, r), (-1, r)), ("TOPPADDING", (0, r), (-1, r), 0)]
                extra.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.4, RULE))
            table = data_table(st, rows, widths, align=align, extra=extra, zebra=False, rules=False)
            out += [title, table]
        if len(actions) > STEPS_FOR_FIRST:
            out.append(P(self.t("steps_first", n=STEPS_FOR_FIRST), st.small))
        out += self.what_if(b, st)
        return out

    def programmes(self, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
        """The programmes it qualifies for now and the nearest one with what stands between,
        each gap with the roadmap's actions (by their number) that close it."""
        found = b.programmes
        out = [*heading(self.t("s_programmes"), st, number), P(self.t("programmes_intro"), st.body)]
        if not found["eligible"]:
            out.append(P(self.t("programmes_none"), st.body))
        for s in found["eligible"]:
            out.append(
                P(self.t("programme_eligible", name=self.name(s["name"]), benefit=self.name(s["benefit"])), st.h2)
            )
            basis = (
                "；".join(self.name(m["text"]) for m in s["met"])
                if self.lang == "zh"
                else "; ".join(self.name(m["text"]) for m in s["met"])
            )
            out.append(P(self.t("programme_basis", basis=basis), st.small))
        near = found["nearest"]
        if near is None:
            return out
        out.append(P(self.t("programme_nearest", name=self.name(near["name"]), n=len(near["missing"])), st.h2))
        for missing in near["missing"]:
            out.append(bullet(self.name(missing["gap"]), st.bullet))
            if missing["actions"]:
                closing = self.gap_join(
                    self.t("programme_action", n=a["rank"], name=self.name(a["name"])) for a in missing["actions"]
                )
                out.append(P(closing, st.small))
        return out

    def what_if(self, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
        q, plan = b.questionnaire, b.peers["plan"]
        kind = b.result["kind"]
        digits = score_digits()
        curve = plan["what_if"]
        horizon_of = {a_id: int(m) for m, ids in plan["roadmap"].items() for a_id in ids}
        ends = []
        done = 0
        for months in (3, 6, 12):
            done += sum(1 for h in horizon_of.values() if h == months)
            ends.append((months, done))
        points = [(p["n"], p["score"], p["level"]) for p in curve]
        if kind == "dcmm":
            vmin, vmax, thresholds = 1.0, 5.0, [1, 2, 3, 4, 5]
        elif kind == "cmmm":
            vmin, vmax, thresholds = 0.0, 5.0, [0, 1, 2, 3, 4, 5]
        else:
            vmin, vmax, thresholds = 0.0, 100.0, sorted({r.min_score for r in q.level_rules} | {0, 100})
        marks = [(n, self.t("horizon", m=m).replace("内", "")) for m, n in ends if n > 0]
        marks = _distinct_marks(marks)
        chart = charts.what_if_chart(
            points,
            vmin=vmin,
            vmax=vmax,
            thresholds=thresholds,
            marks=marks,
            width=CONTENT_WIDTH,
            y_label=self.t("overall_score"),
            x_label=self.t("actions_done"),
            digits=digits,
        )
        heads = ["", self.t("actions_done"), self.t("overall_score"), self.t("overall_level")]
        rows: list[list] = [head_row(heads, st, "LRRL")]
        rows.append([self.t("what_if_now"), "0", fmt(curve[0]["score"], digits), self.level(q, curve[0]["level"])])
        for months, n in ends:
            point = curve[n]
            rows.append(
                [
                    self.t("what_if_after", m=months, n=n),
                    str(n),
                    fmt(point["score"], digits),
                    self.level(q, point["level"]),
                ]
            )
        return [
            CondPageBreak(95 * mm),
            P(self.t("s_what_if"), st.h2),
            P(self.t("what_if_intro"), st.body),
            chart,
            gap(2),
            data_table(st, rows, [60 * mm, 30 * mm, 30 * mm, CONTENT_WIDTH - 120 * mm], align="LRRL"),
        ]

    # ----------------------------------------------------------------------------- progress

    def progress(self, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
        q, prev = b.questionnaire, b.previous
        kind = b.result["kind"]
        digits = score_digits()
        pa, pr = prev["assessment"], prev["result"]
        out = [
            *heading(self.t("s_progress"), st, number),
            P(
                self.t(
                    "previous_round",
                    round=pa["round"],
                    questionnaire=f"{prev['questionnaire'].id} {prev['questionnaire'].version}",
                    id=pa["id"],
                    date=fmt_date(pa.get("submitted_at"), self.lang),
                ),
                st.body,
            ),
        ]
        if prev["mapped"]:
            out.append(P(self.t("mapped_note", old=prev["questionnaire"].id), st.small))
        now_parts = result_parts(b.result)
        align = "LRRR"
        rows: list[list] = [head_row([self.t("part"), self.t("before"), self.t("now"), self.t("change")], st, align)]
        before, after = pr["overall"]["score"], b.result["overall"]["score"]
        rows.append(
            [
                self.t("overall_score"),
                fmt(before, digits),
                fmt(after, digits),
                fmt_signed(after - before, digits),
            ]  # fmt: skip
        )
        lb, la = pr["overall"]["level"], b.result["overall"]["level"]
        rows.append(
            [
                self.t("overall_level"),
                self.level(prev["questionnaire"], lb),
                self.level(q, la),
                f"{la - lb:+d}" if la != lb else "±0",
            ]
        )
        for part, name in part_names(q):
            old = prev["parts"].get(part)
            change = fmt_signed(now_parts[part] - old, part_digits(kind, part)) if old is not None else "—"
            rows.append([self.name(name), fmt_part(old, kind, part), fmt_part(now_parts[part], kind, part), change])
        out.append(data_table(st, rows, [64 * mm, 36 * mm, 36 * mm, CONTENT_WIDTH - 136 * mm], align=align))
        return out

    # ---------------------------------------------------------------------- self and verified

    def verified(self, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
        """Both levels, who verified and when, and the items where the assessor found otherwise."""
        v, q = b.verification, b.questionnaire
        signed = v["signed"]
        who = signed["name"] or signed["by"]
        if signed.get("agency"):
            who = f"{who}（{signed['agency']}）" if self.lang == "zh" else f"{who} ({signed['agency']})"
        out = [
            *heading(self.t("s_verified"), st, number),
            P(self.t("verified_by", who=who, date=fmt_date(signed["at"], self.lang), id=v["onsite_id"]), st.body),
        ]
        rows: list[list] = [head_row([self.t("overall"), self.t("self_assessed"), self.t("verified")], st, "LRR")]
        rows.append([self.t("overall_level"), self.level(q, v["self_level"]), self.level(q, v["verified_level"])])
        digits = score_digits()
        rows.append([self.t("overall_score"), fmt(v["self_score"], digits), fmt(v["verified_score"], digits)])
        out.append(data_table(st, rows, [CONTENT_WIDTH - 110 * mm, 55 * mm, 55 * mm], align="LRR"))
        differs = [i for i in v["items"] if i["differs"]]
        if not differs:
            return [*out, P(self.t("verified_same"), st.body)]
        out += [gap(2), P(self.t("verified_differs", n=len(differs)), st.body)]
        heads = [self.t("item"), self.t("self_assessed"), self.t("verified"), self.t("assessor_comment")]
        rows = [head_row(heads, st, "LRRL")]
        for i in differs:
            label = self.name(item_label(q, i["id"]))
            rows.append(
                [label, value_text(i["self"], self.lang), value_text(i["verified"], self.lang), i["comment"] or "—"]
            )
        widths = [58 * mm, 25 * mm, 20 * mm, CONTENT_WIDTH - 103 * mm]
        out.append(data_table(st, rows, widths, align="LRRL"))
        return out

    # ------------------------------------------------------------------------------ answers

    def answers(self, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
        out = heading(self.t("s_answers"), st)
        if isinstance(b.questionnaire, DcmmQuestionnaire):
            return out + self.answers_dcmm(b, st)
        if isinstance(b.questionnaire, CmmmQuestionnaire):
            return out + self.answers_cmmm(b, st)
        return out + self.answers_sme(b, st)

    def answers_dcmm(self, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
        q, given = b.questionnaire, b.answers
        heads = [self.t("clause"), self.t("item")] + [self.t("level_n", n=lv) for lv in (2, 3, 4, 5)]
        rows: list[list] = [head_row(heads, st)]
        spans = []
        for item in q.items:
            row = [item.clause, self.name(item.name.model_dump())]
            if item.id in given:
                row += [self.quick_answer_text(b.result["items"][item.id], given[item.id]), "", "", ""]
                spans.append(("SPAN", (2, len(rows)), (5, len(rows))))
            else:
                for lv in (2, 3, 4, 5):
                    crit = [c for c in item.criteria if c.level == lv]
                    marks = "".join("●" if given.get(c.id) is True else ("○" if c.id in given else "–") for c in crit)
                    met = sum(given.get(c.id) is True for c in crit)
                    row.append(f"{marks} {met}/{len(crit)}")
            rows.append(row)
        widths = [13 * mm, 57 * mm] + [(CONTENT_WIDTH - 70 * mm) / 4] * 4
        return [P(self.t("answers_intro_dcmm"), st.body), data_table(st, rows, widths, extra=spans)]

    def requirement_answer(self, q, value) -> str:
        """A requirement's answer in words: 全部 / 大部分 / 部分 / 不满足 (the bank's values)."""
        key = next((k for k, v in q.scoring.values.items() if abs(v - value) < 1e-9), None)
        return self.t(f"answer_{key}") if key else fmt(value, 1)

    def answers_cmmm(self, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
        """The path, then per sub-domain the quick level chosen (or not applicable), or each
        level's requirement answers in order."""
        q, given, r = b.questionnaire, b.answers, b.result
        heads = [self.t("subdomain")] + [self.t("level_n", n=lv) for lv in range(1, 6)]
        rows: list[list] = [head_row(heads, st)]
        spans = []
        for sub in q.subdomains:
            sr = r["subdomains"][sub.id]
            row: list = [self.name(sub.name.model_dump())]
            if sr["mode"] in ("quick", "na"):
                value = given.get(sub.id)
                if sr["mode"] == "na":
                    text = self.t("not_applicable")
                elif value == 0:
                    text = self.t("quick_zero")
                else:
                    text = self.quick_answer_text(sr, value)
                row += [text, "", "", "", ""]
                spans.append(("SPAN", (1, len(rows)), (5, len(rows))))
            else:
                for lv in range(1, 6):
                    ids = sub.requirements_by_level[lv]
                    answers = [self.requirement_answer(q, given[rid]) if rid in given else "–" for rid in ids]
                    row.append(" / ".join(answers))
            rows.append(row)
        widths = [38 * mm] + [(CONTENT_WIDTH - 38 * mm) / 5] * 5
        intro = f"{self.t('path')}{'：' if self.lang == 'zh' else ': '}{self.path_text(b)}"
        return [
            P(intro, st.body),
            P(self.t("answers_intro_cmmm"), st.body),
            data_table(st, rows, widths, extra=spans),
        ]

    def quick_answer_text(self, ir: dict, value) -> str:
        key = self.mode_key(ir)
        if key == "mode_unsure":
            return self.t("quick_unsure", n=ir["level"])
        if key == "mode_check_failed":
            return self.t("quick_check_failed", n=value, level=ir["level"])
        return self.t("quick_choice", n=value)

    def answer_text(self, x, value) -> str:
        if value is None:
            return self.t("unanswered")
        if x.type == "single":
            return self.name(next(o.text.model_dump() for o in x.options if o.id == value))
        if x.type == "multi":
            texts = [self.name(o.text.model_dump()) for o in x.options if o.id in set(value)]
            return ("；" if self.lang == "zh" else "; ").join(texts) or self.t("unanswered")
        unit = f" {self.name(x.unit.model_dump())}" if x.unit else ""
        return f"{fmt(value, 1)}{unit}"

    def answers_sme(self, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
        q, given, r = b.questionnaire, b.answers, b.result
        rows: list[list] = [head_row([self.t("question"), self.t("answer"), self.t("points")], st, "LLR")]
        for x in q.questions:
            rows.append(
                [
                    self.name(x.name.model_dump()),
                    self.answer_text(x, given.get(x.id)),
                    f"{fmt(r['questions'][x.id], 1)} / {fmt(x.max_points, 0)}",
                ]
            )
        out = [
            P(self.t("answers_intro_sme"), st.body),
            data_table(st, rows, [42 * mm, CONTENT_WIDTH - 64 * mm, 22 * mm], align="LLR"),
            P(self.t("scenarios"), st.h2),
        ]
        rows = [head_row([self.t("scenario"), self.t("scenario_level")], st)]
        for s in q.scenarios:
            level = r["scenarios"][s.id]
            if s.id not in given:
                text = self.t("unanswered")
            elif level == 0:
                text = (
                    f"{self.t('level_n', n=0)}：{self.t('not_digitised')}"
                    if self.lang == "zh"
                    else (f"{self.t('level_n', n=0)}: {self.t('not_digitised')}")
                )
            else:
                desc = next(lv.description.model_dump() for lv in s.levels if lv.level == level)
                sep = "：" if self.lang == "zh" else ": "
                text = f"{self.t('level_n', n=level)}{sep}{self.name(desc)}"
            rows.append([self.name(s.name.model_dump()), text])
        out.append(data_table(st, rows, [42 * mm, CONTENT_WIDTH - 42 * mm]))
        return out

    # ------------------------------------------------------------------------------- method

    def method(self, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
        q, comp = b.questionnaire, b.comparison
        out = [*heading(self.t("s_method"), st), P(self.t("m_scoring"), st.h2)]
        for note in q.notes:
            out.append(bullet(self.name(note.text.model_dump()), st.bullet))
        if isinstance(q, DcmmQuestionnaire):
            out.append(bullet(self.t("m_key_conditions"), st.bullet))
            out.append(bullet(self.t("m_quick"), st.bullet))
        if isinstance(q, CmmmQuestionnaire):
            out.append(bullet(self.t("m_quick_cmmm"), st.bullet))
        out.append(bullet(self.t("percentile_note"), st.bullet))
        out.append(P(self.t("m_cohorts"), st.h2))
        round_ = b.assessment["round"]
        lines = [self.t("m_round_cohort", round=round_, n=comp["round_count"])]
        for group in ("park", "industry", "size"):
            entry = b.peers["percentiles"][group]
            what = self.t("m_percentile_group", label=self.t(GROUP_KEYS[group]))
            label = {
                "park": park_label(entry.get("group"), self.lang),
                "industry": industry_label(entry.get("group"), self.lang),
                "size": size_label(entry.get("group"), self.lang),
            }[group]
            if entry.get("suppressed"):
                label += " — " + self.t("m_none")
            lines.append(self.t("m_cohort_row", what=what, group=label, n=entry["count"]))
        group = comp["median_group"]
        group_text = {"park": self.t("m_median_park"), "all": self.t("m_median_all"), None: self.t("m_none")}[group]
        lines.append(self.t("m_cohort_row", what=self.t("m_median_group"), group=group_text, n=comp["median_count"]))
        model = comp.get("model")
        if model:
            lines.append(
                self.t(
                    "m_archetypes",
                    n=model.get("data_count") or "—",
                    date=fmt_date(model.get("fitted_at"), self.lang),
                    k=model.get("k") or "—",
                )
            )
        out += [bullet(line, st.bullet) for line in lines]
        out.append(bullet(self.t("m_suppression"), st.bullet))
        out.append(P(self.t("m_sources"), st.h2))
        out.append(P(f"{self.name(q.title.model_dump())} · {q.standard}", st.body))
        for source in q.sources:
            text = source.title + (f" — {source.url}" if source.url else "")
            out.append(bullet(text, st.bullet_small))
        out += [gap(2), P(self.t("m_fallback"), st.small), P(self.t("m_disclaimer"), st.small)]
        return [keep(*out), *self.glossary(q, st)]  # the note is not to be torn over two pages

    def glossary(self, q, st: Styles) -> list[Flowable]:
        """The specialist terms the questionnaire's level descriptions use, explained."""
        if isinstance(q, DcmmQuestionnaire):
            texts = [lv.description.get(self.lang) for item in q.items for lv in item.levels]
        elif isinstance(q, CmmmQuestionnaire):
            texts = [lv.description.get(self.lang) for sub in q.subdomains for lv in sub.levels]
        else:
            return []
        terms = glossary().found_in(texts, self.lang)
        if not terms:
            return []
        rows = [[self.name(term.term.model_dump()), self.name(term.definition.model_dump())] for term in terms]
        table = data_table(st, rows, [36 * mm, CONTENT_WIDTH - 36 * mm], header_rows=0, label_column=True)
        return [P(self.t("m_glossary"), st.h2), table]


def _alpha(color):
    from reportlab.lib.colors import Color

    return Color(color.red, color.green, color.blue, alpha=0.18)


def _distinct_marks(marks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """One label per position: when two horizons end at the same action count, keep the later."""
    by_n: dict[int, str] = {}
    for n, text in marks:
        by_n[n] = text
    return sorted(by_n.items())
