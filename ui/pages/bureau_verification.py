"""Verification queue (bureau): the cohort's enterprises ranked for an on-site check by their
doubt flags, the gap to their peers and what rides on their level, each flag explained; and a
reproducible random sample stratified by park for routine checks (audited)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import flag_store
from assessment.cohort import CohortFilter
from assessment.doubt import FLAG_NAMES, SEVERITY_NAMES, SEVERITY_POINTS
from benchmarks import dashboard, verification
from ui import assignment, errors, filters, sign_in_form, state, verification_summary
from ui import labels as labels_of
from ui.i18n import current, tr
from ui.markup import plain

SHOWN = 200  # rows of the queue's table
EXPLAINED = 15  # enterprises whose flags are spelled out below the table


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def _view(path: str, flt: CohortFilter, generation: tuple, checked: int, _who) -> dict:
    # keyed by the data's generation and the number of checked assessments (a refresh)
    view = verification.queue_view(state.store(), _who, flt)
    rows = view["queue"]
    view["total"] = len(rows)
    view["flagged"] = int((rows["flag_points"] > 0).sum())
    view["high"] = int(sum(any(f.severity == "high" for f in fl) for fl in rows["flags"]))
    view["queue"] = rows.head(SHOWN)
    return view


lang = current()
who = sign_in_form.require(lang, role=filters.BUREAU)
store = state.store()
st.title(tr(lang, "核查队列", "Verification queue"))
st.caption(
    tr(
        lang,
        f"按疑点（高 {SEVERITY_POINTS['high']} 分、中 {SEVERITY_POINTS['medium']} 分、低 {SEVERITY_POINTS['low']} 分，"
        "累加）、与同行的等级差距、等级的分量依次排序；"
        "已有现场评测结果的企业不在队列中。疑点只是需要核查的理由，不是结论。",
        f"Ranked by doubt flags (high {SEVERITY_POINTS['high']}, medium {SEVERITY_POINTS['medium']}, low "
        f"{SEVERITY_POINTS['low']}, summed), then by the gap between the level and the peers' "
        "median level, then by what rides on the level. Enterprises already rated on site are left out. A flag is "
        "a reason to check, not a verdict.",
    )
)
flt = filters.show(lang)
generation = dashboard.generation(store)
with errors.shown(lang, stop=True):
    with st.spinner(tr(lang, "正在计算…", "Computing…")):
        view = _view(str(store.path), flt, generation, flag_store.checked_count(store), who)
filters.synthetic_notice(view["synthetic"], lang)
rows: pd.DataFrame = view["queue"]

if view["unchecked"]:
    st.warning(
        tr(
            lang,
            f"队列中有 {view['unchecked']:,} 条评估尚未计算疑点（早于疑点功能提交）。",
            f"{view['unchecked']:,} assessments in the queue have no flags computed yet "
            "(submitted before flags existed).",
        )
    )
    if who.role == "admin" and st.button(tr(lang, "计算缺少的疑点", "Compute the missing flags"), key="flags_refresh"):
        with st.spinner(tr(lang, "正在计算疑点…", "Computing flags…")):
            done = flag_store.refresh(store, who)
        st.success(tr(lang, f"已检查 {done['checked']:,} 条评估。", f"{done['checked']:,} assessments checked."))
        st.rerun()

flagged = rows[rows["flag_points"] > 0] if len(rows) else rows
c1, c2, c3 = st.columns(3)
c1.metric(tr(lang, "队列中的企业", "Enterprises in the queue"), f"{view['total']:,}")
c2.metric(tr(lang, "有疑点", "Flagged"), f"{view['flagged']:,}")
c3.metric(tr(lang, "含高级别疑点", "With a high flag"), f"{view['high']:,}")

if rows.empty:
    st.info(tr(lang, "当前范围内没有待核查的企业。", "No enterprise in this view awaits a check."))
else:

    def names(flags) -> str:
        if lang == "zh":
            return "、".join(f"{FLAG_NAMES[f.code]['zh']}（{SEVERITY_NAMES[f.severity]['zh']}）" for f in flags)
        return ", ".join(f"{FLAG_NAMES[f.code]['en']} ({f.severity})" for f in flags)

    shown = rows
    table = pd.DataFrame(
        {
            tr(lang, "序号", "Rank"): range(1, len(shown) + 1),
            tr(lang, "企业", "Enterprise"): shown["name"],
            tr(lang, "疑点", "Flags"): [names(f) for f in shown["flags"]],
            tr(lang, "统一社会信用代码", "Credit code"): shown["credit_code"],
            tr(lang, "园区", "Park"): [labels_of.park(p, lang) for p in shown["park"]],
            tr(lang, "行业", "Industry"): [labels_of.industry(i, lang) for i in shown["industry"]],
            tr(lang, "轮次", "Round"): shown["round"],
            tr(lang, "自评等级", "Level"): shown["level"].astype(int),
            tr(lang, "同行中位等级", "Peers' median level"): shown["peer_level"].round(1),
            tr(lang, "差距", "Gap"): shown["gap"].round(1),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="queue_table")
    if view["total"] > SHOWN:
        st.caption(tr(lang, f"只显示前 {SHOWN} 家。", f"The first {SHOWN} are shown."))

    st.subheader(tr(lang, "疑点说明", "The flags explained"))
    for _, row in flagged.head(EXPLAINED).iterrows():
        with st.expander(f"{plain(row['name'])} · {row['credit_code']} · {row['round']}"):
            for f in row["flags"]:
                name, severity = FLAG_NAMES[f.code][lang], SEVERITY_NAMES[f.severity][lang]
                st.markdown(tr(lang, f"- **{name}**（{severity}）：{f.zh}", f"- **{name}** ({severity}): {f.en}"))

with st.expander(tr(lang, "各疑点的规则与阈值", "The rules and thresholds of each flag")):
    for code, rule in view["rules"].items():
        st.markdown(f"- **{FLAG_NAMES[code][lang]}** (`{code}`): {rule[lang]}")

assignment.show(store, who, rows, lang)
verification_summary.show(store, who, flt, lang)

st.subheader(tr(lang, "随机抽查", "Random sample for routine checks"))
st.caption(
    tr(
        lang,
        "按园区分层：样本量不少于园区数时每个园区至少抽 1 家，其余按各园区剩余企业数成比例分配；"
        "同一随机种子和数据抽出同样的企业。每次抽取（种子和结果）都记入审计日志。",
        "Stratified by park: when the size is at least the number of parks, each park gets one, the rest in "
        "proportion to what remains of each park; the same seed and data draw the same enterprises. Every draw "
        "(seed and result) goes to the audit log.",
    )
)
left, right, button = st.columns([1, 1, 1])
size = left.number_input(tr(lang, "样本量", "Sample size"), min_value=1, max_value=10_000, value=10, key="sample_size")
seed = right.number_input(tr(lang, "随机种子", "Seed"), min_value=0, value=2026, step=1, key="sample_seed")
button.markdown("&nbsp;")
if button.button(tr(lang, "抽取样本", "Draw the sample"), key="sample_draw"):
    with errors.shown(lang):
        st.session_state["verification_sample"] = verification.sample(store, who, flt, int(size), int(seed))
drawn = st.session_state.get("verification_sample")
if drawn and drawn["filter"] == flt.as_dict():
    st.markdown(
        tr(
            lang,
            f"随机种子 {drawn['seed']}：从 {drawn['population']:,} 家企业中抽取 {len(drawn['sample'])} 家。",
            f"Seed {drawn['seed']}: {len(drawn['sample'])} drawn from {drawn['population']:,} enterprises.",
        )
    )
    allocation = pd.DataFrame(
        [
            {
                tr(lang, "园区", "Park"): labels_of.park(park or None, lang),
                tr(lang, "企业数", "Enterprises"): a["enterprises"],
                tr(lang, "抽取", "Drawn"): a["drawn"],
            }
            for park, a in drawn["allocation"].items()
        ]
    )
    st.dataframe(allocation, hide_index=True, key="sample_allocation")
    st.dataframe(
        pd.DataFrame(
            {
                tr(lang, "企业", "Enterprise"): [e["name"] for e in drawn["sample"]],
                tr(lang, "统一社会信用代码", "Credit code"): [e["credit_code"] for e in drawn["sample"]],
                tr(lang, "园区", "Park"): [labels_of.park(e["park"], lang) for e in drawn["sample"]],
                tr(lang, "轮次", "Round"): [e["round"] for e in drawn["sample"]],
                tr(lang, "自评等级", "Level"): [e["level"] for e in drawn["sample"]],
            }
        ),
        hide_index=True,
        width="stretch",
        key="sample_table",
    )
