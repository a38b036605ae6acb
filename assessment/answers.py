"""Checking answers against a questionnaire.

An answers document is ``{"questionnaire": id, "answers": {question id: value}}`` (DESIGN.md
section 5). ``check_answer`` validates and normalises one value and is used both when a whole
document is scored and when a single answer is saved.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import TypeGuard

from assessment.errors import AnswerError
from questionnaires import get
from questionnaires.loader import UnknownQuestionnaire
from questionnaires.schema import AnyQuestionnaire, CmmmQuestionnaire, DcmmQuestionnaire, SmeQuestionnaire

Value = bool | int | float | str | list[str]

# Quick mode (DCMM): an item's answer is a level 1-5 or "not sure", and a level of 3 or more is
# followed by a yes/no check, stored as an answer of its own under ``<item id>.check``.
UNSURE = "unsure"
CHECK_SUFFIX = ".check"
CHECKED_FROM = 3  # the lowest quick-mode level that is checked before it is trusted
# CMMM: the manufacturing path is an answer of its own (saved as the first answer, resumable);
# a sub-domain may be answered "not applicable" where the bank allows it
PATH_KEY = "path"
NOT_APPLICABLE = "na"


def check_id(item_id: str) -> str:
    """The question id of an item's quick-mode check."""
    return item_id + CHECK_SUFFIX


def checked_item(q: DcmmQuestionnaire | CmmmQuestionnaire, key: str) -> str | None:
    """The item (sub-domain) whose check ``key`` is, or None when ``key`` is not a check id."""
    if key.endswith(CHECK_SUFFIX) and key[: -len(CHECK_SUFFIX)] in q.quick_item_ids:
        return key[: -len(CHECK_SUFFIX)]
    return None


def needs_check(item_answer: object) -> TypeGuard[int]:
    """Whether a quick-mode answer is a level that is checked before it is trusted."""
    return type(item_answer) is int and item_answer >= CHECKED_FROM


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_answer(q: AnyQuestionnaire, key: str, value: object) -> Value:
    """Return the normalised value of answer ``key``, or raise AnswerError naming it."""
    if isinstance(q, DcmmQuestionnaire):
        return _check_dcmm(q, key, value)
    if isinstance(q, CmmmQuestionnaire):
        return _check_cmmm(q, key, value)
    return _check_sme(q, key, value)


def _check_dcmm(q: DcmmQuestionnaire, key: str, value: object) -> Value:
    if key in q.criterion_by_id:
        if not isinstance(value, bool):
            raise AnswerError(
                f"题目 {key}：应为 true 或 false，收到 {_describe(value)}",
                f"question {key}: expected true or false, got {_describe(value)}",
            )
        return value
    if key in q.item_by_id:
        if value == UNSURE:
            return value
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise AnswerError(
                f"能力项 {key}（快速模式）：应为 1 到 5 的整数或 {UNSURE!r}（不确定），收到 {_describe(value)}",
                f"item {key} (quick mode): expected an integer 1-5 or {UNSURE!r} (not sure), got {_describe(value)}",
            )
        return value
    if checked_item(q, key) is not None:
        if not isinstance(value, bool):
            raise AnswerError(
                f"核对题 {key}：应为 true 或 false，收到 {_describe(value)}",
                f"check {key}: expected true or false, got {_describe(value)}",
            )
        return value
    raise AnswerError(f"未知题目 {key!r}（问卷 {q.id}）", f"unknown question id {key!r} in {q.id}")


def _check_check(key: str, value: object) -> Value:
    if not isinstance(value, bool):
        raise AnswerError(
            f"核对题 {key}：应为 true 或 false，收到 {_describe(value)}",
            f"check {key}: expected true or false, got {_describe(value)}",
        )
    return value


