"""Question widgets: one function per kind of question. Each owns its session-state key and
saves the answer through the core the moment it changes (on_change), so nothing is lost on a
refresh or a crash."""

from __future__ import annotations

import functools

import streamlit as st

from assessment import lifecycle
from assessment.answers import NOT_APPLICABLE, PATH_KEY, UNSURE, check_id, needs_check
from questionnaires import get
from questionnaires.glossary import glossary
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire
from ui import errors, state
from ui.i18n import tr


def widget_key(assessment_id: int, question_id: str) -> str:
    return f"q_{assessment_id}_{question_id}"


def _save(assessment_id: int, question_id: str, key: str, convert, previous) -> None:
    """on_change callback: save the widget's value, or restore the saved one on a refusal."""
    chosen = st.session_state[key]
    st.session_state[key] = previous  # until the core has taken the new answer
    with errors.kept():
        lifecycle.save_answer(state.store(), state.actor(), assessment_id, question_id, convert(chosen))
        st.session_state[key] = chosen


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


def quick_mode_guide(lang: str, q=None) -> None:
    """How to answer quick mode, shown above the items (sub-domains)."""
    if isinstance(q, CmmmQuestionnaire):
        st.info(
            tr(
                lang,
                "**怎样选等级**\n"
                "- 等级是累进的：选择某一级，表示**这一级和它以下各级**的描述如今都已做到；请选这样的最高等级，"
                "只算已经做到的，不算计划中的。\n"
                "- 第 1 级的描述也还没有做到，就选“以上都还没有做到”（一级以下）。\n"
                "- 拿不准就选“不确定”：按选项中写明的等级计，改进计划会建议先弄清现状。\n"
                "- 选择第 3 级及以上时会再问一道是/否核对题；答“否”，该子域按所选等级减一计。\n"
                "- 只有少数子域可以标为“不适用”，选项中写明了条件；不适用的子域不计入得分。",
                "**How to choose a level**\n"
                "- Levels are cumulative: choosing a level says that it **and every level below it** are true "
                "today; choose the highest such level — what is done, not what is planned.\n"
                "- If even level 1 is not true yet, choose 'None of these yet' (below level 1).\n"
                "- If you are unsure, choose 'Not sure': it counts as the level its option names, and the plan "
                "will suggest finding out first.\n"
                "- A level of 3 or more is followed by one yes/no check; a 'no' counts the sub-domain one level "
                "lower.\n"
                "- Only a few sub-domains may be marked 'not applicable', and their option says when; a "
                "sub-domain that does not apply is left out of the score.",
            ),
            icon=":material/lightbulb:",
        )
        return
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


def _quick_unit(q, item_id: str):
    """What quick mode gives one level: a DCMM item or a CMMM sub-domain (both have a name, a
    purpose and level descriptions)."""
    return q.subdomain_by_id[item_id] if isinstance(q, CmmmQuestionnaire) else q.item_by_id[item_id]


def _counts_as(q, level: int, lang: str) -> str:
    """'level n' for a counted level; CMMM's level 0 reads 'below level 1'."""
    if level == 0:
        name = q.level_name(0)
        return tr(lang, f"“{name.zh}”", f"'{name.en.lower()}'")
    return tr(lang, f"第 {level} 级", f"level {level}")


def _level_label(q, unit, level, lang: str) -> str:
    name = q.level_name(level).get(lang)
    head = f"**{level} · {name}**"
    if level == 0:
        return f"{head}{tr(lang, '：以上都还没有做到', ': none of these yet')}"
    precise = next(lv.description.get(lang) for lv in unit.levels if lv.level == level)
    plain = q.plain_description(unit.id, level)
    if plain is None:
        return f"{head}{tr(lang, '：', ': ')}{precise}"
    return f"{head}{tr(lang, '：', ': ')}{plain.get(lang)}  \n:gray[{precise}]"


@functools.cache
def _item_help(qid: str, version: str, item_id: str, lang: str) -> str:
    """The item's purpose and the glossary entries of the terms its descriptions use (the same
    for every user: computed once per item and language)."""
    item = _quick_unit(get(qid, version), item_id)
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


