"""Answering: one section at a time, a progress bar, level descriptions and evidence hints at
hand, each answer saved the moment it is given; a review step and submit."""

from __future__ import annotations

import streamlit as st

from assessment import evidence, lifecycle
from assessment.answers import NOT_APPLICABLE, PATH_KEY, missing_checks
from assessment.errors import AssessmentError
from assessment.sections import answer_mode, answered_in, sections, unanswered
from benchmarks import cohorts
from questionnaires import available
from questionnaires.schema import QuickCompanion
from ui import errors, evidence_panel, filters, round_picker, sign_in_form, state
from ui import questions as widgets
from ui.i18n import current, tr

lang = current()
who = sign_in_form.require(lang)
store = state.store()
st.title(tr(lang, "填写问卷", "Answer a questionnaire"))


def open_assessment(assessment_id: int) -> None:
    st.session_state["assessment_id"] = assessment_id
    st.query_params["a"] = str(assessment_id)


# ------------------------------------------------------------------ which assessment
if "assessment_id" not in st.session_state and st.query_params.get("a", "").isdigit():
    st.session_state["assessment_id"] = int(st.query_params["a"])
# the enterprise's own drafts (a correction the bureau has open on one of its records is not
# one); the list is read only while no assessment is open (not on every answer's rerun)
opened = "assessment_id" in st.session_state
drafts = (
    []
    if opened
    else [
        r
        for r in lifecycle.assessments_of(store, who, who.credit_code)
        if r["status"] == "draft" and lifecycle.may_write(who, r)
    ]
)
if "assessment_id" not in st.session_state and len(drafts) == 1:
    open_assessment(drafts[0]["id"])

if "assessment_id" not in st.session_state:
    banks = available()
    if drafts:
        st.subheader(tr(lang, "继续未完成的问卷", "Continue a draft"))
        for d in drafts:
            label = f"{banks[d['questionnaire']].title.get(lang)} · {d['round']}"
            if st.button(label, key=f"resume_{d['id']}"):
                open_assessment(d["id"])
                st.rerun()
    st.subheader(tr(lang, "开始新的评估", "Start an assessment"))
    with st.form("start_form"):
        qid = st.selectbox(
            tr(lang, "问卷", "Questionnaire"),
            filters.questionnaire_ids(),
            format_func=lambda i: banks[i].title.get(lang),
            key="start_q",
        )
        round_ = round_picker.show(store, lang, "start_round", tr(lang, "评估轮次", "Round"))
        mode = st.radio(
            tr(lang, "填写方式（DCMM、智能制造能力成熟度）", "Mode (DCMM, smart-manufacturing maturity)"),
            ["quick", "detailed"],
            horizontal=True,
            key="start_mode",
            format_func=lambda m: {
                "quick": tr(lang, "快速模式（每项选等级）", "Quick (a level per item)"),
                "detailed": tr(lang, "详细模式（逐条判断）", "Detailed (each criterion)"),
            }[m],
            help=tr(
                lang,
                "对 DCMM 和智能制造能力成熟度问卷有效；填写中也可以切换",
                "For the DCMM and smart-manufacturing maturity questionnaires; it can be switched while answering",
            ),
        )
        if st.form_submit_button(tr(lang, "开始", "Start"), type="primary", disabled=round_ is None):
            with errors.shown(lang):
                new_id = lifecycle.start_or_resume(store, who, who.credit_code, qid, round_)
                st.session_state[f"mode_{new_id}"] = mode
                open_assessment(new_id)
                st.rerun()
    st.stop()

# ------------------------------------------------------------------ the open assessment
aid = st.session_state["assessment_id"]
try:
    row = lifecycle.get(store, who, aid)
except AssessmentError as exc:
    st.session_state.pop("assessment_id", None)
    errors.box(exc, lang)
    st.stop()
if row["status"] == "draft" and not lifecycle.may_write(who, row):
    st.info(
        tr(
            lang,
            "该评估是主管部门录入的记录，正由主管部门更正，企业不能修改。",
            "This is a record the bureau entered and is correcting; the enterprise cannot change it.",
        )
    )
    st.session_state.pop("assessment_id")
    st.query_params.pop("a", None)
    st.stop()
if row["status"] != "draft":
    st.info(tr(lang, "该评估已提交，可在“评估结果”中查看。", "This assessment is submitted; see Results."))
    if st.button(tr(lang, "选择其他问卷", "Choose another"), key="leave_submitted"):
        st.session_state.pop("assessment_id")
        st.query_params.pop("a", None)
        st.rerun()
    evidence_panel.show_all(store, who, row, lifecycle.questionnaire_of(row), lang)
    st.stop()

