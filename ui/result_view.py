"""The result of one submitted assessment as its enterprise sees it: level, score, radar against
the park, percentiles, archetype, why this level, the prioritised plan with its what-if. A CMMM
result also shows its path, the level's meaning, the final-score formula, the estimate caveat,
the level scores against the threshold and every sub-domain. Used
by the enterprise's results page and by the bureau's drill-down, so that both show the same.

The figures come from the same core calls in both places (``lifecycle.result``,
``benchmarks.cohorts.peer_view``); authorisation is checked there, in the core.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import lifecycle
from assessment.access import Actor
from assessment.answers import CHECKED_FROM, UNSURE
from assessment.db import Store
from assessment.directory import SOURCES
from assessment.errors import AssessmentError
from assessment.programmes.standing import enterprise_programmes
from benchmarks import cohorts, dashboard
from benchmarks.editions import map_result
from benchmarks.statistics import MIN_COHORT
from questionnaires import available, get
from questionnaires.parts import overall_range, part_ids, part_max, part_min, part_names
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire, SmeQuestionnaire
from reports.text import fmt_band, fmt_moment
from ui import charts, errors, state, verification_view
from ui import labels as labels_of
from ui.i18n import tr


def show(store: Store, who: Actor, aid: int, lang: str, key: str = "") -> None:
    """Draw the result of assessment ``aid``; ``key`` prefixes the widget keys (two views on one
    page need different keys)."""
    try:
        row = lifecycle.get(store, who, aid)
        result = lifecycle.result(store, who, aid)
        given = lifecycle.answers(store, who, aid)
        view = _peer_view(str(store.path), who, aid, dashboard.generation(store))
    except AssessmentError as exc:
        errors.box(exc, lang)
        return
    q = lifecycle.questionnaire_of(row)
    overall = result["overall"]

    c1, c2, c3 = st.columns(3)
    c1.metric(tr(lang, "等级", "Level"), level_text(q, overall["level"], lang))
    c2.metric(tr(lang, "得分", "Score"), f"{overall['score']:.2f} / {overall_range(q)[1]:g}")
    c3.metric(tr(lang, "完成度", "Completeness"), f"{result['completeness']:.0%}")
    if isinstance(q, CmmmQuestionnaire):
        _cmmm_headline(q, result, lang)
    if row["synthetic"]:
        st.caption(tr(lang, ":material/science: 合成演示数据", ":material/science: Synthetic demo data"))
    verification_view.side_by_side(store, who, aid, lang, key)

    _where_it_stands(q, result, view, lang, key)
    _why(q, result, given, lang, key)
    if isinstance(q, CmmmQuestionnaire):
        _subdomain_table(q, result, lang)
    _plan(q, view, lang, key)
    _programmes(store, who, row, view, lang)
    if not isinstance(q, SmeQuestionnaire):
        _method(q, lang)


def level_text(q, level: int, lang: str) -> str:
    """A level as shown: number and name for DCMM and CMMM (CMMM level 0 by its name alone,
    一级以下 / below level 1); the name for SME, whose levels are named."""
    name = q.level_name(level)
    text = name.get(lang) if name else "—"
    if isinstance(q, SmeQuestionnaire) or (isinstance(q, CmmmQuestionnaire) and level == 0):
        return text
    return f"{level} · {text}"


FORMULAS = {
    "n_plus_next": ("n + A(n+1)", "{n} + {next:.2f}"),
    "n_minus_1_plus_current_plus_next": ("(n − 1) + A(n) + A(n+1)", "({n} − 1) + {current:.2f} + {next:.2f}"),
}


def _cmmm_headline(q: CmmmQuestionnaire, result: dict, lang: str) -> None:
    """The estimate caveat first, then the path, what the level means and how the score is made."""
    note = q.estimate_note
    if note is not None:
        st.warning(note.get(lang), icon=":material/verified_user:")
    level, levels = result["overall"]["level"], result["levels"]
    meaning = q.level_meaning(level)
    if meaning is not None:
        says = meaning.get(lang)
    else:
        first = q.level_name(1)
        says = tr(
            lang,
            f"尚未达到第 1 级（{first.zh if first else ''}）的要求。",
            f"The requirements of level 1 ({first.en if first else ''}) are not yet met.",
        )
    path = q.path_names[result["path"]].get(lang)
    general, worked = FORMULAS[result["overall"]["formula"]]
    padded = {0: 0.0, 6: 0.0} | {int(k): v for k, v in levels.items()}
    if level == 0:
        general, sum_text = "A(1)", f"{padded[1]:.2f}"
    else:
        sum_text = worked.format(n=level, current=padded[level], next=padded[level + 1])
    st.markdown(
        "\n".join(
            [
                f"- {tr(lang, '制造类型', 'Manufacturing path')}{tr(lang, '：', ': ')}**{path}**",
                f"- {tr(lang, '等级含义', 'What the level means')}{tr(lang, '：', ': ')}{says}",
                f"- {tr(lang, '得分', 'Score')} = {general} = {sum_text} = **{result['overall']['score']:.2f}**"
                + tr(
                    lang,
                    f"（n 为达到的等级，A(L) 为第 L 级得分，0–1；满 {q.scoring.threshold:g} 即达到该级）",
                    f" (n is the level reached, A(L) the score of level L, 0–1; a level is reached at "
                    f"{q.scoring.threshold:g})",
                ),
            ]
        )
    )


@st.cache_data(max_entries=256, show_spinner=False)
def _peer_view(path: str, who: Actor, aid: int, generation: tuple) -> dict:
    # the peers' figures read the whole cohort of the round: cached per user, assessment and
    # data generation (a refusal is an exception, never cached, and audited every time)
    return cohorts.peer_view(state.store(), who, aid)


def _where_it_stands(q, result: dict, view: dict, lang: str, key: str) -> None:
    left, right = st.columns([3, 2])
    with left:
        st.subheader(tr(lang, "能力雷达（与园区中位数、75 分位对比）", "Profile against the park median and P75"))
        labels = {p: name[lang] for p, name in part_names(q)}
        mine = lifecycle.result_parts(result)
        series = {tr(lang, "本企业", "This enterprise"): mine}
        if view["peer_medians"]:
            series[tr(lang, "同行中位数", "Peer median")] = view["peer_medians"]
            series[tr(lang, "同行 75 分位", "Peer P75")] = view["peer_p75"]
        st.plotly_chart(charts.radar(q, labels, series, lang), width="stretch", key=f"{key}radar")
        if isinstance(q, CmmmQuestionnaire):
            domain = part_ids(q)[0]
            scale = f"{part_min(q, domain):g}–{part_max(q, domain):g}"
            st.caption(
                tr(
                    lang,
                    f"按能力域，{scale} 分（与总分同一算法）；不适用的能力域不画出。",
                    f"By domain, {scale} (scored like the whole); domains that do not apply are left out.",
                )
            )
        if not view["peer_medians"]:
            st.caption(
                tr(
                    lang,
                    f"同行不足 {MIN_COHORT} 家，暂不显示对比。",
                    f"Fewer than {MIN_COHORT} peers: no comparison shown.",
                )
            )
        table = pd.DataFrame(
            {
                tr(lang, "部分", "Part"): [labels[p] for p in part_ids(q)],
                tr(lang, "本企业", "This enterprise"): [
                    f"{mine[p]:.2f}" if p in mine else tr(lang, "不适用", "n/a") for p in part_ids(q)
                ],
                tr(lang, "同行中位数", "Peer median"): [
                    f"{view['peer_medians'][p]:.2f}" if view["peer_medians"] and p in view["peer_medians"] else "—"
                    for p in part_ids(q)
                ],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", height=_rows_height(len(table)))
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
                        f"同组其他企业仅 {entry['count']} 家（少于 {MIN_COHORT} 家不公布）",
                        f"only {entry['count']} other enterprises in the group (fewer than {MIN_COHORT} are not shown)",
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


def _why(q, result: dict, given: dict, lang: str, key: str) -> None:
    st.subheader(tr(lang, "为什么是这个等级", "Why this level"))
    nxt = result.get("next_level")
    if isinstance(q, CmmmQuestionnaire):
        _why_cmmm(q, result, given, lang, key)
        return
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
        _quick_answers(q, result["items"], {i.id: f"{i.clause} {i.name.get(lang)}" for i in q.items}, lang)
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


def _subdomain_name(q: CmmmQuestionnaire, sub_id: str, lang: str) -> str:
    """A sub-domain's name after its domain's (once when a domain has one sub-domain of its name)."""
    domain = next(d for d in q.domains if d.id == q.domain_of_subdomain[sub_id])
    sub = q.subdomain_by_id[sub_id]
    return sub.name.get(lang) if sub.name == domain.name else f"{domain.name.get(lang)} · {sub.name.get(lang)}"


def _answer_name(q: CmmmQuestionnaire, value, lang: str) -> str:
    """A requirement's answer in words (fully / mostly / partly / not met)."""
    words = {
        "full": tr(lang, "完全满足", "fully met"),
        "mostly": tr(lang, "大部分满足", "mostly met"),
        "partly": tr(lang, "部分满足", "partly met"),
        "none": tr(lang, "未满足", "not met"),
    }
    if value is None:
        return tr(lang, "未回答", "not answered")
    return next((words[k] for k, v in q.scoring.values.items() if abs(v - value) < 1e-9), f"{value:g}")


