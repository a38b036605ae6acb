"""Archetypes (bureau): the enterprises of the filter on a PCA scatter coloured by archetype, the
archetype profiles, and fitting or refitting the archetypes (as `cli.py clusters fit`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment.errors import AssessmentError
from benchmarks import cohorts, dashboard
from questionnaires import get
from ui import cohort_charts, filters, sign_in_form, state
from ui.i18n import current, tr

lang = current()
who = sign_in_form.require(lang, role=filters.BUREAU)
st.title(tr(lang, "企业类型（聚类）", "Archetypes (clusters)"))
flt = filters.show(lang)
q = get(flt.questionnaire)
try:
    with st.spinner(tr(lang, "正在计算…", "Computing…")):
        data = filters.load("archetypes", flt)
except (AssessmentError, KeyError) as exc:
    state.error_box(exc, lang)
    st.stop()
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
                f"**{q.title.get(lang)}** 的聚类模型：{model['k']} 类，轮廓系数 {model['silhouette']:.2f}，"
                f"基于 {model.get('data_count') or '—'} 份评估，拟合于 {fitted}。",
                f"The archetype model of **{q.title.get(lang)}**: {model['k']} archetypes, silhouette "
                f"{model['silhouette']:.2f}, fitted on {model.get('data_count') or '—'} assessments on {fitted}.",
            )
        )
    else:
        st.markdown(
            tr(lang, f"**{q.title.get(lang)}** 尚未聚类。", f"No archetypes fitted yet for **{q.title.get(lang)}**.")
        )
    st.caption(
        tr(
            lang,
            "聚类基于该问卷全部当前评估（不受上方筛选影响）；类型编号和名称在重新聚类后保持稳定。",
            "Archetypes are fitted on every current assessment of the questionnaire (not only this "
            "filter); their ids and names stay stable across refits.",
        )
    )
    if st.button(
        tr(lang, "重新聚类" if model else "开始聚类", "Refit archetypes" if model else "Fit archetypes"),
        key="fit_archetypes",
        icon=":material/scatter_plot:",
    ):
        try:
            with st.spinner(tr(lang, "正在聚类，请稍候…", "Fitting the archetypes…")):
                refit = cohorts.fit(state.store(), who, flt.questionnaire)
        except AssessmentError as exc:
            state.error_box(exc, lang)
        else:
            st.session_state["fit_done"] = refit["k"]
            st.rerun()
    done = st.session_state.pop("fit_done", None)
    if done:
        st.success(tr(lang, f"聚类完成：共 {done} 类。", f"Archetypes fitted: {done}."))

if not model:
    st.stop()
if data["count"] < 5:
    st.info(
        tr(lang, "当前范围少于 5 条评估，样本不足，暂不比较。", "Fewer than 5 assessments here: too few to compare.")
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
profiled = table.dropna(subset=parts)  # an archetype of fewer than 5 shows no profile
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
    st.table(
        pd.DataFrame(
            {
                tr(lang, "部分", "Part"): [names[p] for p in parts],
                **{labels[a]: [f"{v:.2f}" for v in row] for a, row in centres.items()},
            }
        ),
        hide_index=True,
    )
if len(profiled) < len(table):
    st.caption(
        tr(
            lang,
            "少于 5 家的类型不显示画像。",
            "Archetypes of fewer than 5 enterprises show no profile.",
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
