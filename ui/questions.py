"""Question widgets: one function per kind of question. Each owns its session-state key and
saves the answer through the core the moment it changes (on_change), so nothing is lost on a
refresh or a crash."""

from __future__ import annotations

import functools

import streamlit as st

from assessment import lifecycle
from assessment.answers import UNSURE, check_id, needs_check
from assessment.errors import AssessmentError
from questionnaires import get
from questionnaires.glossary import glossary
from ui import state
from ui.i18n import tr


def widget_key(assessment_id: int, question_id: str) -> str:
    return f"q_{assessment_id}_{question_id}"


def _save(assessment_id: int, question_id: str, key: str, convert, previous) -> None:
    """on_change callback: save the widget's value, or restore the saved one on a refusal."""
    value = convert(st.session_state[key])
    try:
        lifecycle.save_answer(state.store(), state.actor(), assessment_id, question_id, value)
        st.session_state.pop("save_error", None)
    except AssessmentError as exc:
        st.session_state["save_error"] = exc
        st.session_state[key] = previous


def _prime(key: str, value) -> None:
    """Show the stored answer the first time a widget is drawn in this session."""
    if key not in st.session_state:
        st.session_state[key] = value


def _hook(aid: int, qid: str, key: str, convert, shown):
    return {"on_change": _save, "args": (aid, qid, key, convert, shown)}


def _identity(value):
    return value


def _multi(value):
    return list(value) or None


def _number(value):
    return None if value is None else float(value)


def single(aid: int, question, answers: dict, lang: str) -> None:
    key = widget_key(aid, question.id)
    _prime(key, answers.get(question.id))
    labels = {
        o.id: f"{o.text.get(lang)}（{o.points:g} 分）" if lang == "zh" else f"{o.text.get(lang)} ({o.points:g} pt)"
        for o in question.options
    }
    st.radio(
        question.text.get(lang),
        list(labels),
        format_func=labels.get,
        index=None,
        key=key,
        **_hook(aid, question.id, key, _identity, st.session_state[key]),
    )


def multi(aid: int, question, answers: dict, lang: str) -> None:
    key = widget_key(aid, question.id)
    _prime(key, answers.get(question.id) or [])
    labels = {o.id: o.text.get(lang) for o in question.options}
    st.multiselect(
        question.text.get(lang),
        list(labels),
        format_func=labels.get,
        key=key,
        placeholder=tr(lang, "可多选；都没有请选“以上均无”", "Tick all that apply, or 'none of these'"),
        **_hook(aid, question.id, key, _multi, list(st.session_state[key])),
    )


def band(aid: int, question, answers: dict, lang: str) -> None:
    key = widget_key(aid, question.id)
    _prime(key, answers.get(question.id))
    unit = question.unit.get(lang) if question.unit else ""
    low, high = question.bands[0].min, question.bands[-1].max
    st.number_input(
        f"{question.text.get(lang)}（{unit}）" if unit else question.text.get(lang),
        min_value=float(low),
        max_value=float(high),
        value=None,
        step=1.0,
        key=key,
        **_hook(aid, question.id, key, _number, st.session_state[key]),
    )


def figures(aid: int, question, answers: dict, lang: str) -> None:
    if not question.figures:
        return
    with st.expander(tr(lang, "原始数据（选填，便于复核和重算）", "Raw figures (optional, kept for checking)")):
        cols = st.columns(min(len(question.figures), 4))
        for n, fig in enumerate(question.figures):
            key = widget_key(aid, fig.id)
            _prime(key, answers.get(fig.id))
            unit = fig.unit.get(lang) if fig.unit else ""
            cols[n % len(cols)].number_input(
                f"{fig.name.get(lang)}" + (f"（{unit}）" if unit else ""),
                min_value=0.0,
                value=None,
                key=key,
                **_hook(aid, fig.id, key, _number, st.session_state[key]),
            )


def scenario(aid: int, sc, answers: dict, lang: str) -> None:
    key = widget_key(aid, sc.id)
    _prime(key, answers.get(sc.id))
    labels = {0: tr(lang, "0 级：尚未数字化", "Level 0: not yet digitised")}
    for lv in sc.levels:
        labels[lv.level] = tr(lang, f"{lv.level} 级：", f"Level {lv.level}: ") + lv.description.get(lang)
    mark = tr(lang, "（约束性场景）", " (constraint scenario)") if sc.constraint else ""
    st.radio(
        f"{sc.name.get(lang)}{mark}",
        list(labels),
        format_func=labels.get,
        index=None,
        key=key,
        **_hook(aid, sc.id, key, _identity, st.session_state[key]),
    )