def _why_cmmm(q: CmmmQuestionnaire, result: dict, given: dict, lang: str, key: str) -> None:
    """The level scores against the threshold, and what stands between the enterprise and the
    next level: its score short of the threshold, lower levels short, and the sub-domains below
    the threshold at that level with their unmet requirements and the evidence that shows each."""
    threshold = q.scoring.threshold
    names = {str(lv.level): f"{lv.level} {lv.name.get(lang)}" for lv in q.levels}
    st.plotly_chart(
        charts.level_scores(result["levels"], threshold, names, tr(lang, "达级阈值", "threshold")),
        width="stretch",
        key=f"{key}level_scores",
    )
    st.caption(
        tr(
            lang,
            f"各级得分 A(L)：该级全部要求的加权平均（0–1）。某级得分不低于 {threshold:g} 且以下各级均已达到，"
            "即达到该级。",
            f"Level scores A(L): the weighted mean of all requirements of the level (0–1). A level is reached when "
            f"its score is at least {threshold:g} and every lower level is reached.",
        )
    )
    nxt = result["next_level"]
    if nxt is None:
        st.success(tr(lang, "已达到最高等级。", "This is the top level."))
    else:
        _to_next_level(q, result, nxt, given, lang)
    _quick_answers(q, result["subdomains"], {sid: _subdomain_name(q, sid, lang) for sid in q.subdomain_by_id}, lang)


