"""Reports and exports (bureau): the cohort PDF for leadership, any enterprise's PDF, a ZIP of
the enterprise reports of the filter (with progress), and the Excel export."""

from __future__ import annotations

import streamlit as st

from assessment.file_names import safe_file_name
from benchmarks import dashboard
from ui import errors, filters, sign_in_form, state
from ui.i18n import current, tr

lang = current()
who = sign_in_form.require(lang, role=filters.BUREAU)
store = state.store()
st.title(tr(lang, "报告与导出", "Reports and exports"))
flt = filters.show(lang)
with errors.shown(lang, stop=True):
    rows = filters.load("enterprises", flt)
filters.synthetic_notice(int(rows["synthetic"].sum()), lang)
REPORT_LANGS = {"zh": "中文", "en": "English"}
report_lang = st.radio(
    tr(lang, "报告语言", "Report language"),
    list(REPORT_LANGS),
    format_func=REPORT_LANGS.get,
    index=list(REPORT_LANGS).index(lang),
    horizontal=True,
    key="report_lang",
)
stem = [v for v in flt.as_dict().values() if v]

# ------------------------------------------------------------------------------ cohort PDF
with st.container(border=True):
    st.markdown(tr(lang, "#### 群体报告（PDF）", "#### Cohort report (PDF)"))
    st.caption(
        tr(
            lang,
            "面向领导的群体报告：范围、等级分布、园区比较、热力图、百分位、企业类型、进步和落后企业。"
            "未选轮次时以最近一轮为横截面。点击后开始生成，约需几秒。",
            "The cohort report for leadership: scope, levels, parks, heat map, percentiles, archetypes, "
            "progress and lagging enterprises. With no round chosen, the latest round is the cross-section. "
            "It is built when you click, in a few seconds.",
        )
    )

    def cohort_pdf() -> bytes:
        from reports import cohort_pdf as build

        return build(store, who, flt, lang=report_lang)

    st.download_button(
        tr(lang, "下载群体报告 PDF", "Download the cohort report (PDF)"),
        cohort_pdf,
        file_name=safe_file_name("cohort", *stem, report_lang, suffix=".pdf"),
        mime="application/pdf",
        key="cohort_pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        disabled=rows.empty,
    )

# -------------------------------------------------------------------------- enterprise PDF
with st.container(border=True):
    st.markdown(tr(lang, "#### 单个企业报告（PDF）", "#### One enterprise's report (PDF)"))
    if rows.empty:
        st.caption(tr(lang, "当前范围内没有企业。", "No enterprise in this view."))
    else:
        latest = rows.sort_values(["credit_code", "round"]).drop_duplicates("credit_code", keep="last")
        latest = latest.sort_values("name")
        names = dict(zip(latest["credit_code"], latest["name"]))
        code = st.selectbox(
            tr(lang, "企业（可输入名称搜索）", "Enterprise (type to search)"),
            list(names),
            format_func=lambda c: f"{names[c]} · {c}",
            key="report_enterprise",
        )
        chosen = latest.set_index("credit_code").loc[code]
        aid = int(chosen["assessment_id"])

        def enterprise_pdf() -> bytes:
            from reports import enterprise_pdf as build

            return build(store, who, code, aid, lang=report_lang)

        st.download_button(
            tr(lang, "下载该企业报告 PDF", "Download its report (PDF)"),
            enterprise_pdf,
            file_name=safe_file_name(code, flt.questionnaire, chosen["round"], report_lang, suffix=".pdf"),
            mime="application/pdf",
            key="enterprise_pdf",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
        )

# ------------------------------------------------------------------------------ batch ZIP
with st.container(border=True):
    st.markdown(tr(lang, "#### 批量企业报告（ZIP）", "#### All enterprise reports of the view (ZIP)"))
    firms = rows["credit_code"].nunique() if not rows.empty else 0
    st.caption(
        tr(
            lang,
            f"当前范围内 {firms:,} 家企业，每家一份 PDF（所选轮次，未选则为各自最近一轮），另附 index.csv。",
            f"{firms:,} enterprises in this view, one PDF each (the chosen round, else each one's latest), "
            "with index.csv.",
        )
    )
    batch_key = (flt, report_lang, dashboard.generation(store))
    ready = st.session_state.get("batch_zip")
    if st.button(
        tr(lang, "生成 ZIP", "Build the ZIP"), key="batch_build", disabled=not firms, icon=":material/folder_zip:"
    ):
        bar = st.progress(0.0, text=tr(lang, "正在准备…", "Preparing…"))

        def progress(done: int, total: int) -> None:
            bar.progress(
                done / total if total else 1.0,
                text=tr(lang, f"已生成 {done:,}/{total:,} 份报告", f"{done:,} of {total:,} reports built"),
            )

        with errors.shown(lang):
            from reports import batch_zip

            data = batch_zip(store, who, flt, lang=report_lang, progress=progress)
            bar.progress(1.0, text=tr(lang, "已完成", "Done"))
            ready = st.session_state["batch_zip"] = {"key": batch_key, "data": data}
    if ready and ready["key"] == batch_key:
        st.download_button(
            tr(
                lang,
                f"下载 ZIP（{len(ready['data']) / 1e6:.1f} MB）",
                f"Download the ZIP ({len(ready['data']) / 1e6:.1f} MB)",
            ),
            ready["data"],
            file_name=safe_file_name("reports", *stem, report_lang, suffix=".zip"),
            mime="application/zip",
            key="batch_download",
            icon=":material/download:",
            on_click="ignore",
        )

# ------------------------------------------------------------------------------ Excel
with st.container(border=True):
    st.markdown(tr(lang, "#### Excel 导出", "#### Excel export"))
    st.caption(
        tr(
            lang,
            "每条评估一行（总分、等级、各部分得分，可选附答案），与命令行 export 相同，可再导入。"
            "导出按问卷、园区、行业和轮次筛选；规模、来源和版本不作为导出条件（表中有来源列）。",
            "One row per assessment (score, level, part scores, optionally the answers), as `cli.py "
            "export` writes it; it can be imported again. The export takes the questionnaire, park, "
            "industry and round; size, source and version are not export filters (the sheet has a "
            "source column).",
        )
    )
    with_answers = st.checkbox(tr(lang, "附每题答案", "Add the answers"), key="export_answers")

    def excel() -> bytes:
        from assessment.exporter import export_file

        return export_file(
            store,
            who,
            "export.xlsx",
            park=flt.park,
            industry=flt.industry,
            round_=flt.round,
            questionnaire=flt.questionnaire,
            answers=with_answers,
        ).data

    st.download_button(
        tr(lang, "下载 Excel", "Download Excel"),
        excel,
        file_name=safe_file_name("assessments", *stem, suffix=".xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="excel",
        icon=":material/table_view:",
        on_click="ignore",
        disabled=rows.empty,
    )