def _check_cmmm(q: CmmmQuestionnaire, key: str, value: object) -> Value:
    if key in q.requirement_by_id:
        allowed = q.answer_values
        if not _is_number(value) or not any(math.isclose(value, v) for v in allowed):
            shown = " | ".join(f"{v:g}" for v in allowed)
            raise AnswerError(
                f"要求 {key}：应为 {shown}（不满足 | 部分满足 | 大部分满足 | 全部满足），收到 {_describe(value)}",
                f"requirement {key}: expected {shown} (none | partly | mostly | fully met), got {_describe(value)}",
            )
        return next(v for v in allowed if math.isclose(value, v))
    sub = q.subdomain_by_id.get(key)
    if sub is not None:
        if value == NOT_APPLICABLE:
            if not sub.may_be_na:
                raise AnswerError(
                    f"子域 {key}（{sub.name.zh}）不能标为“不适用”",
                    f"sub-domain {key} ({sub.name.en}) cannot be marked not applicable",
                )
            return value
        if value == UNSURE:
            return value
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
            raise AnswerError(
                f"子域 {key}（快速模式）：应为 0 到 5 的整数、{UNSURE!r}（不确定）或 {NOT_APPLICABLE!r}（不适用），"
                f"收到 {_describe(value)}",
                f"sub-domain {key} (quick mode): expected an integer 0-5, {UNSURE!r} (not sure) or "
                f"{NOT_APPLICABLE!r} (not applicable), got {_describe(value)}",
            )
        return value
    if key == PATH_KEY:
        if value not in q.paths:
            raise AnswerError(
                f"制造类型 path：应为 {' 或 '.join(q.paths)}，收到 {_describe(value)}",
                f"path: expected {' or '.join(q.paths)}, got {_describe(value)}",
            )
        return value
    if checked_item(q, key) is not None:
        return _check_check(key, value)
    raise AnswerError(f"未知题目 {key!r}（问卷 {q.id}）", f"unknown question id {key!r} in {q.id}")


def _check_sme(q: SmeQuestionnaire, key: str, value: object) -> Value:
    if key in q.scenario_by_id:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
            raise AnswerError(
                f"场景 {key}：应为 0 到 4 的整数，收到 {_describe(value)}",
                f"scenario {key}: expected an integer 0-4, got {_describe(value)}",
            )
        return value
    if key in q.figure_by_id:
        if not _is_number(value) or value < 0:
            raise AnswerError(
                f"数据项 {key}：应为不小于 0 的数字，收到 {_describe(value)}",
                f"figure {key}: expected a number >= 0, got {_describe(value)}",
            )
        return value
    question = q.question_by_id.get(key)
    if question is None:
        raise AnswerError(f"未知题目 {key!r}（问卷 {q.id}）", f"unknown question id {key!r} in {q.id}")
    options = {o.id: o for o in question.options}
    if question.type == "single":
        if not isinstance(value, str) or value not in options:
            raise AnswerError(
                f"题目 {key}：应为选项之一 {sorted(options)}，收到 {_describe(value)}",
                f"question {key}: expected one of {sorted(options)}, got {_describe(value)}",
            )
        return value
    if question.type == "multi":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise AnswerError(
                f"题目 {key}：应为选项编号列表，收到 {_describe(value)}",
                f"question {key}: expected a list of option ids, got {_describe(value)}",
            )
        unknown = [v for v in value if v not in options]
        if unknown:
            raise AnswerError(
                f"题目 {key}：未知选项 {unknown}，可选 {sorted(options)}",
                f"question {key}: unknown option {unknown}, known {sorted(options)}",
            )
        if len(set(value)) != len(value):
            raise AnswerError(f"题目 {key}：选项重复", f"question {key}: an option is ticked twice")
        exclusive = [v for v in value if options[v].exclusive]
        if exclusive and len(value) > 1:
            raise AnswerError(
                f"题目 {key}：选项 {exclusive[0]!r} 不能与其他选项同时选择",
                f"question {key}: option {exclusive[0]!r} cannot be ticked with others",
            )
        return list(value)
    low, high = question.bands[0].min, question.bands[-1].max
    if not _is_number(value) or not low <= value <= high:
        raise AnswerError(
            f"题目 {key}：应为 {low:g} 到 {high:g} 之间的数字，收到 {_describe(value)}",
            f"question {key}: expected a number from {low:g} to {high:g}, got {_describe(value)}",
        )
    return value


