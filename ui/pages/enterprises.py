"""Enterprises (bureau): the filter's enterprises in a table with search and sort, and the
drill-down to one enterprise: its results and history as the enterprise sees them, and its PDF
report. A link may name the enterprise (``?e=CREDIT_CODE``) or the assessment (``?a=ID``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import enterprises, lifecycle
from assessment.file_names import safe_file_name
from benchmarks import dashboard
from questionnaires import available
from ui import errors, evidence_panel, filters, result_view, sign_in_form, state
from ui import labels as labels_of
from ui.i18n import current, tr
from ui.markup import plain

SHOWN = 500  # rows in the table; the search narrows the rest


lang = current()
who = sign_in_form.require(lang, role=filters.BUREAU)
store = state.store()
st.title(tr(lang, "企业名录", "Enterprises"))

# a link to one enterprise or one assessment (a URL, or the page's own after a refresh); each
# link is followed once, so that the choices made on the page are not overridden by it
link = (st.query_params.get("e", ""), st.query_params.get("a", ""))
if link != st.session_state.get("drill_link", ("", "")):
    st.session_state["drill_link"] = link
    if link[1].isdigit():
        with errors.shown(lang):
            asked = lifecycle.get(store, who, int(link[1]))
            st.session_state["drill_code"] = asked["credit_code"]
            st.session_state["drill_assessment"] = asked["id"]
            st.session_state["drill_pinned"] = True
    elif link[0]:
        st.session_state["drill_code"] = link[0]
        st.session_state["drill_pinned"] = True

flt = filters.show(lang)
with errors.shown(lang, stop=True):
    with st.spinner(tr(lang, "正在计算…", "Computing…")):
        rows = filters.load("enterprises", flt)
filters.synthetic_notice(int(rows["synthetic"].sum()), lang)

SORTS = {
    "name": ("名称", "Name"),
    "score": ("得分", "Score"),
    "level": ("等级", "Level"),
    "park": ("园区", "Park"),
    "industry": ("行业", "Industry"),
    "round": ("轮次", "Round"),
    "credit_code": ("统一社会信用代码", "Credit code"),
}
c1, c2, c3 = st.columns([3, 1.5, 1])
text = c1.text_input(
    tr(lang, "搜索企业名称或统一社会信用代码", "Search by name or credit code"),
    key="ent_search",
    on_change=lambda: st.session_state.pop("drill_pinned", None),  # a new search: pick from its results
    placeholder=tr(lang, "输入名称或代码的一部分", "part of a name or code"),
)
sort = c2.selectbox(tr(lang, "排序", "Sort by"), list(SORTS), format_func=lambda k: tr(lang, *SORTS[k]), key="ent_sort")
descending = c3.toggle(tr(lang, "从高到低", "Descending"), key="ent_desc")
found = dashboard.search(rows, text, sort, descending)
st.caption(
    tr(
        lang,
        f"共 {len(found):,} 条（每家企业每轮一条）"
        + (f"，显示前 {SHOWN} 条，请用搜索缩小范围" if len(found) > SHOWN else ""),
        f"{len(found):,} rows (one per enterprise and round)"
        + (f"; the first {SHOWN} are shown, search to narrow them" if len(found) > SHOWN else ""),
    )
)
shown = found.head(SHOWN)
st.dataframe(
    pd.DataFrame(
        {
            tr(lang, "企业", "Enterprise"): shown["name"],
            tr(lang, "得分", "Score"): [f"{v:.2f}" for v in shown["score"]],
            tr(lang, "等级", "Level"): shown["level"].astype(int),
            tr(lang, "轮次", "Round"): shown["round"],
            tr(lang, "来源", "Source"): [filters.value_label("source", s, lang) for s in shown["source"]],
            tr(lang, "园区", "Park"): [labels_of.park(p, lang) for p in shown["park"]],
            tr(lang, "行业", "Industry"): [labels_of.industry(i, lang) for i in shown["industry"]],
            tr(lang, "规模", "Size"): [labels_of.size(s, lang) for s in shown["size"]],
            tr(lang, "统一社会信用代码", "Credit code"): shown["credit_code"],
            tr(lang, "类型", "Archetype"): shown["archetype"].fillna("—"),
        }
    ),
    hide_index=True,
    width="stretch",
    key="ent_table",
)

# ------------------------------------------------------------------------------ drill-down
st.subheader(tr(lang, "查看一家企业", "Open one enterprise"))
codes = list(dict.fromkeys(shown["credit_code"]))
wanted = st.session_state.get("drill_code")
if wanted and wanted not in codes and st.session_state.get("drill_pinned"):
    codes.insert(0, wanted)  # from a link or the dashboard, even if the table does not show it
if not codes:
    st.info(tr(lang, "没有符合条件的企业。", "No enterprise matches."))
    st.stop()
name_of = dict(zip(found["credit_code"], found["name"]))
if wanted not in codes:
    st.session_state.pop("drill_code", None)
code = st.selectbox(
    tr(lang, "企业", "Enterprise"),
    codes,
    index=None,
    placeholder=tr(lang, "选择一家企业，查看其结果和历史", "Choose an enterprise to see its results and history"),
    format_func=lambda c: f"{name_of.get(c, c)} · {c}",
    key="drill_code",
)
if code is None:
    st.stop()
with errors.shown(lang, stop=True):
    profile = enterprises.get(store, who, code)
    history = lifecycle.assessments_of(store, who, code)
st.query_params["e"] = code
st.query_params.pop("a", None)
st.session_state["drill_link"] = (code, "")

with st.container(border=True):
    st.markdown("### " + plain(profile["name"]))
    st.caption(
        " · ".join(
            [
                profile["credit_code"],
                labels_of.park(profile["park"], lang),
                labels_of.industry(profile["industry"], lang),
                labels_of.size(profile["size"], lang),
            ]
        )
        + (
            tr(lang, " · :material/science: 合成演示数据", " · :material/science: synthetic demo data")
            if profile["synthetic"]
            else ""
        )
    )

submitted = [r for r in history if r["status"] == "submitted"]
if not submitted:
    st.info(tr(lang, "该企业还没有已提交的评估。", "This enterprise has no submitted assessment yet."))
else:
    banks = available()
    choices = {r["id"]: f"{banks[r['questionnaire']].title.get(lang)} · {r['round']} · #{r['id']}" for r in submitted}
    default = st.session_state.get("drill_assessment")
    if default not in choices:
        # the filter's questionnaire and round first, then the latest
        matching = [r["id"] for r in submitted if r["questionnaire"] == flt.questionnaire]
        rounds = {r["id"]: r["round"] for r in submitted}
        matching = [i for i in matching if rounds[i] == flt.round] or matching
        default = matching[0] if matching else submitted[0]["id"]
    st.session_state["drill_assessment"] = default
    aid = st.selectbox(tr(lang, "评估", "Assessment"), list(choices), format_func=choices.get, key="drill_assessment")
    pdf_name = safe_file_name(code, aid, lang, suffix=".pdf")

    def enterprise_pdf() -> bytes:
        from reports import enterprise_pdf as build

        return build(store, who, code, aid, lang=lang)

    st.download_button(
        tr(lang, "下载该企业的 PDF 报告", "Download this enterprise's PDF report"),
        enterprise_pdf,
        file_name=pdf_name,
        mime="application/pdf",
        key="drill_pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )
    chosen = next(r for r in submitted if r["id"] == aid)
    evidence_panel.show_all(store, who, chosen, lifecycle.questionnaire_of(chosen), lang)
    st.markdown(tr(lang, "#### 评估结果（企业看到的页面）", "#### Results (as the enterprise sees them)"))
    result_view.show(store, who, aid, lang, key="drill_")
st.markdown(tr(lang, "#### 历次评估", "#### History"))
result_view.history(store, who, history, lang, key="drill_")