def _to_next_level(q: CmmmQuestionnaire, result: dict, nxt: dict, given: dict, lang: str) -> None:
    target = nxt["level"]
    name = q.level_name(target)
    level = tr(lang, f"{target} 级（{name.zh}）", f"{target} ({name.en})") if name else str(target)
    st.markdown(
        tr(
            lang,
            f"**距第 {level}**：第 {target} 级得分 {nxt['score']:.2f}，达级阈值 {nxt['threshold']:g}，"
            f"还差 **{nxt['short']:.2f}**。",
            f"**To reach level {level}**: the level-{target} score is {nxt['score']:.2f}, the threshold "
            f"{nxt['threshold']:g}; **{nxt['short']:.2f}** short.",
        )
    )
    if nxt["lower_levels_short"]:
        st.warning(
            tr(lang, "较低等级尚未达到：第 ", "Lower levels not yet reached: level ")
            + tr(lang, "、", ", ").join(str(lv) for lv in nxt["lower_levels_short"])
            + tr(lang, " 级。", "."),
        )
    below = nxt["subdomains_below"]
    if not below:
        return
    st.markdown(
        tr(
            lang,
            f"{len(below)} 个子域在第 {target} 级低于 {nxt['threshold']:g}，待满足的要求如下：",
            f"{len(below)} sub-domains are below {nxt['threshold']:g} at level {target}; their unmet requirements:",
        )
    )
    for sub_id in below:
        entry = result["subdomains"][sub_id]
        at_target = entry["scores"][str(target)]
        with st.expander(
            f"{_subdomain_name(q, sub_id, lang)} · "
            + tr(lang, f"第 {target} 级得分 {at_target:.2f}", f"level-{target} score {at_target:.2f}")
        ):
            quick = entry["mode"] == "quick"
            if quick:
                st.caption(
                    tr(
                        lang,
                        f"快速模式：本子域按第 {entry['level']} 级计。",
                        f"Quick mode: counted at level {entry['level']}.",
                    )
                )
            lines = []
            for rid in entry.get("missing", []):
                r = q.requirement_by_id[rid]
                now = "" if quick else _answer_name(q, given.get(rid), lang)
                lines.append(f"- {r.text.get(lang)}" + (tr(lang, f"（{now}）", f" ({now})") if now else ""))
                lines.append(f"    - {tr(lang, '证据', 'Evidence')}{tr(lang, '：', ': ')}{r.evidence.get(lang)}")
            st.markdown("\n".join(lines))


