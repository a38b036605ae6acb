"""Cohort dashboard (bureau): headline figures, the statistics of `cli.py benchmark`, level
distribution, park x part heat map, percentile bands and the enterprises furthest below their
park, for the shared cohort filter."""

from __future__ import annotations

import shlex

import pandas as pd
import streamlit as st

from benchmarks import dashboard
from benchmarks.statistics import MIN_COHORT
from questionnaires import get
from questionnaires.parts import OPERATIONS, OPERATIONS_NAME, overall_range, part_ids, part_max, part_min
from questionnaires.schema import CmmmQuestionnaire, SmeQuestionnaire
from ui import cohort_charts, errors, filters, sign_in_form
from ui import labels as labels_of
from ui.i18n import current, tr
from ui.markup import plain

lang = current()
who = sign_in_form.require(lang, role=filters.BUREAU)
st.title(tr(lang, "群体看板", "Cohort dashboard"))
flt = filters.show(lang)
q = get(flt.questionnaire)
with errors.shown(lang, stop=True):
    with st.spinner(tr(lang, "正在计算…", "Computing…")):
        data = filters.load("overview", flt)
filters.synthetic_notice(data["synthetic"], lang)
names = {p: n[lang] for p, n in dashboard.part_names(q).items()}
h = data["headline"]
TOO_FEW = tr(lang, "样本不足，暂不比较", "Too few to compare")


def num(value: float) -> str:
    """Scores as the page shows them everywhere: two decimals."""
    return f"{value:.2f}"


# ------------------------------------------------------------------------------ headline
c1, c2, c3, c4 = st.columns(4)
c1.metric(tr(lang, "企业数", "Enterprises"), f"{h['enterprises']:,}")
c2.metric(
    tr(lang, "评估数", "Assessments"),
    f"{h['assessments']:,}",
    help=tr(lang, "已提交的当前评估，每家企业每轮一条", "current submitted assessments, one per enterprise and round"),
)
c3.metric(
    tr(lang, "完成率", "Completion rate"),
    "—" if h["completion"] is None else f"{h['completion']:.1%}",
    help=tr(
        lang,
        f"已提交 {h['submitted']:,} ÷ 已开始 {h['started']:,}（每家企业、轮次、来源计一次）",
        f"{h['submitted']:,} submitted of {h['started']:,} started (one per enterprise, round and source)",
    ),
)
c4.metric(
    tr(lang, "平均等级", "Mean level"),
    TOO_FEW if h["mean_level"] is None else f"{h['mean_level']:.2f}",
    help=tr(lang, f"少于 {MIN_COHORT} 家时不公布统计", f"no statistics for fewer than {MIN_COHORT}"),
)
if h["suppressed"]:
    st.info(
        tr(
            lang,
            f"当前范围内只有 {h['assessments']} 条评估，少于 {MIN_COHORT} 条，样本不足，暂不比较（避免识别单个企业）。",
            f"Only {h['assessments']} assessments in this view: fewer than {MIN_COHORT} are too few to compare "
            "(so that no enterprise can be singled out).",
        ),
        icon=":material/visibility_off:",
    )
    st.stop()

# -------------------------------------------------------------------- the CLI's statistics
st.subheader(tr(lang, "统计摘要", "Summary statistics"))
stats = data["statistics"]
low, high = overall_range(q)
scale = tr(lang, f"（{low:g}–{high:g}）", f" ({low:g}–{high:g})")
table = pd.DataFrame(
    {
        tr(lang, "部分", "Part"): [
            tr(lang, "总分", "Overall score") + scale if p == dashboard.OVERALL else names[p] for p in stats["part"]
        ],
        tr(lang, "均值", "Mean"): [num(v) for v in stats["mean"]],
        **{k.upper(): [num(v) for v in stats[k]] for k in ("p10", "p25", "p50", "p75", "p90")},
    }
)
st.table(table, hide_index=True)  # text, not a canvas: read out by screen readers
command = ["python", "cli.py", "benchmark", "--questionnaire", flt.questionnaire]
for field in ("park", "industry", "size", "round", "source", "version"):
    if getattr(flt, field):
        command += [f"--{field}", getattr(flt, field)]
