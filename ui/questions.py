"""Question widgets: one function per kind of question. Each owns its session-state key and
saves the answer through the core the moment it changes (on_change), so nothing is lost on a
refresh or a crash."""

from __future__ import annotations

import streamlit as st

from assessment import lifecycle
from assessment.errors import AssessmentError
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


def dcmm_quick(aid: int, item, answers: dict, lang: str) -> None:
    key = widget_key(aid, item.id)
    _prime(key, answers.get(item.id))
    labels = {lv.level: f"L{lv.level}：{lv.description.get(lang)}" for lv in item.levels}
    st.radio(
        f"{item.clause} {item.name.get(lang)}",
        list(labels),
        format_func=labels.get,
        index=None,
        key=key,
        help=item.purpose.get(lang),
        **_hook(aid, item.id, key, _identity, st.session_state[key]),
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