def _subdomain_table(q: CmmmQuestionnaire, result: dict, lang: str) -> None:
    """Every sub-domain: level, score, score per level, how it was answered; those that do not
    apply shown as such, with the reason."""
    st.subheader(tr(lang, "各子域", "Sub-domains"))
    modes = {
        "quick": tr(lang, "快速", "quick"),
        "detailed": tr(lang, "详细", "detailed"),
        "na": tr(lang, "不适用", "not applicable"),
    }
    rows, reasons = [], []
    levels = [str(lv.level) for lv in q.levels]
    for sub in q.subdomains:
        e = result["subdomains"][sub.id]
        row = {
            tr(lang, "子域", "Sub-domain"): _subdomain_name(q, sub.id, lang),
            tr(lang, "等级", "Level"): level_text(q, e["level"], lang)
            if e["applicable"]
            else tr(lang, "不适用", "n/a"),
            tr(lang, "得分", "Score"): f"{e['score']:.2f}" if e["applicable"] else "—",
        }
        for lv in levels:
            row[f"A{lv}"] = f"{e['scores'][lv]:.2f}" if e["applicable"] else "—"
        if e["applicable"]:
            mode = modes[e["mode"]]
        elif e["mode"] == "na":
            mode = tr(lang, "不适用（企业标记）", "not applicable (marked)")
            if sub.na_reason:
                reasons.append(f"- {_subdomain_name(q, sub.id, lang)}{tr(lang, '：', ': ')}{sub.na_reason.get(lang)}")
        else:
            path = q.path_names[result["path"]]
            mode = tr(lang, f"不适用：{path.zh}不评此项", f"not applicable: not assessed in {path.en.lower()}")
        row[tr(lang, "方式", "Answered")] = mode
        rows.append(row)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=_rows_height(len(rows)))
    st.caption(
        tr(
            lang,
            f"A{levels[0]}–A{levels[-1]}：本子域在各级的得分（0–1）；不适用的子域不计入等级和得分。",
            f"A{levels[0]}–A{levels[-1]}: the sub-domain's score at each level (0–1); sub-domains that do not "
            "apply do not count.",
        )
    )
    if reasons:
        st.caption(
            tr(lang, "标记为不适用的子域及可以不适用的情形：", "Marked not applicable, and when that may be done:")
        )
        st.markdown("\n".join(reasons))


def _rows_height(n: int) -> int:
    """A table's height that shows all its ``n`` rows (Streamlit's rows are 35 px)."""
    return 35 * (n + 1) + 3


def _quick_answers(q, entries: dict, names: dict[str, str], lang: str) -> None:
    """DCMM items or CMMM sub-domains (``entries`` of the result, shown by ``names``) whose
    quick-mode level is not the one chosen: "not sure", or a check answered "no"."""
    unsure, lowered = [], []
    for item_id, name in names.items():
        r = entries[item_id]
        quick = r.get("quick")
        if not quick:
            continue
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
                "以下各项回答了“不确定”，按问卷为该项设定的保守等级计分；弄清实际情况后可重新评估：",
                "These were answered 'not sure' and count at the conservative level the questionnaire "
                "sets for each; once the facts are known, the assessment can be reopened:",
            )
            + "".join(f"\n- {line}" for line in unsure),
            icon=":material/help:",
        )
    if lowered:
        st.warning(
            tr(
                lang,
                "以下各项的核对题答“否”，等级按所选等级减一计，因此总体等级可能偏低：",
                "These checks were answered 'no', so each counts one level below the level chosen, which can "
                "lower the overall level:",
            )
            + "".join(f"\n- {line}" for line in lowered),
            icon=":material/rule:",
        )


