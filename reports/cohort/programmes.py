"""The active programmes: who qualifies, who is enrolled, and the measured impact."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from reports.bundle import CohortBundle
from reports.layout import CONTENT_WIDTH, P, Styles, data_table, gap, heading
from reports.text import Localised, fmt, fmt_signed


def programmes(w: Localised, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
    """Per active programme: who qualifies, who is enrolled, and the impact as
    ``benchmarks.programme_impact`` measures it (groups below 5 not shown)."""
    out: list[Flowable] = [CondPageBreak(80 * mm), *heading(w.t("s_programmes_cohort"), st, number)]
    out.append(P(w.t("programmes_cohort_intro"), st.body))
    for p in b.programmes:
        title = f"{w.name(p['name'])} · {p['version']}"
        out += [CondPageBreak(60 * mm), P(title, st.h2)]
        if p["example"]:
            out.append(P(w.t("programme_example"), st.small))
        out.append(P(w.t("programme_counts", eligible=p["eligible"], enrolled=p["enrolled"]), st.body))
        if p["impact"] is None:
            out.append(P(w.t("programme_no_target"), st.body))
            continue
        out += programme_impact(w, p["impact"], st)
    return out


def ci(ci95) -> str:
    return f"[{fmt(ci95[0], 1)}, {fmt(ci95[1], 1)}]"


def programme_impact(w: Localised, result: dict, st: Styles) -> list[Flowable]:
    heads = [w.t("programme_group"), "n", w.t("programme_before"), w.t("programme_after")]
    heads.append(w.t("change_ci"))
    rows: list[list] = [heads]
    for key in ("served", "comparison"):
        g = result[key]
        label = w.t(f"programme_{key}")
        if g.get("suppressed"):
            rows.append([label, str(g["n"]), "", "", w.t("too_few_short")])
            continue
        change = f"{fmt_signed(g['change']['mean'], 1)} {ci(g['change']['ci95'])}"
        rows.append([label, str(g["n"]), fmt(g["before_mean"], 1), fmt(g["after_mean"], 1), change])
    d = result["difference"]
    diff = w.t("too_few_short") if d.get("suppressed") else f"{fmt_signed(d['estimate'], 1)} {ci(d['ci95'])}"
    rows.append([w.t("programme_difference"), "", "", "", diff])
    widths = [CONTENT_WIDTH - 120 * mm, 15 * mm, 25 * mm, 25 * mm, 55 * mm]
    out: list[Flowable] = [data_table(st, rows, widths, align="LRRRR"), gap(1)]
    t = result["target"]
    rule = w.name(t["rule"])
    if t.get("suppressed"):
        out.append(P(w.t("programme_target_suppressed", rule=rule), st.body))
    else:
        lo, hi = t["ci95"]
        out.append(
            P(
                w.t(
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
        rows = [[w.t("provider"), "n", w.t("change_ci")]]
        for prov in result["by_provider"]:
            if prov.get("suppressed"):
                rows.append([prov["provider"], str(prov["n"]), w.t("too_few_short")])
            else:
                c = prov["change"]
                rows.append([prov["provider"], str(prov["n"]), f"{fmt_signed(c['mean'], 1)} {ci(c['ci95'])}"])
        out += [gap(1), data_table(st, rows, [CONTENT_WIDTH - 70 * mm, 15 * mm, 55 * mm], align="LRR")]
    out += [gap(1), P(w.name(result["method"]), st.small)]
    return out
