"""The result of one submitted assessment as its enterprise sees it: level, score, radar against
the park, percentiles, archetype, why this level, the prioritised plan with its what-if. Used
by the enterprise's results page and by the bureau's drill-down, so that both show the same.

The figures come from the same core calls in both places (``lifecycle.result``,
``benchmarks.cohorts.peer_view``); authorisation is checked there, in the core.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import lifecycle
from assessment.access import Actor
from assessment.answers import UNSURE
from assessment.db import Store
from assessment.directory import SOURCES
from assessment.errors import AssessmentError
from assessment.programmes.standing import enterprise_programmes
from benchmarks import cohorts, dashboard
from benchmarks.editions import map_result
from benchmarks.statistics import part_ids
from questionnaires import available, get
from questionnaires.parts import part_names
from reports.text import fmt_band, fmt_moment
from ui import charts, state, verification_view
from ui import labels as labels_of
from ui.i18n import tr


def show(store: Store, who: Actor, aid: int, lang: str, key: str = "") -> None:
    """Draw the result of assessment ``aid``; ``key`` prefixes the widget keys (two views on one
    page need different keys)."""
    try:
        row = lifecycle.get(store, who, aid)
        result = lifecycle.result(store, who, aid)
        view = _peer_view(str(store.path), who, aid, dashboard.generation(store))
    except AssessmentError as exc:
        state.error_box(exc, lang)
        return
    q = lifecycle.questionnaire_of(row)
    overall = result["overall"]

    c1, c2, c3 = st.columns(3)
    level_name = overall["level_name"][lang] if overall.get("level_name") else "—"
    level_text = f"{overall['level']} · {level_name}" if q.kind == "dcmm" else level_name
    c1.metric(tr(lang, "等级", "Level"), level_text)
    c2.metric(tr(lang, "得分", "Score"), f"{overall['score']:.2f}" + (" / 5" if q.kind == "dcmm" else " / 100"))
    c3.metric(tr(lang, "完成度", "Completeness"), f"{result['completeness']:.0%}")
    if row["synthetic"]:
        st.caption(tr(lang, ":material/science: 合成演示数据", ":material/science: Synthetic demo data"))
    verification_view.side_by_side(store, who, aid, lang, key)

    _where_it_stands(q, result, view, lang, key)
    _why(q, result, lang)
    _plan(q, view, lang, key)
    _programmes(store, who, row, view, lang)
    if q.kind == "dcmm":
        _method(q, lang)


@st.cache_data(max_entries=256, show_spinner=False)
def _peer_view(path: str, who: Actor, aid: int, generation: tuple) -> dict:
    # the peers' figures read the whole cohort of the round: cached per user, assessment and
    # data generation (a refusal is an exception, never cached, and audited every time)
    return cohorts.peer_view(state.store(), who, aid)


def _where_it_stands(q, result: dict, view: dict, lang: str, key: str) -> None:
    left, right = st.columns([3, 2])
    with left:
        st.subheader(tr(lang, "能力雷达（与园区中位数、75 分位对比）", "Profile against the park median and P75"))
        if q.kind == "dcmm":
            labels = {a.id: a.name.get(lang) for a in q.areas}
            mine = {k: v["score"] for k, v in result["areas"].items()}
        else:
            labels = {d.id: d.name.get(lang) for d in q.dimensions} | {
                "operations": tr(lang, "数字化经营", "Operations")
            }
            mine = lifecycle.result_parts(result)
        series = {tr(lang, "本企业", "This enterprise"): mine}
        if view["peer_medians"]:
            series[tr(lang, "同行中位数", "Peer median")] = view["peer_medians"]
            series[tr(lang, "同行 75 分位", "Peer P75")] = view["peer_p75"]
        st.plotly_chart(charts.radar(q, labels, series, lang), width="stretch", key=f"{key}radar")
        if not view["peer_medians"]:
            st.caption(tr(lang, "同行不足 5 家，暂不显示对比。", "Fewer than 5 peers: no comparison shown."))
        table = pd.DataFrame(
            {
                tr(lang, "部分", "Part"): [labels[p] for p in part_ids(q)],
                tr(lang, "本企业", "This enterprise"): [round(mine.get(p, float("nan")), 2) for p in part_ids(q)],
                tr(lang, "同行中位数", "Peer median"): [
                    f"{view['peer_medians'][p]:.2f}" if view["peer_medians"] and p in view["peer_medians"] else "—"
                    for p in part_ids(q)
                ],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")
    with right:
        st.subheader(tr(lang, "同行百分位", "Percentile among peers"))
        group_names = {
            "park": tr(lang, "园区", "Park"),
            "industry": tr(lang, "行业", "Industry"),
            "size": tr(lang, "规模", "Size class"),
        }
        for group, entry in view["percentiles"].items():
            label = f"{group_names[group]}{tr(lang, '：', ': ')}{labels_of.group(group, entry['group'], lang)}"
            if entry.get("suppressed"):
                st.metric(
                    label,
                    tr(lang, "样本不足，暂不比较", "Too few to compare"),
                    help=tr(
                        lang,
                        f"同组其他企业仅 {entry['count']} 家（少于 5 家不公布）",
                        f"only {entry['count']} other enterprises in the group (fewer than 5 are not shown)",
                    ),
                )
            elif entry.get("pending"):
                st.metric(
                    label,
                    tr(lang, "下次基准更新后显示", "After the next update"),
                    help=tr(
                        lang,
                        "本企业的答卷在基准更新后计入百分位。",
                        "This enterprise's answers enter the percentile when the benchmarks are next updated.",
                    ),
                )
            else:
                st.metric(
                    label,
                    fmt_band(entry["band"], lang),
                    help=tr(
                        lang,
                        f"与同组其他 {entry['count']} 家企业比较，按 10 个百分点分段显示",
                        f"against {entry['count']} other enterprises of the group, in bands of 10 points",
                    ),
                )
        _benchmark_notes(view, view["assessment_id"], lang)
        st.subheader(tr(lang, "企业类型", "Archetype"))
        if view["archetype"]:
            _archetype(q, view["archetype"], view.get("archetype_next"), lang)
        else:
            st.caption(tr(lang, "主管部门尚未完成聚类分析。", "The bureau has not fitted archetypes yet."))


def _archetype(q, archetype: dict, next_up: dict | None, lang: str) -> None:
    """Which archetype (its shape of strengths and gaps), what it means, and what enterprises of
    the same archetype one level up do differently."""
    st.text(archetype["name"][lang])  # text, not markdown: names are data
    st.caption(archetype["description"][lang])
    if archetype.get("service"):
        st.caption(tr(lang, "常见需求：", "Often needed: ") + archetype["service"][lang])
    if not next_up:
        return
    names = dict(part_names(q))
    st.caption(
        tr(
            lang,
            f"同类型中达到 {next_up['level']} 级的企业（中位数）与您的差别最大的部分：",
            f"Where enterprises of this archetype at level {next_up['level']} (their median) differ from you most:",
        )
    )
    st.dataframe(
        pd.DataFrame(
            {
                tr(lang, "部分", "Part"): [names[g["part"]][lang] for g in next_up["parts"][:3]],
                tr(lang, "您的得分", "Yours"): [round(g["own"], 2) for g in next_up["parts"][:3]],
                tr(lang, "高一级同类企业", "One level up"): [round(g["median"], 2) for g in next_up["parts"][:3]],
            }
        ),
        hide_index=True,
    )


def _benchmark_notes(view: dict, aid: int, lang: str) -> None:
    """When the peer figures were frozen, and whose answers they compare."""
    st.caption(
        tr(
            lang,
            f"同行数据取自主管部门于 {fmt_moment(view.get('snapshot_at'), lang)} 更新的基准，下次更新前保持不变。",
            f"Peer figures come from the benchmarks updated on {fmt_moment(view.get('snapshot_at'), lang)}; "
            "they stay the same until the next update.",
        )
    )
    own = view.get("snapshot_assessment")
    if own is not None and own != aid:
        st.caption(
            tr(
                lang,
                "百分位按基准更新时本企业已提交的答卷计算。",
                "The percentile is that of the answers submitted when the benchmarks were updated.",
            )
        )
    if not view.get("in_benchmarks", True):
        st.info(
            tr(
                lang,
                "本企业尚待主管部门确认，其答卷暂未计入同行基准；以上同行数据只基于已确认的企业。",
                "This enterprise awaits the bureau's confirmation: its own answers are not yet in the benchmarks; "
                "the peer figures above are computed on confirmed enterprises only.",
            ),
            icon=":material/hourglass_top:",
        )


def _why(q, result: dict, lang: str) -> None:
    st.subheader(tr(lang, "为什么是这个等级", "Why this level"))
    nxt = result.get("next_level")
    if nxt is None:
        st.success(tr(lang, "已达到最高等级。", "This is the top level."))
    elif q.kind == "dcmm":
        st.write(
            tr(
                lang,
                f"距第 {nxt['level']} 级：总分还差 {nxt['score_needed']:.2f}；"
                f"{len(nxt['items_below'])} 个能力项低于第 {nxt['level']} 级。",
                f"To reach level {nxt['level']}: {nxt['score_needed']:.2f} more points overall; "
                f"{len(nxt['items_below'])} items are below level {nxt['level']}.",
            )
        )
        for criterion in nxt["red_lines"]:
            c = q.criterion_by_id[criterion]
            st.warning(
                tr(lang, "本工具设定的关键条件未满足：", "Key condition set by this tool, unmet: ") + c.text.get(lang),
                icon=":material/flag:",
            )
        if nxt["red_lines"]:
            st.caption(
                tr(
                    lang,
                    "关键条件是本工具为各等级选定的少数必备标准，不是标准公布的“红线”。见[方法说明](#method)。",
                    "Key conditions are a few criteria this tool treats as indispensable; they are not red lines "
                    "published by the standard. See [Method](#method).",
                )
            )
    if q.kind == "dcmm":
        _quick_answers(q, result, lang)
    if q.kind != "dcmm" and nxt is not None:
        checks = [
            (tr(lang, "基础分", "Base score"), f"{nxt['score']:.1f} / {nxt['min_score']:g}", nxt["score_short"] == 0),
            (
                tr(lang, f"达到 {result['overall']['level'] + 1} 级的场景数", "Scenarios at the level"),
                f"{nxt['scenarios']} / {nxt['min_scenarios']}",
                nxt["scenarios_short"] == 0,
            ),
            (
                tr(lang, "其中约束性场景", "of which constraint scenarios"),
                f"{nxt['constraint']} / {nxt['min_constraint']}",
                nxt["constraint_short"] == 0,
            ),
        ]
        st.table(
            pd.DataFrame(
                {
                    tr(lang, "条件", "Condition"): [c[0] for c in checks],
                    tr(lang, "现状 / 要求", "Now / needed"): [c[1] for c in checks],
                    tr(lang, "是否满足", "Met"): [
                        tr(lang, "✓ 满足", "✓ met") if c[2] else tr(lang, "✗ 未满足", "✗ not met") for c in checks
                    ],
                }
            )
        )


def _quick_answers(q, result: dict, lang: str) -> None:
    """Items whose quick-mode level is not the one chosen: "not sure", or a check answered "no"."""
    unsure, lowered = [], []
    for item in q.items:
        r = result["items"][item.id]
        quick = r.get("quick")
        if not quick:
            continue
        name = f"{item.clause} {item.name.get(lang)}"
        if quick["answer"] == UNSURE:
            unsure.append(tr(lang, f"{name}：按第 {r['level']} 级计", f"{name}: counted as level {r['level']}"))
        elif quick["check"] is False:
            lowered.append(
                tr(
                    lang,
                    f"{name}：选择第 {quick['answer']} 级，核对题答“否”，按第 {r['level']} 级计",
                    f"{name}: level {quick['answer']} chosen, its check answered 'no', counted as level {r['level']}",
                )
            )
    if unsure:
        st.info(
            tr(
                lang,
                "以下能力项回答了“不确定”，按问卷为该项设定的保守等级计分；弄清实际情况后可重新评估：",
                "These items were answered 'not sure' and count at the conservative level the questionnaire "
                "sets for each; once the facts are known, the assessment can be reopened:",
            )
            + "".join(f"\n- {line}" for line in unsure),
            icon=":material/help:",
        )
    if lowered:
        st.warning(
            tr(
                lang,
                "以下能力项的核对题答“否”，等级按所选等级减一计：",
                "These items' checks were answered 'no', so each counts one level below the level chosen:",
            )
            + "".join(f"\n- {line}" for line in lowered),
            icon=":material/rule:",
        )


def _method(q, lang: str) -> None:
    st.subheader(tr(lang, "方法说明", "Method"), anchor="method")
    lines = [
        tr(
            lang,
            "关键条件：问卷把少数标准标为关键条件，未满足时总体等级不高于该条件所在等级减一。这是本工具的设定，"
            "不是标准公布的红线（正式评估的否决项未公开），结论以正式评估为准。",
            "Key conditions: the questionnaire marks a few criteria as key conditions; while one is unmet, the "
            "overall level stays below that condition's level. This is this tool's choice, not a red line "
            "published by the standard (the formal assessment's veto items are not public); the formal "
            "assessment's conclusion prevails.",
        ),
        tr(
            lang,
            "快速模式：等级是累进的；“不确定”按该项的保守等级计；"
            "选择第 3 级及以上时回答一道核对题，答“否”则按所选等级减一计。",
            "Quick mode: levels are cumulative; 'not sure' counts as the item's conservative level; a level of 3 "
            "or more comes with a yes/no check, and a 'no' counts one level below the level chosen.",
        ),
        *(note.text.get(lang) for note in q.notes),
    ]
    st.markdown("\n".join(f"- {line}" for line in lines))


def _plan(q, view: dict, lang: str, key: str) -> None:
    plan = view["plan"]
    st.subheader(tr(lang, "改进计划", "Improvement plan"))
    if not plan["actions"]:
        st.success(tr(lang, "没有待改进项。", "Nothing left to improve."))
        return
    n = st.slider(
        tr(lang, "如果完成前 N 项行动", "If the first N actions are done"),
        0,
        len(plan["actions"]),
        min(3, len(plan["actions"])),
        key=f"{key}what_if",
    )
    after = plan["what_if"][n]
    st.info(
        tr(
            lang,
            f"完成前 {n} 项后：等级 {after['level']}，得分 {after['score']:.2f}",
            f"After the first {n} actions: level {after['level']}, score {after['score']:.2f}",
        )
    )
    horizon_names = {
        "3": tr(lang, "3 个月内", "Within 3 months"),
        "6": tr(lang, "6 个月内", "Within 6 months"),
        "12": tr(lang, "12 个月内", "Within 12 months"),
    }
    by_id = {a["id"]: a for a in plan["actions"]}
    effort = {"low": tr(lang, "低", "low"), "medium": tr(lang, "中", "medium"), "high": tr(lang, "高", "high")}
    rank = {a["id"]: i + 1 for i, a in enumerate(plan["actions"])}
    for horizon, tab in zip(("3", "6", "12"), st.tabs(list(horizon_names.values()))):
        with tab:
            for action_id in plan["roadmap"][horizon]:
                a = by_id[action_id]
                title = f"{rank[action_id]}. {a['name'][lang]}" + (f" → L{a['to_level']}" if a["to_level"] else "")
                if a.get("find_out_first"):
                    title += tr(lang, " · 先弄清现状", " · find out first")
                if a["gain"] > 1e-9:
                    effect = tr(lang, f"得分 +{a['gain']:.2f}", f"score +{a['gain']:.2f}")
                else:
                    effect = tr(lang, "推动等级条件", "moves a level condition")
                with st.expander(f"{title} · {tr(lang, '投入', 'effort')} {effort[a['effort']]} · {effect}"):
                    for step in a["steps"]:
                        st.markdown(f"- {step[lang]}")
                    if a["criteria"]:
                        st.caption(
                            tr(lang, "待满足的标准：", "Criteria to meet: ")
                            + "；".join(q.criterion_by_id[c].text.get(lang) for c in a["criteria"])
                        )


def _programmes(store: Store, who: Actor, row: dict, view: dict, lang: str) -> None:
    """The active programmes the enterprise qualifies for, and the nearest one it does not yet
    qualify for with what stands between, linked to the plan's actions (by their number)."""
    try:
        found = enterprise_programmes(store, who, row["credit_code"], view["plan"])
    except AssessmentError as exc:
        state.error_box(exc, lang)
        return
    if not found["active"]:
        return
    st.subheader(tr(lang, "扶持项目（免申即享）", "Programmes (no application needed)"))
    if not found["eligible"]:
        st.info(tr(lang, "目前尚不符合任何在办项目的条件。", "You do not qualify for any current programme yet."))
    for s in found["eligible"]:
        st.success(
            tr(
                lang,
                f"符合条件：**{s['name']['zh']}** — {s['benefit']['zh']}",
                f"You qualify: **{s['name']['en']}** — {s['benefit']['en']}",
            )
        )
        st.caption(tr(lang, "依据：", "Basis: ") + tr(lang, "；", "; ").join(m["text"][lang] for m in s["met"]))
    near = found["nearest"]
    if near is None:
        return
    st.markdown(
        tr(
            lang,
            f"**最接近的项目：{near['name']['zh']}**（还差 {len(near['missing'])} 项条件）",
            f"**Nearest programme: {near['name']['en']}** ({len(near['missing'])} condition(s) to go)",
        )
    )
    for missing in near["missing"]:
        lines = [f"- {missing['gap'][lang]}"]
        for a in missing["actions"]:
            lines.append(
                tr(lang, f"    - 改进计划第 {a['rank']} 项：", f"    - Plan action {a['rank']}: ") + a["name"][lang]
            )
        st.markdown("\n".join(lines))


