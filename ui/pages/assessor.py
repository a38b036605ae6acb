"""The assessor's page (评估人员): the assessments the bureau assigned to it; for one of them the
self-assessment's answers and doubt flags beside the verified answer and a comment per item (a
DCMM item's level; an SME question or scenario; a CMMM sub-domain's level or "not applicable", or
its requirements one by one, with the path and the verified estimate so far),
requests for more evidence and the enterprise's answers, and the submission of the verification
(an on-site record of its own, scored like every other record)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import lifecycle, verification
from assessment.answers import NOT_APPLICABLE, PATH_KEY, UNSURE, check_answers, check_id
from assessment.cmmm_scoring import QUICK_NA, quick_code
from assessment.doubt import FLAG_NAMES, SEVERITY_NAMES
from assessment.errors import AssessmentError
from assessment.scoring import score
from questionnaires import available
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire
from ui import errors, evidence_panel, questions, sign_in_form, state, verification_view
from ui.i18n import current, tr
from ui.markup import plain

lang = current()
who = sign_in_form.require(lang, role="assessor")
store = state.store()
banks = available()
st.title(tr(lang, "现场核查", "On-site verification"))

errors.show_kept(lang)

rows = verification.assignments(store, who)
if not rows:
    st.info(tr(lang, "主管部门尚未给您安排核查任务。", "The bureau has not assigned you any assessment yet."))
    st.stop()

STATES = {
    None: ("待核查", "To verify"),
    "draft": ("核查中", "In progress"),
    "submitted": ("已提交", "Submitted"),
}


def state_of(r: dict) -> str:
    return STATES[r["onsite_status"]][lang == "en"]


def title_of(r: dict) -> str:
    return banks[r["questionnaire"]].title.get(lang) if r["questionnaire"] in banks else r["questionnaire"]


st.dataframe(
    pd.DataFrame(
        {
            tr(lang, "评估", "Assessment"): [r["assessment_id"] for r in rows],
            tr(lang, "企业", "Enterprise"): [r["name"] for r in rows],
            tr(lang, "问卷", "Questionnaire"): [title_of(r) for r in rows],
            tr(lang, "轮次", "Round"): [r["round"] for r in rows],
            tr(lang, "自评等级", "Self-assessed level"): [r["level"] for r in rows],
            tr(lang, "状态", "State"): [state_of(r) for r in rows],
            tr(lang, "安排时间（UTC）", "Assigned (UTC)"): [r["assigned_at"].replace("T", " ")[:16] for r in rows],
        }
    ),
    hide_index=True,
    width="stretch",
    key="assignments_table",
)
by_id = {r["assessment_id"]: r for r in rows}
self_id = st.selectbox(
    tr(lang, "要核查的评估", "Assessment to verify"),
    list(by_id),
    format_func=lambda i: (
        f"#{i} · {by_id[i]['name']} · {title_of(by_id[i])} · {by_id[i]['round']} · " + state_of(by_id[i])
    ),
    key="assessor_pick",
)
row = by_id[self_id]
st.header(plain(row["name"]))

if row["onsite_status"] == "submitted":
    verification_view.side_by_side(store, who, self_id, lang, key="assessor_")
    st.stop()

with errors.shown(lang, stop=True):
    self_row = lifecycle.get(store, who, self_id)
    self_answers = lifecycle.answers(store, who, self_id)
    self_result = lifecycle.result(store, who, self_id)
    flags = verification.flags_of(store, who, self_id)
    requests = verification.evidence_requests(store, who, self_id)
q = lifecycle.questionnaire_of(self_row)

st.subheader(tr(lang, "疑点", "Doubt flags"))
if not flags:
    st.caption(tr(lang, "本评估没有疑点。", "No doubt flags on this assessment."))
for f in flags:
    name, severity = FLAG_NAMES[f.code][lang], SEVERITY_NAMES[f.severity][lang]
    st.markdown(tr(lang, f"- **{name}**（{severity}）：{f.zh}", f"- **{name}** ({severity}): {f.en}"))

evidence_panel.show_all(store, who, self_row, q, lang)  # read only for an assessor; downloads audited

if row["onsite_id"] is None:
    st.caption(
        tr(
            lang,
            "开始核查会生成一条现场核查记录，以企业的自评答案为起点；逐项填写核查结果和意见后提交。",
            "Starting creates an on-site record that begins with the enterprise's own answers; record the verified "
            "answer and a comment item by item, then submit.",
        )
    )
    if st.button(tr(lang, "开始核查", "Start the verification"), type="primary", key="start_verification"):
        with errors.shown(lang):
            verification.start(store, who, self_id)
            st.rerun()
    st.stop()

onsite = row["onsite_id"]
verified = lifecycle.answers(store, who, onsite)
notes = verification.comments(store, who, onsite)


def save_level(item_id: str, key: str) -> None:
    with errors.kept():
        lifecycle.save_answer(state.store(), state.actor(), onsite, item_id, st.session_state[key])


def save_comment(item_id: str, key: str) -> None:
    with errors.kept():
        verification.save_comment(state.store(), state.actor(), onsite, item_id, st.session_state[key])


def comment_box(item_id: str) -> None:
    key = f"comment_{onsite}_{item_id}"
    st.session_state.setdefault(key, notes.get(item_id, ""))
    st.text_input(tr(lang, "核查意见", "Comment"), key=key, max_chars=1000, on_change=save_comment, args=(item_id, key))


st.subheader(tr(lang, "逐项核查", "Item by item"))
st.caption(
    tr(
        lang,
        "左侧为企业自评，右侧为核查结果；每项修改即时保存。未改动的项目保持自评答案。",
        "The enterprise's answer on the left, the verified one on the right; every change is saved at once. "
        "Items left alone keep the self-assessed answer.",
    )
)
if isinstance(q, DcmmQuestionnaire):
    for area in q.areas:
        st.markdown(f"**{area.name.get(lang)}**")
        for item in area.items:
            own = self_result["items"][item.id]["level"]
            unsure = self_answers.get(item.id) == UNSURE
            key = f"verified_{onsite}_{item.id}"
            given = verified.get(item.id)
            st.session_state.setdefault(key, given if isinstance(given, int) else own)
            left, middle, right = st.columns([3, 1, 3])
            left.markdown(
                f"{verification_view.item_name(q, item.id, lang)}  \n"
                + tr(lang, f"自评：第 {own} 级", f"Self-assessed: level {own}")
                + (tr(lang, "（不确定）", " (not sure)") if unsure else "")
                + (tr(lang, " · :orange[与自评不同]", " · :orange[differs]") if st.session_state[key] != own else "")
            )
            middle.selectbox(
                tr(lang, "核查等级", "Verified level"),
                [1, 2, 3, 4, 5],
                key=key,
                on_change=save_level,
                args=(item.id, key),
            )
            with right:
                comment_box(item.id)
elif isinstance(q, CmmmQuestionnaire):
    try:  # the verified estimate so far, scored by the same scorer as the submission
        live = score(q, check_answers(q, verified))
    except AssessmentError:
        live = None
    own_path, now_path = self_result.get("path"), verified.get(PATH_KEY, self_result.get("path"))
    st.caption(q.estimate_note.get(lang) if q.estimate_note else "")
    st.caption(
        tr(
            lang,
            "现场核查的结果仍是本工具按自评方法得出的估算，不等于按 GB/T 39117 认证的等级。",
            "The verified result is still this tool's estimate by the self-assessment method, not a level "
            "certified under GB/T 39117.",
        )
    )
    c1, c2 = st.columns(2)
    c1.metric(
        tr(lang, "自评等级（估算）", "Self-assessed level (estimate)"),
        verification_view.level_text(q, self_result["overall"]["level"], lang),
    )
    if live is not None:
        c2.metric(
            tr(lang, "核查等级（估算，当前）", "Verified level (estimate, so far)"),
            verification_view.level_text(q, live["overall"]["level"], lang),
            delta=(live["overall"]["level"] - self_result["overall"]["level"]) or None,
        )
    path_key = f"verified_{onsite}_{PATH_KEY}"
    st.session_state.setdefault(path_key, now_path)
    st.selectbox(
        tr(lang, "制造类型（核查）", "Manufacturing path (verified)"),
        list(q.paths),
        format_func=lambda p: q.path_names[p].get(lang),
        key=path_key,
        on_change=save_level,
        args=(PATH_KEY, path_key),
        help=tr(lang, "企业自评：", "Self-assessed: ")
        + (q.path_names[own_path].get(lang) if own_path in q.paths else "—"),
    )
    value_names = {
        q.scoring.values["full"]: tr(lang, "全部满足", "fully met"),
        q.scoring.values["mostly"]: tr(lang, "大部分满足", "mostly met"),
        q.scoring.values["partly"]: tr(lang, "部分满足", "partly met"),
        q.scoring.values["none"]: tr(lang, "不满足", "not met"),
    }

    def by_requirement(sub_id: str) -> None:
        for k in [f"verified_{onsite}_{rid}" for rid in q.subdomain_by_id[sub_id].requirement_ids]:
            st.session_state.pop(k, None)
        with errors.kept():
            verification.detail_subdomain(state.store(), state.actor(), onsite, sub_id)

    def as_level(sub_id: str, level: int) -> None:
        st.session_state.pop(f"verified_{onsite}_{sub_id}", None)
        with errors.kept():
            lifecycle.save_answer(state.store(), state.actor(), onsite, sub_id, level)

    def level_option(v: object) -> str:
        return verification_view.level_text(q, None if v == NOT_APPLICABLE else v, lang)  # type: ignore[arg-type]

    for element in q.elements:
        st.markdown(f"**{element.name.get(lang)}**")
        for sub in (s for domain in element.domains for s in domain.subdomains):
            own = self_result["subdomains"][sub.id]
            mine = self_answers.get(sub.id)
            with st.container(border=True):
                left, middle, right = st.columns([3, 2, 3])
                own_text = tr(lang, "自评：", "Self-assessed: ") + verification_view.level_text(q, own["level"], lang)
                if mine == UNSURE:
                    own_text += tr(lang, "（不确定）", " (not sure)")
                elif own["mode"] == "detailed":
                    own_text += tr(lang, "（逐条作答）", " (requirement by requirement)")
                if (checked := self_answers.get(check_id(sub.id))) is not None:
                    own_text += tr(lang, " · 核对题：", " · check: ") + (
                        tr(lang, "是", "yes") if checked else tr(lang, "否", "no")
                    )
                now_level = live["subdomains"][sub.id]["level"] if live else None
                if live and now_level != own["level"]:
                    own_text += tr(lang, " · :orange[与自评不同]", " · :orange[differs]")
                left.markdown(f"{verification_view.item_name(q, sub.id, lang)}  \n{own_text}")
                if mine == NOT_APPLICABLE and sub.na_reason:
                    left.caption(
                        tr(lang, "企业标为不适用。允许的情形：", "Marked not applicable. Allowed when: ")
                        + sub.na_reason.get(lang)
                    )
                if now_path in q.paths and not q.applies(sub.id, now_path):
                    middle.caption(tr(lang, "不在所选制造类型的评估范围内", "Not assessed on the chosen path"))
                    with right:
                        comment_box(sub.id)
                    continue
                detailed = sub.id not in verified and any(rid in verified for rid in sub.requirement_ids)
                if detailed:
                    middle.markdown(tr(lang, "核查：", "Verified: ") + verification_view.level_text(q, now_level, lang))
                    middle.button(
                        tr(lang, "改为按等级核查", "Verify as a level"),
                        key=f"as_level_{onsite}_{sub.id}",
                        on_click=as_level,
                        args=(sub.id, now_level or 0),
                    )
                else:
                    options: list = list(q.overall_levels) + ([NOT_APPLICABLE] if sub.may_be_na else [])
                    key = f"verified_{onsite}_{sub.id}"
                    code = quick_code(q, sub.id, verified)  # what the answer counts as: "not sure", a "no"
                    start = NOT_APPLICABLE if code == QUICK_NA else code if code >= 0 else (own["level"] or 0)
                    st.session_state.setdefault(key, start)
                    middle.selectbox(
                        tr(lang, "核查等级", "Verified level"),
                        options,
                        format_func=level_option,
                        key=key,
                        on_change=save_level,
                        args=(sub.id, key),
                    )
                    middle.button(
                        tr(lang, "逐条核查要求", "Verify requirement by requirement"),
                        key=f"by_req_{onsite}_{sub.id}",
                        on_click=by_requirement,
                        args=(sub.id,),
                    )
                with right:
                    comment_box(sub.id)
                if detailed:
                    with st.expander(tr(lang, "逐条要求", "Requirements"), expanded=True):
                        for r in sub.requirements:
                            key = f"verified_{onsite}_{r.id}"
                            st.session_state.setdefault(key, verified.get(r.id, q.scoring.values["none"]))
                            a, b = st.columns([5, 2])
                            own_value = self_answers.get(r.id)
                            a.markdown(
                                tr(lang, f"**{r.level} 级** ", f"**L{r.level}** ")
                                + plain(r.text.get(lang))
                                + "  \n"
                                + tr(lang, "自评：", "Self-assessed: ")
                                + (value_names.get(own_value, "—") if own_value is not None else "—")
                            )
                            a.caption(tr(lang, "佐证：", "Evidence: ") + plain(r.evidence.get(lang)))
                            b.selectbox(
                                tr(lang, "核查", "Verified"),
                                sorted(value_names, reverse=True),
                                format_func=value_names.get,
                                key=key,
                                on_change=save_level,
                                args=(r.id, key),
                            )
else:
    for question in q.questions:
        with st.container(border=True):
            own = self_answers.get(question.id)
            st.caption(tr(lang, "自评答案：", "Self-assessed answer: ") + ("—" if own is None else str(own)))
            {"single": questions.single, "multi": questions.multi, "band": questions.band}[question.type](
                onsite, question, verified, lang
            )
            comment_box(question.id)
    for sc in q.scenarios:
        with st.container(border=True):
            own = self_answers.get(sc.id)
            st.caption(tr(lang, "自评等级：", "Self-assessed level: ") + ("—" if own is None else str(own)))
            questions.scenario(onsite, sc, verified, lang)
            comment_box(sc.id)

st.subheader(tr(lang, "要求补充材料", "Ask for more evidence"))
for r in requests:
    with st.container(border=True):
        st.markdown(tr(lang, "要求：", "Request: ") + r["request"])
        if r["answer"]:
            st.markdown(tr(lang, "企业回复：", "The enterprise's answer: ") + r["answer"])
        else:
            st.caption(tr(lang, "企业尚未回复。", "Not answered yet."))
with st.form("evidence_request_form", clear_on_submit=True):
    asked = st.text_area(
        tr(lang, "需要企业补充的材料或说明", "What the enterprise should add"),
        max_chars=1000,
        key="evidence_request_text",
    )
    if st.form_submit_button(tr(lang, "发送要求", "Send the request"), key="evidence_request_send"):
        with errors.shown(lang):
            verification.ask_for_evidence(store, who, self_id, asked)
            st.rerun()

st.subheader(tr(lang, "提交核查", "Submit the verification"))
st.caption(
    tr(
        lang,
        "提交后核查结果成为一条现场评测记录（来源：现场），署您的名字和提交时间；企业不能修改，更正由主管部门进行。",
        "Once submitted, the verification is an on-site record (source: on site) signed with your name and the "
        "time; the enterprise cannot change it, and the bureau makes any correction.",
    )
)
if st.button(tr(lang, "提交核查", "Submit the verification"), type="primary", key="submit_verification"):
    with errors.shown(lang):
        verification.submit(store, who, onsite)
        st.rerun()