st.caption(
    tr(
        lang,
        f"共 {data['stats']['count']:,} 条评估。数字与命令行相同（保留两位小数）：",
        f"{data['stats']['count']:,} assessments. The same figures as the command line (two decimals):",
    )
)
st.code(shlex.join(command), language="bash")
if isinstance(q, CmmmQuestionnaire):
    note, below, paths = q.estimate_note, q.level_name(0), list(q.path_names.values())
    st.caption(
        tr(
            lang,
            f"总分与 {len(part_ids(q))} 个能力域均为 {low:g}–{high:g} 分（0 级即“{below.zh if below else ''}”），"
            f"按制造类型（{'或'.join(p.zh for p in paths)}）评估；",
            f"The overall score and the {len(part_ids(q))} domains are on {low:g}–{high:g} (level 0 reads "
            f"“{below.en.lower() if below else ''}”), each assessed on its manufacturing path "
            f"({' or '.join(p.en.lower() for p in paths)}); ",
        )
        + (note.get(lang) if note else "")
    )
elif isinstance(q, SmeQuestionnaire):
    points = tr(lang, "、", ", ").join(f"{d.name.get(lang)} {d.max_points:g}" for d in q.dimensions)
    scenario_scale = f"{part_min(q, OPERATIONS):g}–{part_max(q, OPERATIONS):g}"
    st.caption(
        tr(
            lang,
            f"总分满分 {high:g}；{points} 分；{OPERATIONS_NAME['zh']}为 {len(q.scenarios)} 个场景的平均等级"
            f"（{scenario_scale}）。",
            f"The overall score is out of {high:g}; {points} points; operations is the mean level of the "
            f"{len(q.scenarios)} scenarios ({scenario_scale}).",
        )
    )

# ------------------------------------------------------------------------ levels
st.subheader(tr(lang, "等级分布", "Level distribution"))
levels = data["levels"]
level_names = [f"{lv} · {q.level_name(lv).get(lang)}" if q.level_name(lv) else str(lv) for lv in levels["level"]]
left, right = st.columns([3, 2])
left.plotly_chart(
    cohort_charts.level_bars(level_names, list(levels["count"]), list(levels["share"])),
    width="stretch",
    key="levels_chart",
)
right.dataframe(
    pd.DataFrame(
        {
            tr(lang, "等级", "Level"): level_names,
            tr(lang, "评估数", "Assessments"): levels["count"],
            tr(lang, "占比", "Share"): [f"{s:.1%}" for s in levels["share"]],
        }
    ),
    hide_index=True,
    width="stretch",
)

# ------------------------------------------------------------------------ heat map
st.subheader(tr(lang, "园区 × 能力域热力图（平均分）", "Heat map: park × area (mean score)"))
heat = data["heat"]
parts = [p for p in heat.columns if p in names]
row_names = [
    tr(lang, "全部（当前范围）", "All (this view)") if everything else labels_of.park(g, lang)
    for g, everything in zip(heat["park"], heat["all"])
]
cells = [[num(r[p]) for p in parts] for _, r in heat.iterrows()]
shares = [[dashboard.share_of_scale(q, p, r[p]) for p in parts] for _, r in heat.iterrows()]
st.plotly_chart(
    cohort_charts.heatmap(row_names, [names[p] for p in parts], shares, cells, tr(lang, "占满分", "of full marks")),
    width="stretch",
    key="heatmap",
)
st.caption(
    tr(
        lang,
        "格中数字为平均分；颜色深浅表示占该部分满分的比例（各部分量纲不同）。"
        f"少于 {MIN_COHORT} 条评估的园区不单独列出。",
        "Each cell prints the mean score; the shade is its share of that part's full marks (parts have "
        f"different scales). Parks with fewer than {MIN_COHORT} assessments are not listed on their own.",
    )
)
if data["heat_hidden"]:
    st.caption(
        tr(
            lang,
            f"{data['heat_hidden']} 个园区未单独列出（少于 {MIN_COHORT} 条评估，或列出后可由合计推算出其他园区），"
            "仍计入“全部”一行。",
            f"{data['heat_hidden']} parks hidden (fewer than {MIN_COHORT} assessments, or listing them would let "
            "another be worked out from the total); they still count in the “All” row.",
        )
    )