def check_answers(q: AnyQuestionnaire, answers: object) -> dict[str, Value]:
    """Validate a whole answers mapping; raise AnswerError at the first problem."""
    if not isinstance(answers, dict):
        raise AnswerError("answers 应为对象（题目编号 → 答案）", "answers must be an object (id → value)")
    checked = {key: check_answer(q, key, value) for key, value in answers.items()}
    if isinstance(q, SmeQuestionnaire):
        return checked
    for key in checked:
        item_id = checked_item(q, key)
        if item_id is not None:
            require_checkable(item_id, checked.get(item_id))
        item_id = q.quick_item_of.get(key)
        if item_id is not None and item_id in checked:
            raise _both_modes(q, item_id, key)
    return checked


def _both_modes(q: DcmmQuestionnaire | CmmmQuestionnaire, item_id: str, key: str) -> AnswerError:
    """An item (sub-domain) answered as a whole and also question by question."""
    if isinstance(q, CmmmQuestionnaire):
        return AnswerError(
            f"子域 {item_id}：不能同时按等级（快速模式）或“不适用”回答，又逐条回答要求 {key}",
            f"sub-domain {item_id}: answered both as a whole (a level or not applicable) and by requirement {key}",
        )
    return AnswerError(
        f"能力项 {item_id}：不能同时使用快速模式（等级）和详细模式（标准 {key}）",
        f"item {item_id}: answered both in quick mode and by criterion {key}",
    )


def check_pending(q: DcmmQuestionnaire | CmmmQuestionnaire, item_id: str, answers: dict) -> bool:
    """Whether the item's quick-mode level waits for its check: a checked level, a check question
    in the quick-mode companion, and no answer to it yet."""
    answer = answers.get(item_id)
    return (
        needs_check(answer) and check_id(item_id) not in answers and q.check_question(item_id, int(answer)) is not None
    )


def missing_checks(q: AnyQuestionnaire, answers: dict) -> list[str]:
    """Check ids still to be answered before a self-assessment is submitted."""
    if isinstance(q, SmeQuestionnaire):
        return []
    return [check_id(item_id) for item_id in q.quick_item_ids if check_pending(q, item_id, answers)]


def require_checkable(item_id: str, item_answer: object) -> None:
    """Refuse a check answer unless its item has a quick-mode level that is checked."""
    if not needs_check(item_answer):
        raise AnswerError(
            f"核对题 {check_id(item_id)}：仅在能力项 {item_id} 以快速模式选择第 {CHECKED_FROM} 级或以上时回答",
            f"check {check_id(item_id)}: answered only when item {item_id} has a quick-mode level of "
            f"{CHECKED_FROM} or more",
        )


def parse_document(doc: object):
    """Split an answers document into (questionnaire, checked answers)."""
    if not isinstance(doc, dict):
        raise AnswerError("答案文件应为 JSON 对象", "an answers document must be a JSON object")
    qid = doc.get("questionnaire")
    if not isinstance(qid, str):
        raise AnswerError("缺少字段 questionnaire", "missing field 'questionnaire'")
    version = doc.get("version")
    try:
        q = get(qid, version if isinstance(version, str) else None)
    except UnknownQuestionnaire as exc:
        raise AnswerError(f"未知问卷 {qid!r}", exc.en) from None
    if "answers" not in doc:
        raise AnswerError("缺少字段 answers", "missing field 'answers'")
    answers = doc["answers"]
    if isinstance(q, CmmmQuestionnaire) and "path" in doc and isinstance(answers, dict):
        answers = {PATH_KEY: doc["path"], **answers}
    return q, check_answers(q, answers)
