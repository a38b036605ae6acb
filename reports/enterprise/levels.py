"""The results part by part: a table per DCMM area or SME dimension (and the SME
scenarios), one table of CMMM domains and sub-domains."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from assessment.lifecycle import result_parts
from questionnaires.parts import OPERATIONS_NAME, part_max
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire
from reports.bundle import EnterpriseBundle
from reports.enterprise.common import EnterpriseText
from reports.layout import CONTENT_WIDTH, HEADER_BG, MUTED, P, Styles, data_table, heading, keep
from reports.text import fmt, fmt_part


def parts(w: EnterpriseText, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
    if isinstance(b.questionnaire, DcmmQuestionnaire):
        return dcmm_areas(w, b, st, number)
    if isinstance(b.questionnaire, CmmmQuestionnaire):
        return cmmm_subdomains(w, b, st, number)
    return sme_dimensions(w, b, st, number)


def part_heading(w: EnterpriseText, b: EnterpriseBundle, part: str, name: dict, value: float, level: str | None) -> str:
    kind = b.result["kind"]
    medians = b.peers.get("peer_medians")
    text = f"{w.name(name)} · {w.t('score')} {fmt_part(value, kind, part)}"
    if kind == "sme" and part != "operations":
        text += f" / {fmt(part_max(b.questionnaire, part), 0)}"
    if level:
        text += f" · {level}"
    if medians and part in medians:
        text += " · " + w.t("peer_median_of", value=fmt_part(medians[part], kind, part))
    return text


def dcmm_areas(w: EnterpriseText, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
    q, r = b.questionnaire, b.result
    out = heading(w.t("s_areas"), st, number)
    widths = [13 * mm, 63 * mm, 18 * mm, 22 * mm, 20 * mm, CONTENT_WIDTH - 136 * mm]
    align = "LLLLRC"
    for area in q.areas:
        ar = r["areas"][area.id]
        title = part_heading(w, b, area.id, area.name.model_dump(), ar["score"], w.level(q, ar["level"]))
        labels = ("clause", "item", "mode", "level", "score", "next_met")
        rows: list[list] = [[w.t(k) for k in labels]]
        for item in area.items:
            ir = r["items"][item.id]
            if ir["level"] >= 5 or ir["mode"] == "quick":
                met = "—"
            else:
                total = sum(1 for c in item.criteria if c.level == ir["level"] + 1)
                met = w.t("met_of", met=total - len(ir["missing"]), total=total)
            rows.append(
                [
                    item.clause,
                    w.name(item.name.model_dump()),
                    w.t(w.mode_key(ir)),
                    w.t("level_n", n=ir["level"]),
                    fmt(ir["score"], 2),
                    met,
                ]
            )
        out.append(keep(P(title, st.h2), data_table(st, rows, widths, align=align)))
    return out


def cmmm_subdomains(w: EnterpriseText, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
    """One table: a row per domain (its score, level and the peer median) and under it a row
    per sub-domain with its level, score and A(1)-A(5); not applicable ones say so."""
    q, r = b.questionnaire, b.result
    threshold = q.scoring.threshold
    out = [
        *heading(w.t("s_subdomains"), st, number),
        P(w.t("subdomains_intro", threshold=fmt(threshold, 1)), st.body),
    ]
    heads = [w.t("subdomain"), w.t("mode"), w.t("level"), w.t("score")]
    heads += [f"A({lv})" for lv in range(1, 6)]
    align = "LLLR" + "R" * 5
    rows: list[list] = [heads]
    extra: list[tuple] = []
    for domain in q.domains:
        dr = r["domains"][domain.id]
        level = w.level(q, dr["level"]) if dr["level"] is not None else w.t("mode_na")
        title = part_heading(w, b, domain.id, domain.name.model_dump(), dr["score"], level)
        rows.append([P(title, st.cell_head)] + [""] * 8)
        k = len(rows) - 1
        extra += [("SPAN", (0, k), (-1, k)), ("BACKGROUND", (0, k), (-1, k), HEADER_BG)]
        for sub in domain.subdomains:
            sr = r["subdomains"][sub.id]
            if not sr["applicable"]:
                rows.append([w.name(sub.name.model_dump()), w.t(w.mode_key(sr)), w.t("not_applicable")]
                            + ["—"] * 6)  # fmt: skip
                extra.append(("TEXTCOLOR", (0, len(rows) - 1), (-1, len(rows) - 1), MUTED))
                continue
            scores = [sr["scores"][str(lv)] for lv in range(1, 6)]
            rows.append(
                [
                    w.name(sub.name.model_dump()),
                    w.t(w.mode_key(sr)),
                    w.level(q, sr["level"]),
                    fmt(sr["score"], 2),
                    *(fmt(v, 2) for v in scores),
                ]
            )
            k = len(rows) - 1
            extra += [("TEXTCOLOR", (4 + j, k), (4 + j, k), MUTED) for j, v in enumerate(scores) if v < threshold]
    widths = [50 * mm, 18 * mm, 34 * mm, 14 * mm] + [(CONTENT_WIDTH - 116 * mm) / 5] * 5
    out.append(data_table(st, rows, widths, align=align, extra=extra, zebra=False))
    notes = [
        f"{w.name(sub.name.model_dump())}：{w.name(sub.na_reason.model_dump())}"
        if w.lang == "zh"
        else f"{w.name(sub.name.model_dump())}: {w.name(sub.na_reason.model_dump())}"
        for sub in q.subdomains
        if not r["subdomains"][sub.id]["applicable"] and sub.na_reason is not None
    ]
    out += [P(w.t("na_reason", reason=note), st.small) for note in notes]
    return out


def sme_dimensions(w: EnterpriseText, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
    q, r = b.questionnaire, b.result
    out = heading(w.t("s_dimensions"), st, number)
    widths = [CONTENT_WIDTH - 50 * mm, 25 * mm, 25 * mm]
    for dim in q.dimensions:
        dr = r["dimensions"][dim.id]
        title = part_heading(w, b, dim.id, dim.name.model_dump(), dr["score"], None)
        rows: list[list] = [[w.t("question"), w.t("points"), w.t("max_points")]]
        for x in dim.questions:
            rows.append([w.name(x.name.model_dump()), fmt(r["questions"][x.id], 1), fmt(x.max_points, 0)])
        out.append(keep(P(title, st.h2), data_table(st, rows, widths, align="LRR")))
    ops = result_parts(r)["operations"]
    title = part_heading(w, b, "operations", OPERATIONS_NAME, ops, None)
    labels = ("scenario_group", "scenario", "constraint", "scenario_level")
    rows = [[w.t(k) for k in labels]]
    for s in q.scenarios:
        rows.append(
            [
                w.name(s.group.model_dump()),
                w.name(s.name.model_dump()),
                w.t("yes") if s.constraint else w.t("no"),
                w.t("level_n", n=r["scenarios"][s.id]),
            ]
        )
    widths = [52 * mm, CONTENT_WIDTH - 112 * mm, 28 * mm, 32 * mm]
    out += [CondPageBreak(50 * mm), P(title, st.h2), data_table(st, rows, widths, align="LLCC")]
    return out
