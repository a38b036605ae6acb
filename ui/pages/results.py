"""Results: level, score, radar against the park, percentiles, archetype, the prioritised plan
with its what-if (drawn by ``ui.result_view``, which the bureau's drill-down shares)."""

from __future__ import annotations

import streamlit as st

import reports
from assessment import lifecycle
from assessment.directory import SOURCES
from assessment.file_names import safe_file_name
from questionnaires import available
from ui import errors, result_view, sign_in_form, state
from ui.i18n import current, tr

lang = current()
who = sign_in_form.require(lang)
store = state.store()
st.title(tr(lang, "评估结果", "Results"))

rows = lifecycle.assessments_of(store, who, who.credit_code)
asked = st.query_params.get("a", "")
wanted = st.session_state.get("results_assessment") or (int(asked) if asked.isdigit() else 0)
if wanted and wanted not in {r["id"] for r in rows}:
    # an assessment id in the URL that is not this enterprise's: say why it is not shown (the
    # core refuses another enterprise's data, and audits the attempt)
    with errors.shown(lang):
        lifecycle.get(store, who, wanted)
submitted = [r for r in rows if r["status"] == "submitted"]
if not submitted:
    st.info(tr(lang, "还没有已提交的评估。", "No submitted assessment yet."))
    st.stop()
banks = available()
# the source tells a self-assessment from its verification on site (both are listed)
choices = {
    r[
        "id"
    ]: f"{banks[r['questionnaire']].title.get(lang)} · {r['round']} · {SOURCES[r['source']][lang == 'en']} · #{r['id']}"
    for r in submitted
}
aid = st.selectbox(
    tr(lang, "评估", "Assessment"),
    list(choices),
    format_func=choices.get,
    index=list(choices).index(wanted) if wanted in choices else 0,
    key="results_pick",
)
st.query_params["a"] = str(aid)
result_view.show(store, who, aid, lang)

st.divider()
st.download_button(
    tr(lang, "下载 PDF 报告", "Download the PDF report"),
    # built when clicked (in its own thread), not on every rerun of the page
    data=lambda: reports.enterprise_pdf(store, who, who.credit_code, aid, lang=lang),
    file_name=safe_file_name("report", who.credit_code, aid, lang, suffix=".pdf"),
    mime="application/pdf",
    key="report_pdf",
    on_click="ignore",
    icon=":material/picture_as_pdf:",
)