def quick_level(aid: int, q, item_id: str, answers: dict, lang: str) -> None:
    """Quick mode for one DCMM item or CMMM sub-domain: its levels (CMMM from level 0, "none of
    these yet"), each the plain-words line then the bank's description; "not sure"; "not
    applicable" where the bank allows it, with its reason; and the check of a level of 3 or more."""
    unit = _quick_unit(q, item_id)
    key = widget_key(aid, item_id)
    _prime(key, answers.get(item_id))
    levels = ([0] if q.lowest_quick_level == 0 else []) + [lv.level for lv in unit.levels]
    labels: dict[object, str] = {level: _level_label(q, unit, level, lang) for level in levels}
    unsure = q.unsure_level(item_id)
    labels[UNSURE] = tr(
        lang,
        f"**不确定**：按{_counts_as(q, unsure, lang)}计（本项可能的最低等级）",
        f"**Not sure**: counts as {_counts_as(q, unsure, lang)} (the lowest plausible level for this item)",
    )
    if getattr(unit, "may_be_na", False):
        reason = unit.na_reason.get(lang) if unit.na_reason else ""
        labels[NOT_APPLICABLE] = tr(lang, "**不适用**：", "**Not applicable**: ") + reason
    title = f"{unit.clause} {unit.name.get(lang)}" if isinstance(q, DcmmQuestionnaire) else unit.name.get(lang)
    st.radio(
        title,
        list(labels),
        format_func=labels.get,
        index=None,
        key=key,
        help=_item_help(q.id, q.version, item_id, lang),
        on_change=_save_level,
        args=(aid, item_id, key, st.session_state[key]),
    )
    level = st.session_state[key]
    if level is None and any(k in answers for k in q.detail_ids(item_id)):
        st.caption(
            tr(
                lang,
                "本项已在详细模式中逐条回答；在这里选择等级将替换逐条的回答。",
                "This item is answered point by point in detailed mode; choosing a level here replaces those answers.",
            )
        )
    question = q.check_question(item_id, level) if needs_check(level) else None
    if question is not None:
        check_key = widget_key(aid, check_id(item_id))
        _prime(check_key, answers.get(check_id(item_id)) if answers.get(item_id) == level else None)
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
            **_hook(aid, check_id(item_id), check_key, _identity, st.session_state[check_key]),
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


# ------------------------------------------------------------------------------------ CMMM


def cmmm_path(aid: int, q, answers: dict, lang: str) -> None:
    """The manufacturing path, asked first: it decides which sub-domains are assessed."""
    key = widget_key(aid, PATH_KEY)
    _prime(key, answers.get(PATH_KEY))
    st.radio(
        tr(lang, "贵企业属于哪种制造类型？", "Which kind of manufacturing is your firm?"),
        list(q.paths),
        format_func=lambda p: q.path_names[p].get(lang),
        index=None,
        key=key,
        help=tr(
            lang,
            "离散型制造：由零部件装配成产品（如机械、电子、服装）；流程型制造：原料经连续的物理或化学过程"
            "变成产品（如酿造、医药、化工）。",
            "Discrete: products assembled from parts (machinery, electronics, apparel); process: materials "
            "turned into products by continuous physical or chemical steps (brewing, pharmaceuticals, chemicals).",
        ),
        **_hook(aid, PATH_KEY, key, _identity, st.session_state[key]),
    )


def _not_applicable(value: bool):
    return NOT_APPLICABLE if value else None


def not_applicable(aid: int, sub, answers: dict, lang: str) -> bool:
    """Detailed mode: the sub-domain's "not applicable" switch, where the bank allows it, with
    the reason; True when it is marked not applicable."""
    if not sub.may_be_na:
        return False
    key = widget_key(aid, sub.id) + ".na"
    _prime(key, answers.get(sub.id) == NOT_APPLICABLE)
    st.toggle(
        tr(lang, "本企业不适用", "Not applicable to us"),
        key=key,
        **_hook(aid, sub.id, key, _not_applicable, st.session_state[key]),
    )
    if sub.na_reason:
        st.caption(sub.na_reason.get(lang))
    return bool(st.session_state[key])


# how well a requirement is met, in the bank's order of ``scoring.values`` (full first)
MET = {
    "full": ("全部满足", "Fully met"),
    "mostly": ("大部分满足", "Mostly met"),
    "partly": ("部分满足", "Partly met"),
    "none": ("不满足", "Not met"),
}


def requirement(aid: int, q, req, answers: dict, lang: str) -> None:
    """Detailed mode: how well one requirement is met, with the evidence that shows it."""
    key = widget_key(aid, req.id)
    _prime(key, answers.get(req.id))
    values = q.scoring.values
    labels = {value: MET[name][1 if lang == "en" else 0] for name, value in values.items()}
    st.segmented_control(
        req.text.get(lang),
        list(labels),
        key=key,
        format_func=labels.get,
        help=tr(lang, "证据：", "Evidence: ") + req.evidence.get(lang),
        **_hook(aid, req.id, key, _identity, st.session_state[key]),
    )