q = lifecycle.questionnaire_of(row)
saved = lifecycle.answers(store, who, aid)
MODES = {
    "quick": tr(lang, "快速模式（每项选等级）", "Quick (a level per item)"),
    "detailed": tr(lang, "详细模式（逐条判断）", "Detailed (each criterion)"),
}
has_modes = isinstance(q, QuickCompanion)  # a bank with a quick mode (a level per item) and a detailed one
if not has_modes:
    mode = "sme"
else:
    # the mode the answers are in (or the one chosen at the start) until the user switches
    mode_key = f"answer_mode_{aid}"
    if st.session_state.get(mode_key) not in MODES:
        st.session_state[mode_key] = answer_mode(q, saved, st.session_state.get(f"mode_{aid}", "quick"))
    mode = st.session_state[mode_key]
parts = sections(q, mode if has_modes else "quick")
required = sum(len(s.required) for s in parts)
done = sum(answered_in(s, saved, q) for s in parts)
attached = evidence_panel.by_question(evidence.list_for(store, who, aid))
may_attach = evidence.may_attach(store, who, row)


def evidence_for(qid: str) -> None:
    evidence_panel.show(store, who, aid, qid, attached.get(qid, []), lang, editable=may_attach)


st.caption(
    f"{q.title.get(lang)} · {tr(lang, '轮次', 'round')} {row['round']} · "
    + tr(lang, "答案已自动保存", "answers are saved automatically")
)
st.progress(
    done / required if required else 1.0,
    text=tr(lang, f"已完成 {done} / {required} 题", f"{done} of {required} answered"),
)
errors.show_kept(lang)
if has_modes:
    st.segmented_control(
        tr(lang, "填写方式", "Mode"),
        list(MODES),
        format_func=MODES.get,
        key=mode_key,
        help=tr(
            lang,
            "可随时切换：已回答的项保留；在另一种方式下回答某项，会替换该项原来的回答。",
            "Switch at any time: answered items stay; answering an item the other way replaces its answer.",
        ),
    )
if note := getattr(q, "estimate_note", None):  # a bank whose level is an estimate says so
    st.caption(":material/info: " + note.get(lang))

names = [s.id for s in parts] + ["review"]
labels = {s.id: s.name.get(lang) for s in parts}
labels["review"] = tr(lang, "检查并提交", "Review and submit")
section_key = f"section_{aid}"
if section_key not in st.session_state:
    st.session_state[section_key] = next((s.id for s in parts if answered_in(s, saved, q) < len(s.required)), "review")
current_section = st.selectbox(tr(lang, "章节", "Section"), names, format_func=labels.get, key=section_key)
if current_section != "review":
    here = next(s for s in parts if s.id == current_section)
    st.caption(
        tr(
            lang,
            f"本节已答 {answered_in(here, saved, q)} / {len(here.required)} 题",
            f"{answered_in(here, saved, q)} of {len(here.required)} answered in this section",
        )
    )


def move(step: int) -> None:
    i = names.index(st.session_state[section_key])
    st.session_state[section_key] = names[max(0, min(len(names) - 1, i + step))]


def cmmm_section(section) -> None:
    """A CMMM section: the path; a domain's sub-domains (quick); a sub-domain's requirements
    level by level (detailed). Only sub-domains on the chosen path are shown."""
    path = saved.get(PATH_KEY)
    if section.id == PATH_KEY:
        with st.container(border=True):
            widgets.cmmm_path(aid, q, saved, lang)
        return
    if path not in q.paths:
        st.info(
            tr(
                lang,
                "请先在“制造类型”一节选择离散型制造或流程型制造：它决定要回答哪些子域。",
                "First choose discrete or process manufacturing in the section 'Manufacturing type': "
                "it decides which sub-domains are asked.",
            ),
            icon=":material/arrow_upward:",
        )
        st.button(
            tr(lang, "去选择制造类型", "Choose the manufacturing type"),
            key="to_path",
            on_click=lambda: st.session_state.update({section_key: PATH_KEY}),
        )
        return
    path_name = q.path_names[path].get(lang)
    if mode == "quick":
        domain = next(d for d in q.domains if d.id == section.id)
        subs = [s for s in domain.subdomains if q.applies(s.id, path)]
        if not subs:
            st.info(tr(lang, f"本领域不评估{path_name}企业。", f"This domain is not assessed for {path_name.lower()}."))
            return
        widgets.quick_mode_guide(lang, q)
        for sub in subs:
            with st.container(border=True):
                widgets.quick_level(aid, q, sub.id, saved, lang)
                evidence_for(sub.id)
        return
    sub = q.subdomain_by_id[section.id]
    if not q.applies(sub.id, path):
        st.info(tr(lang, f"本子域不评估{path_name}企业。", f"This sub-domain is not assessed for {path_name.lower()}."))
        return
    with st.container(border=True):
        st.markdown(f"**{sub.name.get(lang)}**")
        st.caption(sub.purpose.get(lang))
        if widgets.not_applicable(aid, sub, saved, lang):
            st.info(
                tr(
                    lang,
                    "已标为不适用：本子域不计入得分。",
                    "Marked not applicable: this sub-domain is left out of the score.",
                )
            )
            return
        if saved.get(sub.id, NOT_APPLICABLE) != NOT_APPLICABLE:
            st.caption(
                tr(
                    lang,
                    "本子域已在快速模式中选择了等级；在这里逐条回答将替换该等级。",
                    "This sub-domain has a quick-mode level; answering its requirements here replaces it.",
                )
            )
        for level in (lv.level for lv in q.levels):
            reqs = [r for r in sub.requirements if r.level == level]
            if not reqs:
                continue
            name = q.level_name(level).get(lang)
            st.markdown(tr(lang, f"**第 {level} 级（{name}）**", f"**Level {level} ({name})**"))
            for req in reqs:
                widgets.requirement(aid, q, req, saved, lang)
        evidence_for(sub.id)