with st.expander(tr(lang, "以表格查看热力图数据", "The heat map as a table")):
    st.dataframe(
        pd.DataFrame(
            {
                tr(lang, "园区", "Park"): row_names,
                tr(lang, "评估数", "Assessments"): heat["count"].astype(int),
                **{names[p]: [row[i] for row in cells] for i, p in enumerate(parts)},
            }
        ),
        hide_index=True,
        width="stretch",
    )

# ------------------------------------------------------------------------ percentile bands
st.subheader(tr(lang, "百分位区间", "Percentile bands"))
bands = data["bands"]
band_names = [tr(lang, "总分", "Overall score") if p == dashboard.OVERALL else names[p] for p in bands["part"]]
st.plotly_chart(
    cohort_charts.percentile_bands(
        bands,
        band_names,
        {
            "p10_p90": tr(lang, "P10–P90（八成企业）", "P10–P90 (80% of enterprises)"),
            "p25_p75": tr(lang, "P25–P75（中间一半）", "P25–P75 (the middle half)"),
            "p50": tr(lang, "中位数", "Median"),
        },
        tr(lang, "占满分的比例", "share of full marks"),
    ),
    width="stretch",
    key="bands",
)
st.caption(
    tr(
        lang,
        "横轴为占各部分满分的比例，标注为中位数原值；各百分位数值见上方“统计摘要”表。",
        "The axis is the share of each part's full marks; labels print the median itself; every "
        "percentile is in the summary table above.",
    )
)

# ------------------------------------------------------------------------ lagging
lagging, latest = data["lagging"]
st.subheader(tr(lang, "低于园区中位数最多的企业", "Enterprises furthest below their park"))
if lagging.empty:
    st.caption(
        tr(
            lang,
            f"没有可比较的园区（每个园区至少 {MIN_COHORT} 家）。",
            f"No park with at least {MIN_COHORT} to compare against.",
        )
    )
else:
    st.caption(
        tr(
            lang,
            f"{latest} 轮，每家企业与所在园区的中位数比较（园区至少 {MIN_COHORT} 家）。在“企业名录”中可查看详情。",
            f"Round {latest}: each enterprise against its park's median (parks of at least {MIN_COHORT}). Open one on "
            "the Enterprises page.",
        )
    )
    st.table(
        pd.DataFrame(
            {
                # st.table renders Markdown: names and parks are the enterprises' own text
                tr(lang, "企业", "Enterprise"): [plain(n) for n in lagging["name"]],
                tr(lang, "统一社会信用代码", "Credit code"): lagging["credit_code"],
                tr(lang, "园区", "Park"): [plain(labels_of.park(p, lang)) for p in lagging["park"]],
                tr(lang, "得分", "Score"): [num(v) for v in lagging["score"]],
                tr(lang, "园区中位数", "Park median"): [num(v) for v in lagging["group_median"]],
                tr(lang, "差距", "Gap"): [f"{v:+.2f}" for v in lagging["gap"]],
                tr(lang, "等级", "Level"): [level_names[list(levels["level"]).index(lv)] for lv in lagging["level"]],
            }
        ),
        hide_index=True,
    )
    pick = st.selectbox(
        tr(lang, "查看其中一家企业的结果和历史", "Open one of them: results and history"),
        list(lagging["credit_code"]),
        format_func=lambda c: f"{lagging.set_index('credit_code').at[c, 'name']} · {c}",
        key="lagging_pick",
    )
    if st.button(tr(lang, "查看详情", "Open"), key="lagging_open"):
        st.session_state["drill_code"] = pick
        st.session_state["drill_pinned"] = True
        st.switch_page("ui/pages/enterprises.py")
