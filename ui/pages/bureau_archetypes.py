"""Archetypes (bureau): the enterprises of the filter on a PCA scatter coloured by archetype, the
archetype profiles, and fitting or refitting the archetypes (as `cli.py clusters fit`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from benchmarks import cohorts, dashboard
from benchmarks.statistics import MIN_COHORT
from questionnaires import get
from ui import cohort_charts, errors, filters, sign_in_form, state
from ui.i18n import current, tr


def _figure(value) -> str:
    return "—" if value is None else f"{value:.2f}"


lang = current()
who = sign_in_form.require(lang, role=filters.BUREAU)
st.title(tr(lang, "企业类型（聚类）", "Archetypes (clusters)"))
flt = filters.show(lang)
q = get(flt.questionnaire)
with errors.shown(lang, stop=True):
    with st.spinner(tr(lang, "正在计算…", "Computing…")):
        data = filters.load("archetypes", flt)
names = {p: n[lang] for p, n in dashboard.part_names(q).items()}
model = data["model"]
filters.synthetic_notice(data["synthetic"], lang)

fitted = (model or {}).get("fitted_at") or "—"
fitted = fitted[:16].replace("T", " ") + (" UTC" if len(fitted) > 16 else "")
with st.container(border=True):
    if model:
        st.markdown(
            tr(
                lang,
                f"**{q.title.get(lang)}** 的聚类模型：{model['k']} 类，稳定性 {_figure(model.get('stability'))}，"
                f"轮廓系数 {_figure(model.get('silhouette'))}，"
                f"基于 {model.get('data_count') or '—'} 份评估，拟合于 {fitted}。",
                f"The archetype model of **{q.title.get(lang)}**: {model['k']} archetypes, stability "
                f"{_figure(model.get('stability'))}, silhouette {_figure(model.get('silhouette'))}, "
                f"fitted on {model.get('data_count') or '—'} assessments on {fitted}.",
            )
        )
        if model.get("structure") is False:
            st.info(
                tr(
                    lang,
                    "这些企业的长板与短板没有形成稳定的共同类型（各种分组的稳定性都低于 0.8），"
                    "因此不划分类型：差异主要在整体水平上，请看等级分布。",
                    "These enterprises' strengths and gaps form no stable common shapes (every grouping "
                    "tried has a stability below 0.8), so no archetypes are drawn: they differ mainly in "
                    "overall level — see the level distribution.",
                ),
                icon=":material/info:",
            )
    else:
        st.markdown(
            tr(lang, f"**{q.title.get(lang)}** 尚未聚类。", f"No archetypes fitted yet for **{q.title.get(lang)}**.")
        )
    st.caption(
        tr(
            lang,
            "类型按各企业的“形状”划分：各部分相对其自身平均水平的长板与短板，与整体等级无关（等级另列）。"
            "聚类基于该问卷全部当前评估（不受上方筛选影响）；类型编号和名称在重新聚类后保持稳定。",
            "Archetypes group enterprises by the shape of their profile — each part's strength or gap "
            "relative to the enterprise's own average — whatever their overall level (shown separately). "
            "They are fitted on every current assessment of the questionnaire (not only this filter); "
            "their ids and names stay stable across refits.",
        )
    )
    if st.button(
        tr(lang, "重新聚类" if model else "开始聚类", "Refit archetypes" if model else "Fit archetypes"),
        key="fit_archetypes",
        icon=":material/scatter_plot:",
    ):
        with errors.shown(lang):
            with st.spinner(tr(lang, "正在聚类，请稍候…", "Fitting the archetypes…")):
                refit = cohorts.fit(state.store(), who, flt.questionnaire)
            st.session_state["fit_done"] = refit["k"]
            st.rerun()
    done = st.session_state.pop("fit_done", None)
    if done:
        st.success(tr(lang, f"聚类完成：共 {done} 类。", f"Archetypes fitted: {done}."))

if not model:
    st.stop()
if data["count"] < MIN_COHORT:
    st.info(
        tr(
            lang,
            f"当前范围少于 {MIN_COHORT} 条评估，样本不足，暂不比较。",
            f"Fewer than {MIN_COHORT} assessments here: too few to compare.",
        )
    )
    st.stop()

table = data["table"]
archetype_names = dict(zip(table["id"], table[f"name_{lang}"]))
st.subheader(tr(lang, "分布图（主成分）", "Map (principal components)"))
points = data["points"]
st.plotly_chart(
    cohort_charts.scatter(
        points,
        archetype_names,
        tr(lang, "未归类", "Not placed"),
        (tr(lang, "第一主成分", "First component"), tr(lang, "第二主成分", "Second component")),
    ),
    width="stretch",
    key="scatter",
)
shown = len(points)
st.caption(
    tr(
        lang,
        f"每个点是一份评估（共 {data['total']:,} 份"
        + (f"，随机抽取 {shown:,} 份显示" if shown < data["total"] else "")
        + "）。颜色和形状都表示类型；相近的点画像相近。",
        f"Each point is one assessment ({data['total']:,}"
        + (f", a random {shown:,} of them shown" if shown < data["total"] else "")
        + "). Colour and shape both give the archetype; nearby points have similar profiles.",
    )
)

st.subheader(tr(lang, "类型画像", "Archetype profiles"))
st.table(
    pd.DataFrame(
        {
            tr(lang, "编号", "Id"): table["id"],
            tr(lang, "类型", "Archetype"): table[f"name_{lang}"],
            tr(lang, "说明", "Description"): table[f"description_{lang}"],
            tr(lang, "模型中评估数", "In the model"): table["size"],
            tr(lang, "当前范围内", "In this view"): table["in_filter"],
        }
    ),
    hide_index=True,
)
parts = [p for p in names if p in table]
profiled = table.dropna(subset=parts)  # an archetype of fewer than MIN_COHORT shows no profile
labels = {a: f"{a} · {n}" for a, n in zip(profiled["id"], profiled[f"name_{lang}"])}
centres = {a: list(row) for a, row in zip(profiled["id"], profiled[parts].to_numpy())}
if centres:
    st.plotly_chart(
        cohort_charts.profile_bars(
            [names[p] for p in parts],
            labels,
            {a: [dashboard.share_of_scale(q, p, v) for p, v in zip(parts, row)] for a, row in centres.items()},
            {a: [f"{v:.2f}" for v in row] for a, row in centres.items()},
            tr(lang, "占满分", "of full marks"),
        ),
        width="stretch",
        key="profile_bars",
    )
    cohort = data["cohort_profile"]
    st.table(
        pd.DataFrame(
            {
                tr(lang, "部分", "Part"): [names[p] for p in parts],
                **{labels[a]: [f"{v:.2f}" for v in row] for a, row in centres.items()},
                **(
                    {tr(lang, "当前范围平均", "Mean of this view"): [f"{cohort[p]:.2f}" for p in parts]}
                    if cohort
                    else {}
                ),
            }
        ),
        hide_index=True,
    )
if len(profiled) < len(table):
    st.caption(
        tr(
            lang,
            f"少于 {MIN_COHORT} 家的类型不显示画像。",
            f"Archetypes of fewer than {MIN_COHORT} enterprises show no profile.",
        )
    )
if data["unplaced"]:
    st.caption(
        tr(
            lang,
            f"当前范围内有 {data['unplaced']:,} 份评估尚未归类（聚类之后提交、且尚未重新聚类）。",
            f"{data['unplaced']:,} assessments here are not placed yet (submitted after the last fit).",
        )
    )
st.caption(
    tr(
        lang,
        "各部分数值为该类型的中心（平均画像）。",
        "The part columns are each archetype's centre (its mean profile).",
    )
)


def _counts(table: pd.DataFrame, columns_title: str) -> None:
    """An archetype × (level | park | industry | archetype) table, suppressed cells as "<MIN_COHORT"."""
    if table.empty:
        st.caption(tr(lang, "暂无数据。", "No data yet."))
        return
    shown = table.copy()
    shown.insert(0, tr(lang, "类型", "Archetype"), [f"{a} · {archetype_names.get(a, a)}" for a in table["archetype"]])
    shown = shown.drop(columns="archetype").rename(columns=lambda c: archetype_names.get(c, c))
    hidden = tr(lang, f"<{MIN_COHORT}（不公布）", f"<{MIN_COHORT} (hidden)")
    for column in shown.columns[1:]:
        shown[column] = [hidden if pd.isna(v) else str(int(v)) for v in shown[column]]
    st.dataframe(shown, hide_index=True)
    st.caption(columns_title)


def _level_column(level: str) -> str:
    """A level's column: its number, and for level 0 its name where the bank names it (CMMM
    一级以下 / below level 1, SME not rated)."""
    below = q.level_name(0) if level == "0" and hasattr(q, "level_name") else None
    return tr(lang, f"{level} 级", f"Level {level}") + (f" · {below.get(lang)}" if below else "")


st.subheader(tr(lang, "类型 × 等级", "Archetype × level"))
_counts(
    data["by_level"].rename(columns=lambda c: c if c == "archetype" else _level_column(c)),
    tr(
        lang,
        f"同一类型的企业分布在不同等级：类型说的是长板和短板，等级说的是整体水平。少于 {MIN_COHORT} 家的格子不公布；"
        "一行只有一个格子不公布时，次小的格子也不公布，以免相减得出。",
        "Enterprises of one archetype sit at different levels: the archetype says where they are strong "
        f"or weak, the level how far they are overall. Cells under {MIN_COHORT} are hidden; when only one cell of a "
        "row would be hidden, the next smallest is hidden too, so it cannot be worked out by subtraction.",
    ),
)
st.subheader(tr(lang, "园区与行业", "Parks and industries"))
_counts(data["by_park"], tr(lang, "各类型在各园区的企业数。", "Enterprises of each archetype in each park."))
_counts(data["by_industry"], tr(lang, "各类型在各行业的企业数。", "Enterprises of each archetype in each industry."))
st.subheader(tr(lang, "类型变化（相邻两轮）", "Moves between archetypes (two latest rounds)"))
moves, rounds = data["moves"]
if rounds is None:
    st.caption(
        tr(
            lang,
            "当前范围只有一轮评估；在上方轮次中选择“全部”可查看企业在两轮之间的类型变化。",
            "This view holds one round; choose all rounds above to see how enterprises moved between archetypes.",
        )
    )
else:
    _counts(
        moves,
        tr(
            lang,
            f"行：{rounds[0]} 年的类型；列：{rounds[1]} 年的类型（两轮都参评的企业）。",
            f"Rows: archetype in {rounds[0]}; columns: archetype in {rounds[1]} (enterprises assessed in both).",
        ),
    )
