"""History: every round, progress between rounds, and a re-assessment that starts from the
previous answers."""

from __future__ import annotations

import datetime

import pandas as pd
import streamlit as st

from assessment import lifecycle
from assessment.errors import AssessmentError
from benchmarks.editions import map_result
from questionnaires import available, get
from ui import charts, sign_in_form, state
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
status = {"draft": tr(lang, "填写中", "draft"), "submitted": tr(lang, "已提交", "submitted")}
st.dataframe(
    pd.DataFrame(
        {
            "#": [r["id"] for r in rows],
            tr(lang, "问卷", "Questionnaire"): [banks[r["questionnaire"]].title.get(lang) for r in rows],
            tr(lang, "轮次", "Round"): [r["round"] for r in rows],
            tr(lang, "状态", "Status"): [status[r["status"]] for r in rows],
            tr(lang, "得分", "Score"): [None if r["score"] is None else round(r["score"], 2) for r in rows],
            tr(lang, "等级", "Level"): [r["level"] for r in rows],
            tr(lang, "修订自", "Revision of"): [r["revision_of"] for r in rows],
            tr(lang, "提交时间", "Submitted"): [r["submitted_at"] for r in rows],
        }
    ),
    hide_index=True,
    use_container_width=True,
)


def areas_on(r: dict, target) -> dict[str, float]:
    """Area scores of a result on ``target``'s areas (a 2018 result goes through the item mapping)."""
    res = lifecycle.result(store, who, r["id"])
    if r["questionnaire"] == target.id:
        return {k: v["score"] for k, v in res["areas"].items()}
    return map_result(get(r["questionnaire"], r["version"]), target, res)


# the latest submitted revision per questionnaire family and round
done = [r for r in rows if r["status"] == "submitted"]
latest: dict[tuple[str, str], dict] = {}
for r in sorted(done, key=lambda r: r["id"]):
    family = "dcmm" if r["questionnaire"].startswith("dcmm") else r["questionnaire"]
    latest[(family, r["round"])] = r
for family in sorted({f for f, _ in latest}):
    runs = [latest[k] for k in sorted(latest) if k[0] == family]
    if len(runs) < 2:
        continue
    title = (
        tr(lang, "DCMM 各轮得分", "DCMM score by round")
        if family == "dcmm"
        else tr(lang, "数字化水平各轮得分", "SME score by round")
    )
    st.plotly_chart(
        charts.progress([r["round"] for r in runs], [r["score"] for r in runs], [r["level"] for r in runs], title),
        use_container_width=True,
        key=f"prog_{family}",
    )
    if family == "dcmm":
        before, after = runs[-2], runs[-1]
        target = get(after["questionnaire"], after["version"])

        labels = {a.id: a.name.get(lang) for a in target.areas}
        st.plotly_chart(
            charts.grouped_bars(
                labels, {before["round"]: areas_on(before, target), after["round"]: areas_on(after, target)}
            ),
            use_container_width=True,
            key="prog_areas",
        )
        if before["questionnaire"] != after["questionnaire"]:
            st.caption(
                tr(
                    lang,
                    "2018 版结果已按能力项对应关系换算到 2025 版能力域。",
                    "The 2018 result is expressed on the 2025 areas through the item mapping.",
                )
            )

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
