"""The assessor's requests for more evidence, as the enterprise sees and answers them: an answer
in words and, while a request is unanswered, the assessment's evidence files to add to. Shown on
the enterprise's history page."""

from __future__ import annotations

import streamlit as st

from assessment import evidence, lifecycle, verification
from assessment.access import Actor
from assessment.db import Store
from assessment.errors import AssessmentError
from questionnaires import available
from ui import errors, evidence_panel
from ui.i18n import tr


def show(store: Store, who: Actor, lang: str) -> None:
    """Open requests (their verification not yet submitted), each with an answer box."""
    rows = verification.open_requests(store, who, who.credit_code)
    if not rows:
        return
    banks = available()
    st.subheader(tr(lang, "核查人员要求补充的材料", "Evidence the assessor asks for"))
    st.caption(
        tr(
            lang,
            "现场核查期间，评估人员可要求补充说明或材料；请在核查提交前回复。",
            "While verifying on site, the assessor may ask for more evidence; please answer before the "
            "verification is submitted.",
        )
    )
    for r in rows:
        title = banks[r["questionnaire"]].title.get(lang) if r["questionnaire"] in banks else r["questionnaire"]
        with st.container(border=True):
            st.markdown(f"**{title} · {r['round']} · #{r['assessment_id']}**")
            st.markdown(tr(lang, "要求：", "Request: ") + r["request"])
            if r["answer"]:
                st.caption(tr(lang, "已回复：", "Answered: ") + r["answer"])
            key = f"evidence_answer_{r['id']}"
            text = st.text_area(tr(lang, "回复", "Answer"), value=r["answer"] or "", key=key, max_chars=1000)
            if st.button(tr(lang, "发送回复", "Send the answer"), key=f"evidence_send_{r['id']}"):
                with errors.shown(lang):
                    verification.answer_evidence(store, who, r["id"], text)
                    st.rerun()
    # files: on each assessment asked about, while evidence is open (until the request is answered)
    for aid in dict.fromkeys(r["assessment_id"] for r in rows):
        try:
            row = lifecycle.get(store, who, aid)
        except AssessmentError as exc:
            errors.box(exc, lang)
            continue
        if evidence.may_attach(store, who, row):
            st.caption(
                tr(
                    lang,
                    f"#{aid}：回复前可在下方补充佐证文件；发送回复后不能再添加。",
                    f"#{aid}: add evidence files below before answering; once answered, no more can be added.",
                )
            )
            evidence_panel.show_all(store, who, row, lifecycle.questionnaire_of(row), lang)