def _method(q, lang: str) -> None:
    st.subheader(tr(lang, "方法说明", "Method"), anchor="method")
    if isinstance(q, CmmmQuestionnaire):
        worth = " / ".join(f"{q.scoring.values[k]:g}" for k in ("full", "mostly", "partly", "none"))
        first = tr(
            lang,
            f"每条要求按完全 / 大部分 / 部分 / 未满足计 {worth}；各级得分为该级要求的加权平均，"
            "不适用的子域不计、权重重新归一。",
            f"Each requirement counts {worth} when fully / mostly / partly / not met; a level's score is "
            "the weighted mean of its requirements, and sub-domains that do not apply drop out with the weights "
            "renormalised.",
        )
    else:
        first = tr(
            lang,
            "关键条件：问卷把少数标准标为关键条件，未满足时总体等级不高于该条件所在等级减一。这是本工具的设定，"
            "不是标准公布的红线（正式评估的否决项未公开），结论以正式评估为准。",
            "Key conditions: the questionnaire marks a few criteria as key conditions; while one is unmet, the "
            "overall level stays below that condition's level. This is this tool's choice, not a red line "
            "published by the standard (the formal assessment's veto items are not public); the formal "
            "assessment's conclusion prevails.",
        )
    lines = [
        first,
        tr(
            lang,
            "快速模式：等级是累进的；“不确定”按该项的保守等级计；"
            f"选择第 {CHECKED_FROM} 级及以上时回答一道核对题，答“否”则按所选等级减一计。",
            "Quick mode: levels are cumulative; 'not sure' counts as the item's conservative level; a level of "
            f"{CHECKED_FROM} or more comes with a yes/no check, and a 'no' counts one level below the level chosen.",
        ),
        *(note.text.get(lang) for note in q.notes if note.id != "estimate"),  # the caveat is shown on top
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
    shown = level_text(q, after["level"], lang)
    st.info(
        tr(
            lang,
            f"完成前 {n} 项后：等级 {shown}，得分 {after['score']:.2f}",
            f"After the first {n} actions: level {shown}, score {after['score']:.2f}",
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
                            + tr(lang, "；", "; ").join(_criterion_text(q, c, lang) for c in a["criteria"])
                        )


def _criterion_text(q, criterion_id: str, lang: str) -> str:
    """A DCMM criterion's or a CMMM requirement's text."""
    if isinstance(q, CmmmQuestionnaire):
        return q.requirement_by_id[criterion_id].text.get(lang)
    return q.criterion_by_id[criterion_id].text.get(lang)


def _programmes(store: Store, who: Actor, row: dict, view: dict, lang: str) -> None:
    """The active programmes the enterprise qualifies for, and the nearest one it does not yet
    qualify for with what stands between, linked to the plan's actions (by their number)."""
    try:
        found = enterprise_programmes(store, who, row["credit_code"], view["plan"])
    except AssessmentError as exc:
        errors.box(exc, lang)
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
        # an edition whose results map onto a newer one (dcmm-2018 onto dcmm-2025) shares its chart
        family = getattr(banks[r["questionnaire"]], "maps_to_questionnaire", None) or r["questionnaire"]
        latest[(family, r["round"])] = r
    for family in sorted({f for f, _ in latest}):
        runs = [latest[k] for k in sorted(latest) if k[0] == family]
        if len(runs) < 2:
            continue
        title = banks[family].title.get(lang) + tr(lang, " 各轮得分", ": score by round")
        st.plotly_chart(
            charts.progress([r["round"] for r in runs], [r["score"] for r in runs], [r["level"] for r in runs], title),
            width="stretch",
            key=f"{key}prog_{family}",
        )
        before, after = runs[-2], runs[-1]
        target = get(after["questionnaire"], after["version"])
        if isinstance(target, DcmmQuestionnaire | CmmmQuestionnaire):  # parts on the 0-5 scale of the whole
            labels = {p: name[lang] for p, name in part_names(target)}
            st.plotly_chart(
                charts.grouped_bars(
                    labels,
                    {
                        before["round"]: _parts_on(store, who, before, target),
                        after["round"]: _parts_on(store, who, after, target),
                    },
                ),
                width="stretch",
                key=f"{key}prog_parts_{family}",
            )
            if before["questionnaire"] != after["questionnaire"]:
                old = banks[before["questionnaire"]].standard
                st.caption(
                    tr(
                        lang,
                        f"{old} 的结果已按能力项对应关系换算到 {target.standard} 的能力域。",
                        f"The {old} result is expressed on the {target.standard} areas through the item mapping.",
                    )
                )


def _parts_on(store: Store, who: Actor, r: dict, target) -> dict[str, float]:
    """Part scores of a result on ``target``'s parts (a DCMM 2018 result goes through the item
    mapping onto the 2025 areas)."""
    res = lifecycle.result(store, who, r["id"])
    if r["questionnaire"] == target.id:
        return lifecycle.result_parts(res)
    return map_result(get(r["questionnaire"], r["version"]), target, res)
