"""The executive summary: level and score, percentiles in each peer group, archetype,
strongest and weakest parts, and what stands before the next level."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from questionnaires.parts import part_names
from questionnaires.schema import CmmmQuestionnaire
from reports.bundle import EnterpriseBundle
from reports.enterprise.common import GROUP_KEYS, EnterpriseText
from reports.layout import P, Styles, facts_table, gap, heading
from reports.text import fmt, fmt_band, fmt_moment, fmt_signed


def percentile_text(w: EnterpriseText, b: EnterpriseBundle, group: str) -> str:
    entry = b.peers["percentiles"][group]
    label = w.group_label(group, entry.get("group"))
    if entry.get("suppressed"):
        return (
            f"{label}：{w.t('too_few', n=entry['count'])}"
            if w.lang == "zh"
            else (f"{label}: {w.t('too_few', n=entry['count'])}")
        )
    if entry.get("pending"):
        value = w.t("percentile_pending", n=entry["count"])
    else:
        value = w.t("percentile_value", p=fmt_band(entry["band"], w.lang), n=entry["count"])
    return f"{label}：{value}" if w.lang == "zh" else f"{label}: {value}"


def benchmark_notes(w: EnterpriseText, b: EnterpriseBundle) -> list[str]:
    """Where the peer figures come from: the snapshot's time, whose answers the percentile
    is of, and for an unconfirmed enterprise that its own answers are not in them."""
    notes = [w.t("benchmark_as_of", at=fmt_moment(b.peers.get("snapshot_at"), w.lang))]
    own = b.peers.get("snapshot_assessment")
    if own is not None and own != b.assessment["id"]:
        notes.append(w.t("benchmark_own_entry"))
    if not b.peers.get("in_benchmarks", True):
        notes.append(w.t("not_in_benchmarks"))
    return notes


def archetype_text(w: EnterpriseText, b: EnterpriseBundle) -> str:
    a = b.peers.get("archetype")
    if not a:
        return w.t("no_archetype")
    text = (
        f"{w.name(a['name'])}（{w.name(a.get('description'))}）"
        if w.lang == "zh"
        else (f"{w.name(a['name'])} ({w.name(a.get('description'))})")
    )
    up = b.peers.get("archetype_next")
    if up:
        names = dict(part_names(b.questionnaire))
        ahead = [g for g in up["parts"][:3] if g["difference"] > 0]
        if ahead:
            text += " " + w.t(
                "archetype_next",
                level=up["level"],
                parts=w.sep().join(f"{w.name(names[g['part']])} {fmt_signed(g['difference'])}" for g in ahead),
            )
    return text


def summary(w: EnterpriseText, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
    q, overall = b.questionnaire, b.result["overall"]
    level = w.level(q, overall["level"])
    if b.result["kind"] == "dcmm" and overall.get("uncapped_level", overall["level"]) > overall["level"]:
        level += " " + w.t("why_capped", uncapped=overall["uncapped_level"], level=overall["level"]).rstrip("：:")
    pairs = [
        (w.t("overall_level"), level),
        (w.t("overall_score"), w.score_text(b)),
    ]
    if isinstance(q, CmmmQuestionnaire):
        pairs[0] = (w.t("overall_level"), level + w.t("estimate_level"))
        meaning = q.level_meaning(overall["level"])
        pairs += [
            (w.t("level_meaning"), w.name(meaning.model_dump()) if meaning else "—"),
            (w.t("formula"), w.formula_text(b)),
            (w.t("path"), w.path_text(b)),
        ]
    for group in ("park", "industry", "size"):
        group_name = w.t(GROUP_KEYS[group])
        pairs.append((w.t("percentile_in", group=group_name), percentile_text(w, b, group)))
    pairs += [
        (w.t("archetype"), archetype_text(w, b)),
        (w.t("completeness"), fmt(100 * b.result["completeness"], 0) + "%"),
    ]
    names = dict(part_names(q))
    gaps = [w.name(names[part]) for part, _, _ in sorted(b.part_gaps(), key=lambda g: g[2])]
    pairs.append((w.t("strongest"), w.sep().join(reversed(gaps[-2:]))))
    pairs.append((w.t("weakest"), w.sep().join(gaps[:2])))
    pairs.append(next_line(w, b))
    return [
        *heading(w.t("s_summary"), st, number),
        facts_table(pairs, st, label_width=40 * mm),
        P(w.t("percentile_note"), st.small),
        *(P(note, st.small) for note in benchmark_notes(w, b)),
        gap(3),
    ]


def next_line(w: EnterpriseText, b: EnterpriseBundle) -> tuple[str, str]:
    q, r = b.questionnaire, b.result
    nxt = r.get("next_level")
    level = r["overall"]["level"]
    if not nxt or level >= max(lv.level for lv in q.levels):
        return w.t("summary_top"), w.t("top_level")
    target = level + 1
    if r["kind"] == "dcmm":
        text = w.t("next_dcmm_short", needed=fmt(nxt["score_needed"], 2), count=len(nxt["items_below"]), n=target)
        if nxt["red_lines"]:
            text += " " + w.t("next_red_count", count=len(nxt["red_lines"]))
        return w.t("summary_next", n=target), text
    if r["kind"] == "cmmm":
        short = fmt(nxt["short"], 2)
        return w.t("summary_next", n=target), w.t(
            "next_cmmm_short", n=target, short=short, count=len(nxt["subdomains_below"])
        )
    return w.t("summary_next", n=target), w.sme_need(nxt, target)