# ------------------------------------------------------------------------------- history


def history(store: Store, who: Actor, rows: list[dict], lang: str, key: str = "") -> None:
    """Every round of an enterprise and its progress between rounds (read only: the
    enterprise's own history page adds the re-assessment), as on the history page."""
    banks = available()
    status = {"draft": tr(lang, "填写中", "draft"), "submitted": tr(lang, "已提交", "submitted")}
    st.dataframe(
        pd.DataFrame(
            {
                "#": [r["id"] for r in rows],
                tr(lang, "问卷", "Questionnaire"): [banks[r["questionnaire"]].title.get(lang) for r in rows],
                tr(lang, "轮次", "Round"): [r["round"] for r in rows],
                tr(lang, "来源", "Source"): [SOURCES[r["source"]][lang == "en"] for r in rows],
                tr(lang, "状态", "Status"): [status[r["status"]] for r in rows],
                tr(lang, "得分", "Score"): [None if r["score"] is None else round(r["score"], 2) for r in rows],
                tr(lang, "等级", "Level"): [r["level"] for r in rows],
                tr(lang, "修订自", "Revision of"): [r["revision_of"] for r in rows],
                tr(lang, "提交时间", "Submitted"): [r["submitted_at"] for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    latest: dict[tuple[str, str], dict] = {}
    for r in sorted((r for r in rows if r["status"] == "submitted"), key=lambda r: r["id"]):
        family = "dcmm" if r["questionnaire"].startswith("dcmm") else r["questionnaire"]
        latest[(family, r["round"])] = r
    for family in sorted({f for f, _ in latest}):
        runs = [latest[k] for k in sorted(latest) if k[0] == family]
        if len(runs) < 2:
            continue
        title = (
            tr(lang, "DCMM 各轮得分", "DCMM score by round")
            if family == "dcmm"
            else tr(lang, "数字化水平各轮得分", "SME score by round")
        )
        st.plotly_chart(
            charts.progress([r["round"] for r in runs], [r["score"] for r in runs], [r["level"] for r in runs], title),
            width="stretch",
            key=f"{key}prog_{family}",
        )
        if family == "dcmm":
            before, after = runs[-2], runs[-1]
            target = get(after["questionnaire"], after["version"])

            labels = {a.id: a.name.get(lang) for a in target.areas}
            st.plotly_chart(
                charts.grouped_bars(
                    labels,
                    {
                        before["round"]: _areas_on(store, who, before, target),
                        after["round"]: _areas_on(store, who, after, target),
                    },
                ),
                width="stretch",
                key=f"{key}prog_areas",
            )
            if before["questionnaire"] != after["questionnaire"]:
                st.caption(
                    tr(
                        lang,
                        "2018 版结果已按能力项对应关系换算到 2025 版能力域。",
                        "The 2018 result is expressed on the 2025 areas through the item mapping.",
                    )
                )


def _areas_on(store: Store, who: Actor, r: dict, target) -> dict[str, float]:
    """Area scores of a result on ``target``'s areas (a 2018 result goes through the item mapping)."""
    res = lifecycle.result(store, who, r["id"])
    if r["questionnaire"] == target.id:
        return {k: v["score"] for k, v in res["areas"].items()}
    return map_result(get(r["questionnaire"], r["version"]), target, res)