if current_section == "review":
    missing = {s.name.get(lang): unanswered(s, saved, q) for s in parts}
    total_missing = sum(len(ids) for ids in missing.values())
    if total_missing:
        st.warning(tr(lang, f"还有 {total_missing} 题未回答：", f"{total_missing} questions are unanswered:"))
        for name, ids in missing.items():
            if ids:
                st.markdown(f"- **{name}**：{len(ids)} " + tr(lang, "题", "questions"))
    else:
        st.success(tr(lang, "全部题目已回答，可以提交。", "Every question is answered; you can submit."))
    if pending := missing_checks(q, saved):
        st.warning(
            tr(
                lang,
                f"还有 {len(pending)} 道核对题未回答；未核对的等级按所选等级计：",
                f"{len(pending)} checks are unanswered; an unchecked level counts as chosen:",
            )
        )
    if st.button(tr(lang, "提交评估", "Submit"), type="primary", key="submit"):
        with errors.shown(lang):
            cohorts.submit(store, who, aid)
            st.session_state["results_assessment"] = aid
            st.session_state.pop("assessment_id", None)
            st.query_params.pop("a", None)
            st.switch_page("ui/pages/results.py")
else:
    section = next(s for s in parts if s.id == current_section)
    if q.kind == "cmmm":
        cmmm_section(section)
    elif q.kind == "dcmm":
        area = next(a for a in q.areas if a.id == section.id)
        if mode == "quick":
            widgets.quick_mode_guide(lang, q)
        for item in area.items:
            with st.container(border=True):
                if mode == "quick":
                    widgets.quick_level(aid, q, item.id, saved, lang)
                else:
                    st.markdown(f"**{item.clause} {item.name.get(lang)}**")
                    st.caption(item.purpose.get(lang))
                    for level in item.criteria_by_level:  # levels 2-5: level 1 has no criteria
                        name = q.level_name(level).get(lang)
                        st.markdown(tr(lang, f"第 {level} 级（{name}）", f"Level {level} ({name})"))
                        for criterion in (c for c in item.criteria if c.level == level):
                            widgets.dcmm_criterion(aid, criterion, saved, lang)
                evidence_for(item.id)
    elif all(sid in q.scenario_by_id for sid in section.required):  # an SME scenario group
        for sid in section.required:
            with st.container(border=True):
                widgets.scenario(aid, q.scenario_by_id[sid], saved, lang)
                evidence_for(sid)
    else:
        for qid in section.required:
            question = q.question_by_id[qid]
            with st.container(border=True):
                st.markdown(f"**{question.name.get(lang)}**")
                getattr(widgets, question.type)(aid, question, saved, lang)
                widgets.figures(aid, question, saved, lang)
                if question.note:
                    st.caption(":material/info: " + question.note.get(lang))
                evidence_for(qid)
c1, c2 = st.columns(2)
c1.button(
    tr(lang, "上一节", "Previous section"),
    on_click=move,
    args=(-1,),
    key="prev_section",
    disabled=names.index(current_section) == 0,
)
c2.button(
    tr(lang, "下一节", "Next section"),
    on_click=move,
    args=(1,),
    key="next_section",
    disabled=current_section == "review",
)
