"""Progress between rounds (bureau): enterprises paired across two rounds, their summary, per
park and level transitions, and the cohort's mean per round (`benchmarks.progress`, as the
cohort PDF and `cli.py progress`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from questionnaires import get
from ui import cohort_charts, errors, filters, sign_in_form
from ui import labels as labels_of
from ui.i18n import current, tr

lang = current()
who = sign_in_form.require(lang, role=filters.BUREAU)
st.title(tr(lang, "进步情况", "Progress between rounds"))
flt = filters.show(lang)
q = get(flt.questionnaire)
first = st.session_state.get("progress_first")
second = st.session_state.get("progress_second")
with errors.shown(lang, stop=True):
    with st.spinner(tr(lang, "正在计算…", "Computing…")):
        data = filters.load("progress", flt, first, second)
filters.synthetic_notice(data["synthetic"], lang)
if data["first"] is None:
    st.info(
        tr(
            lang,
            "当前范围内只有一轮评估，无法比较进步。",
            "Only one round in this view: there is no progress to compare.",
        )
    )
    st.stop()

if flt.round:
    st.caption(
        tr(
            lang,
            "进步比较两轮，因此这里不使用上方的“轮次”筛选，其他筛选照常生效。",
            "Progress compares two rounds, so the round filter above is set aside here; the others apply.",
        )
    )
rounds = data["rounds"]
left, right = st.columns(2)
st.session_state["progress_first"] = data["first"]
st.session_state["progress_second"] = data["second"]
left.selectbox(tr(lang, "起始轮次", "From round"), rounds, key="progress_first")
right.selectbox(tr(lang, "对比轮次", "To round"), rounds, key="progress_second")

summary = data["summary"]
pairs = data["pairs"]
st.subheader(
    tr(
        lang,
        f"逐企业配对：{data['first']} → {data['second']}",
        f"Paired by enterprise: {data['first']} → {data['second']}",
    )
)
if data["mapped"]:
    st.caption(
        tr(
            lang,
            f"起始轮次中部分企业使用 {'、'.join(data['mapped'])} 版问卷，其总分直接比较（两版刻度相同）。",
            f"Some enterprises answered the {', '.join(data['mapped'])} edition in the earlier round; their "
            "overall scores are compared directly (both editions share the scale).",
        )
    )
if summary.get("suppressed"):
    st.info(
        tr(
            lang,
            f"两轮都参评的企业只有 {summary['count']} 家，少于 5 家，样本不足，暂不比较。",
            f"Only {summary['count']} enterprises took part in both rounds: too few to compare.",
        )
    )
    st.stop()

n = summary["count"]
c1, c2, c3, c4 = st.columns(4)
c1.metric(tr(lang, "两轮都参评", "In both rounds"), f"{n:,}")
c2.metric(
    tr(lang, "平均得分变化", "Mean change"),
    f"{summary['mean_change']:+.2f}",
    help=tr(
        lang,
        f"{summary['mean_before']:.2f} → {summary['mean_after']:.2f}",
        f"{summary['mean_before']:.2f} → {summary['mean_after']:.2f}",
    ),
)
c3.metric(
    tr(lang, "得分提高 / 下降", "Improved / declined"),
    f"{summary['improved']:,} / {summary['declined']:,}",
    help=tr(lang, f"提高占 {summary['improved'] / n:.0%}", f"{summary['improved'] / n:.0%} improved"),
)
c4.metric(tr(lang, "升级 / 降级", "Level up / down"), f"{summary['level_up']:,} / {summary['level_down']:,}")

left, right = st.columns(2)
with left:
    st.markdown(tr(lang, "**得分变化分布**", "**How scores changed**"))
    st.plotly_chart(
        cohort_charts.change_histogram(pairs["change"], tr(lang, "得分变化", "Change of score")),
        width="stretch",
        key="change_hist",
    )
with right:
    st.markdown(
        tr(lang, "**等级变化（行：起始等级，列：对比等级）**", "**Level transitions (rows: from, columns: to)**")
    )
    moves = data["transitions"]

    def level_label(lv: int) -> str:
        name = q.level_name(lv)
        return f"{lv} · {name.get(lang)}" if name else str(lv)

    st.table(
        pd.DataFrame(
            moves.to_numpy(),
            index=[level_label(lv) for lv in moves.index],
            columns=[level_label(lv) for lv in moves.columns],
        )
    )

st.markdown(tr(lang, "**各园区（配对企业）**", "**By park (paired enterprises)**"))
by_park = data["by_park"]
st.dataframe(
    pd.DataFrame(
        {
            tr(lang, "园区", "Park"): [labels_of.park(p, lang) for p in by_park["park"]],
            tr(lang, "企业数", "Enterprises"): by_park["count"],
            tr(lang, f"{data['first']} 均分", f"Mean {data['first']}"): [f"{v:.2f}" for v in by_park["mean_before"]],
            tr(lang, f"{data['second']} 均分", f"Mean {data['second']}"): [f"{v:.2f}" for v in by_park["mean_after"]],
            tr(lang, "平均变化", "Mean change"): [f"{v:+.2f}" for v in by_park["mean_change"]],
        }
    ),
    hide_index=True,
    width="stretch",
    key="progress_parks",
)
if data["by_park_hidden"]:
    st.caption(
        tr(
            lang,
            f"{data['by_park_hidden']} 个园区未单独列出（少于 5 家，或列出后可由合计推算出其他园区）。",
            f"{data['by_park_hidden']} parks hidden (fewer than 5, or listing them would let another be worked "
            "out from the total).",
        )
    )

st.subheader(tr(lang, "各园区每轮平均分（整体，不配对）", "Mean score per park and round (whole cohort, not paired)"))
means = data["round_means"]
park_names = {p: labels_of.park(p, lang) for p in means["park"].unique()}
st.plotly_chart(cohort_charts.round_bars(means, park_names), width="stretch", key="round_bars")
wide = means.pivot(index="park", columns="round", values=["mean", "count"])
st.table(
    pd.DataFrame(
        {
            tr(lang, "园区", "Park"): [park_names[p] for p in wide.index],
            **{
                tr(lang, f"{r} 平均分（评估数）", f"{r} mean (assessments)"): [
                    "—" if pd.isna(m) else f"{m:.2f} ({int(n)})" for m, n in zip(wide[("mean", r)], wide[("count", r)])
                ]
                for r in sorted(means["round"].unique())
            },
        }
    ),
    hide_index=True,
)
st.caption(
    tr(
        lang,
        "整体平均分包括只参加一轮的企业，反映群体变化；上面的配对结果只看两轮都参评的企业。",
        "Cohort means include enterprises seen in one round only; the paired figures above follow the "
        "same enterprises across both rounds.",
    )
)

st.subheader(tr(lang, "逐企业明细", "Enterprise by enterprise"))
st.dataframe(
    pd.DataFrame(
        {
            tr(lang, "企业", "Enterprise"): pairs["name"],
            tr(lang, "变化", "Change"): [f"{v:+.2f}" for v in pairs["change"]],
            tr(lang, f"{data['first']} 得分", f"Score {data['first']}"): [f"{v:.2f}" for v in pairs["score_before"]],
            tr(lang, f"{data['second']} 得分", f"Score {data['second']}"): [f"{v:.2f}" for v in pairs["score_after"]],
            tr(lang, "等级", "Level"): [f"{a} → {b}" for a, b in zip(pairs["level_before"], pairs["level_after"])],
            tr(lang, "园区", "Park"): [labels_of.park(p, lang) for p in pairs["park"]],
            tr(lang, "统一社会信用代码", "Credit code"): pairs["credit_code"],
        }
    ),
    hide_index=True,
    width="stretch",
    key="pairs_table",
)
st.caption(
    tr(lang, "按变化从小到大排列；点击列标题可重新排序。", "Sorted by change, smallest first; click a header to sort.")
)