def quick_mode_guide(lang: str) -> None:
    """How to answer quick mode, shown above the items."""
    st.info(
        tr(
            lang,
            "**怎样选等级**\n"
            "- 等级是累进的：请选择“这一级和以下各级的描述**如今都已做到**”的最高等级，只算已经做到的，不算计划中的。\n"
            "- 描述里的“全组织”“全公司”，对没有部门之分的小企业是指：**有书面规定、适用于所有员工、有明确的负责人**。\n"
            "- 拿不准就选“不确定”：按该项可能的最低等级计，改进计划会建议先弄清现状。\n"
            "- 选择第 3 级及以上时会再问一道是/否核对题；答“否”，该项按所选等级减一计。\n"
            "- 每项旁的 ? 中有专业术语的解释。",
            "**How to choose a level**\n"
            "- Levels are cumulative: choose the highest level whose description **and every lower one are true "
            "today** — what is done, not what is planned.\n"
            "- Where a description says 'organisation-wide' or 'the whole firm', for a small firm without "
            "departments it means: **written down, applies to everyone, and someone is responsible**.\n"
            "- If you are unsure, choose 'Not sure': it counts as the item's lowest plausible level, and the "
            "plan will suggest finding out first.\n"
            "- A level of 3 or more is followed by one yes/no check; a 'no' counts the item one level lower.\n"
            "- The ? beside each item explains its specialist terms.",
        ),
        icon=":material/lightbulb:",
    )


def _level_label(q, item, level, lang: str) -> str:
    name = q.level_name(level).get(lang)
    precise = next(lv.description.get(lang) for lv in item.levels if lv.level == level)
    plain = q.plain_description(item.id, level)
    head = f"**{level} · {name}**"
    if plain is None:
        return f"{head}{tr(lang, '：', ': ')}{precise}"
    return f"{head}{tr(lang, '：', ': ')}{plain.get(lang)}  \n:gray[{precise}]"


@functools.cache
def _item_help(qid: str, version: str, item_id: str, lang: str) -> str:
    """The item's purpose and the glossary entries of the terms its descriptions use (the same
    for every user: computed once per item and language)."""
    item = get(qid, version).item_by_id[item_id]
    texts = [item.name.get(lang)] + [lv.description.get(lang) for lv in item.levels]
    terms = glossary().found_in(texts, lang)
    lines = [item.purpose.get(lang)]
    lines += [f"**{term.term.get(lang)}**{tr(lang, '：', ': ')}{term.definition.get(lang)}" for term in terms]
    return "\n\n".join(lines)


def _save_level(aid: int, item_id: str, key: str, previous) -> None:
    """Save a quick-mode level; a changed level drops its check (the core clears it too), so the
    check widget shows the question of the new level unanswered."""
    _save(aid, item_id, key, _identity, previous)
    if st.session_state[key] != previous:
        st.session_state.pop(widget_key(aid, check_id(item_id)), None)


def dcmm_quick(aid: int, q, item, answers: dict, lang: str) -> None:
    key = widget_key(aid, item.id)
    _prime(key, answers.get(item.id))
    labels = {lv.level: _level_label(q, item, lv.level, lang) for lv in item.levels}
    labels[UNSURE] = tr(
        lang,
        f"**不确定**：按第 {q.unsure_level(item.id)} 级计（本项可能的最低等级）",
        f"**Not sure**: counts as level {q.unsure_level(item.id)} (the lowest plausible level for this item)",
    )
    st.radio(
        f"{item.clause} {item.name.get(lang)}",
        list(labels),
        format_func=labels.get,
        index=None,
        key=key,
        help=_item_help(q.id, q.version, item.id, lang),
        on_change=_save_level,
        args=(aid, item.id, key, st.session_state[key]),
    )
    level = st.session_state[key]
    question = q.check_question(item.id, level) if needs_check(level) else None
    if question is not None:
        check_key = widget_key(aid, check_id(item.id))
        _prime(check_key, answers.get(check_id(item.id)) if answers.get(item.id) == level else None)
        st.segmented_control(
            tr(lang, f"核对（第 {level} 级）：", f"Check (level {level}): ") + question.get(lang),
            [True, False],
            key=check_key,
            format_func=lambda v: YES_NO[v][1 if lang == "en" else 0],
            help=tr(
                lang,
                f"答“否”时本项按第 {level - 1} 级计。",
                f"A 'no' counts this item as level {level - 1}.",
            ),
            **_hook(aid, check_id(item.id), check_key, _identity, st.session_state[check_key]),
        )


# each with its icon: clearer at a glance, and Streamlit then finds the option's icon at once
# instead of searching the text of every option for an emoji on every rerun
YES_NO = {True: (":material/check: 是", ":material/check: Yes"), False: (":material/close: 否", ":material/close: No")}


def dcmm_criterion(aid: int, criterion, answers: dict, lang: str) -> None:
    key = widget_key(aid, criterion.id)
    _prime(key, answers.get(criterion.id))
    st.segmented_control(
        criterion.text.get(lang),
        [True, False],
        key=key,
        format_func=lambda v: YES_NO[v][1 if lang == "en" else 0],
        help=tr(lang, "证据：", "Evidence: ") + criterion.evidence.get(lang),
        **_hook(aid, criterion.id, key, _identity, st.session_state[key]),
    )
