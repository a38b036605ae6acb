"""History: every round, progress between rounds, a re-assessment that starts from the previous
answers (always a new self-assessment), and reopening what this account may correct."""

from __future__ import annotations

import streamlit as st

from assessment import lifecycle
from assessment.directory import SOURCES
from questionnaires import available
from ui import errors, evidence_requests, result_view, round_picker, sign_in_form, state
from ui.i18n import current, tr

lang = current()
who = sign_in_form.require(lang)
store = state.store()
banks = available()
st.title(tr(lang, "历次评估", "History"))

rows = lifecycle.assessments_of(store, who, who.credit_code)
if not rows:
    st.info(tr(lang, "还没有评估记录。", "No assessments yet."))
    st.stop()
evidence_requests.show(store, who, lang)
result_view.history(store, who, rows, lang)
done = [r for r in rows if r["status"] == "submitted"]


def shown(row: dict) -> str:
    source = SOURCES[row["source"]][lang == "en"]
    return f"#{row['id']} · {banks[row['questionnaire']].title.get(lang)} · {row['round']} · {source}"


st.subheader(tr(lang, "开始新一轮评估", "Start a new round"))
if done:
    with st.form("reassess_form"):
        base = st.selectbox(
            tr(lang, "以哪次评估的答案为起点", "Start from the answers of"),
            [r["id"] for r in done],
            format_func=lambda i: next(shown(r) for r in done if r["id"] == i),
            key="reassess_base",
        )
        round_ = round_picker.show(store, lang, "reassess_round", tr(lang, "新轮次", "New round"))
        if st.form_submit_button(tr(lang, "开始", "Start"), type="primary", disabled=round_ is None):
            source = next(r for r in done if r["id"] == base)
            with errors.shown(lang):
                new_id = lifecycle.reassess(
                    store, who, who.credit_code, source["questionnaire"], round_, start_from=base
                )
                st.session_state["assessment_id"] = new_id
                st.switch_page("ui/pages/answer.py")
    st.subheader(tr(lang, "修改已提交的评估", "Correct a submitted assessment"))
    # only what this account may correct: its own self-assessments in rounds still open
    reopenable = [r for r in done if lifecycle.may_reopen(store, who, r)]
    st.caption(
        tr(
            lang,
            "修改会生成新的修订版，原记录保留。主管部门录入的记录（导入、现场评定）和已关闭轮次的评估不能修改；"
            "可以在上方以它们的答案为起点开始新一轮自评。",
            "A correction is a new revision; the original is kept. Records the bureau entered (imported, rated "
            "on site) and assessments of closed rounds cannot be corrected here: start a new round from their "
            "answers above instead.",
        )
    )
    if not reopenable:
        st.stop()
    pick = st.selectbox(
        tr(lang, "要修改的评估（生成新的修订版）", "Assessment to correct (new revision)"),
        [r["id"] for r in reopenable],
        key="reopen_pick",
        format_func=lambda i: next(shown(r) for r in reopenable if r["id"] == i),
    )
    if st.button(tr(lang, "重新打开", "Reopen"), key="reopen"):
        with errors.shown(lang):
            new_id = lifecycle.reopen(store, who, pick)
            st.session_state["assessment_id"] = new_id
            st.switch_page("ui/pages/answer.py")
