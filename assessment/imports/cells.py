"""Cell converters: how the value of a spreadsheet cell (a number, a text, a boolean, a date)
becomes the answer value its column needs, before ``assessment.answers.check_answer`` checks it.
Words are accepted beside numbers: 是/否, TRUE/FALSE, 不确定, 不适用, and a CMMM requirement's
全部满足 / 大部分满足 / 部分满足 / 不满足."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, time

from assessment.answers import NOT_APPLICABLE, PATH_KEY, UNSURE, checked_item
from questionnaires import DcmmQuestionnaire
from questionnaires.schema import AnyQuestionnaire, CmmmQuestionnaire

TRUE_WORDS = {"1", "是", "true", "yes", "y", "t"}
FALSE_WORDS = {"0", "否", "false", "no", "n", "f"}
UNSURE_WORDS = {UNSURE, "不确定", "not sure"}
NOT_APPLICABLE_WORDS = {NOT_APPLICABLE, "n/a", "不适用", "not applicable"}
# a CMMM requirement's answer in words, by the name of its value in the bank's ``scoring.values``
REQUIREMENT_WORDS = {
    "full": ("全部满足", "full", "fully met"),
    "mostly": ("大部分满足", "mostly", "mostly met"),
    "partly": ("部分满足", "partly", "partly met"),
    "none": ("不满足", "none", "not met"),
}

Converter = Callable[[object, bool], object]  # (cell value, is an Excel percentage cell) -> answer value


class CellError(Exception):
    """A cell that cannot stand for the value its column needs; the message is completed with the
    column by the caller."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _whole(value) -> int | None:
    """An integer from an int, an integer-valued float or such a text; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+(\.0*)?", value.strip()):
        return int(float(value.strip()))
    return None


def to_text(value) -> str:
    if isinstance(value, datetime | date | time):
        raise CellError("是日期/时间，应为文本", "is a date or time, expected text")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    whole = _whole(value) if isinstance(value, int | float) else None
    if whole is not None:
        return str(whole)
    return str(value)


def to_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        whole = _whole(word)
        if whole in (0, 1):
            return bool(whole)
    raise CellError(
        f"应为 1/0、是/否 或 TRUE/FALSE，收到 {_shown(value)}",
        f"expected 1/0, 是/否 or TRUE/FALSE, got {_shown(value)}",
    )


def _to_int(value) -> int:
    whole = _whole(value)
    if whole is None:
        raise CellError(f"应为整数，收到 {_shown(value)}", f"expected a whole number, got {_shown(value)}")
    return whole


def _to_level(value) -> int | str:
    """A quick-mode level 1-5, or "not sure" (``unsure``, 不确定)."""
    if isinstance(value, str) and value.strip().lower() in UNSURE_WORDS:
        return UNSURE
    return _to_int(value)


def _to_subdomain_level(value) -> int | str:
    """A CMMM sub-domain's quick-mode answer: a level 0-5, "not sure", or "not applicable"
    (``na``, 不适用; ``check_answer`` says where the bank does not allow it)."""
    if isinstance(value, str) and value.strip().lower() in NOT_APPLICABLE_WORDS:
        return NOT_APPLICABLE
    return _to_level(value)


def _to_path(q: CmmmQuestionnaire, value) -> str:
    """A manufacturing path: its id (discrete / process) or its name in the bank (离散型制造)."""
    text = _to_option(value)
    for path, name in q.path_names.items():
        if text.lower() in (path, name.zh.lower(), name.en.lower()):
            return path
    return text  # check_answer names the paths


def _to_requirement(q: CmmmQuestionnaire, value) -> float | int:
    """A CMMM requirement's answer: a number (1 / 0.8 / 0.5 / 0 by default), or its words —
    全部满足 / 大部分满足 / 部分满足 / 不满足, full / mostly / partly / none."""
    if isinstance(value, str):
        word = value.strip().lower()
        for name, words in REQUIREMENT_WORDS.items():
            if word in words and name in q.scoring.values:
                return q.scoring.values[name]
    try:
        return _to_number(value, False)
    except CellError:
        shown = " / ".join(f"{v:g}" for v in reversed(q.answer_values))
        raise CellError(
            f"应为 {shown} 或 全部满足/大部分满足/部分满足/不满足，收到 {_shown(value)}",
            f"expected {shown} or full/mostly/partly/none, got {_shown(value)}",
        ) from None


def _to_number(value, percent: bool) -> float | int:
    if isinstance(value, bool) or isinstance(value, datetime | date | time):
        raise CellError(f"应为数字，收到 {_shown(value)}", f"expected a number, got {_shown(value)}")
    if isinstance(value, int | float):
        number = value * 100 if percent else value
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        if text.endswith("%"):
            text = text[:-1].strip()
        try:
            number = float(text)
        except ValueError:
            raise CellError(f"应为数字，收到 {_shown(value)}", f"expected a number, got {_shown(value)}") from None
    if isinstance(number, float) and not math.isfinite(number):
        raise CellError(f"应为数字，收到 {_shown(value)}", f"expected a number, got {_shown(value)}")
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def _to_option(value) -> str:
    if isinstance(value, bool) or isinstance(value, datetime | date | time):
        raise CellError(f"应为选项编号，收到 {_shown(value)}", f"expected an option id, got {_shown(value)}")
    return to_text(value).strip()


def _to_options(value) -> list[str]:
    text = _to_option(value)
    return [part.strip() for part in re.split(r"[;；,，]", text) if part.strip()]


def converter(q: AnyQuestionnaire, key: str) -> Converter:
    """How a cell of question ``key`` becomes an answer value, before check_answer."""
    if isinstance(q, CmmmQuestionnaire):
        if key == PATH_KEY:
            return lambda v, p: _to_path(q, v)
        if key in q.requirement_by_id:
            return lambda v, p: _to_requirement(q, v)
        if checked_item(q, key) is not None:
            return lambda v, p: to_bool(v)
        return lambda v, p: _to_subdomain_level(v)
    if isinstance(q, DcmmQuestionnaire):
        if key in q.criterion_by_id or checked_item(q, key) is not None:
            return lambda v, p: to_bool(v)
        return lambda v, p: _to_level(v)
    if key in q.scenario_by_id:
        return lambda v, p: _to_int(v)
    if key in q.figure_by_id:
        return lambda v, p: _to_number(v, False)
    question = q.question_by_id[key]
    if question.type == "single":
        return lambda v, p: _to_option(v)
    if question.type == "multi":
        return lambda v, p: _to_options(v)
    return lambda v, p: _to_number(v, p)
