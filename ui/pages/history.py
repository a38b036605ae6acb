"""History: every round, progress between rounds, and a re-assessment that starts from the
previous answers."""

from __future__ import annotations

import datetime

import streamlit as st

from assessment import lifecycle
from assessment.errors import AssessmentError
from questionnaires import available
from ui import result_view, sign_in_form, state
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
result_view.history(store, who, rows, lang)
done = [r for r in rows if r["status"] == "submitted"]

st.subheader(tr(lang, "开始新一轮评估", "Start a new round"))
if done:
    with st.form("reassess_form"):
        base = st.selectbox(
            tr(lang, "以哪次评估的答案为起点", "Start from the answers of"),
            [r["id"] for r in done],
            format_func=lambda i: next(
                f"{banks[r['questionnaire']].title.get(lang)} · {r['round']}" for r in done if r["id"] == i
            ),
            key="reassess_base",
        )
        round_ = st.text_input(
            tr(lang, "新轮次", "New round"), value=str(datetime.date.today().year), key="reassess_round"
        )
        if st.form_submit_button(tr(lang, "开始", "Start"), type="primary"):
            source = next(r for r in done if r["id"] == base)
            try:
                new_id = lifecycle.reassess(
                    store, who, who.credit_code, source["questionnaire"], round_, start_from=base
                )
            except AssessmentError as exc:
                state.error_box(exc, lang)
            else:
                st.session_state["assessment_id"] = new_id
                st.switch_page("ui/pages/answer.py")
    reopenable = [r for r in done]
    pick = st.selectbox(
        tr(lang, "修改已提交的评估（生成新的修订版）", "Correct a submitted assessment (new revision)"),
        [r["id"] for r in reopenable],
        key="reopen_pick",
        format_func=lambda i: f"#{i}",
    )
    if st.button(tr(lang, "重新打开", "Reopen"), key="reopen"):
        try:
            new_id = lifecycle.reopen(store, who, pick)
        except AssessmentError as exc:
            state.error_box(exc, lang)
        else:
            st.session_state["assessment_id"] = new_id
            st.switch_page("ui/pages/answer.py")
