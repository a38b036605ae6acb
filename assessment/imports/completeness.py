"""Completeness of an import row: a quick-mode check only beside a level it checks, and every
required question answered (``lifecycle.required_questions``), with messages that say how a
DCMM item or a CMMM sub-domain is answered (its level, or all of its criteria / requirements)."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.answers import PATH_KEY, checked_item, require_checkable
from assessment.errors import AssessmentError
from assessment.imports.problems import ImportProblem
from assessment.lifecycle import required_questions
from questionnaires import DcmmQuestionnaire, SmeQuestionnaire
from questionnaires.schema import CmmmQuestionnaire


def check_quick_checks(q, answers: dict, bad) -> None:
    """A quick-mode check (an exported ``<item>.check`` column) only beside a level it checks."""
    if isinstance(q, SmeQuestionnaire):
        return
    for key in [k for k in answers if checked_item(q, k) is not None]:
        try:
            require_checkable(checked_item(q, key), answers.get(checked_item(q, key)))  # type: ignore[arg-type]  # a check column
        except AssessmentError as exc:
            bad(key, exc.zh, exc.en)
            del answers[key]


@dataclass(frozen=True)
class _QuickWords:
    """How the messages of a quick-mode bank name its parts."""

    item: tuple[str, str]  # 能力项 / item
    details: tuple[str, str, str]  # 标准 / criterion / criteria
    levels: tuple[str, str]  # the quick-mode answers, in a message
    values: str  # the detailed-mode answers, in a message


def _quick_words(q: DcmmQuestionnaire | CmmmQuestionnaire, item_id: str) -> _QuickWords:
    if isinstance(q, DcmmQuestionnaire):
        return _QuickWords(("能力项", "item"), ("标准", "criterion", "criteria"), ("等级 1–5", "level 1-5"), "1/0")
    na = q.subdomain_by_id[item_id].may_be_na
    return _QuickWords(
        ("子域", "sub-domain"),
        ("要求", "requirement", "requirements"),
        ("等级 0–5 或“不适用”", "level 0-5 or na") if na else ("等级 0–5", "level 0-5"),
        "/".join(f"{v:g}" for v in reversed(q.answer_values)),
    )


def check_complete(q, answers: dict, qcols: dict, bad_cols: set, bad, absent_reported: set, problems: list) -> None:
    """Every required question answered (``lifecycle.required_questions``); a required column
    absent from the file is reported once (at row 1) instead of once per row. A DCMM item or a
    CMMM sub-domain is answered by its level (quick mode) or by all of its criteria /
    requirements, and the messages say so."""
    if q.allow_partial_submit:
        return
    missing = required_questions(q, answers)

    def absent(qid: str, zh: str, en: str) -> None:
        if (q.id, qid) not in absent_reported:
            absent_reported.add((q.id, qid))
            problems.append(ImportProblem(1, qid, zh, en))

    if isinstance(q, SmeQuestionnaire):
        for qid in missing:
            if qid in bad_cols:
                continue
            if qid not in qcols:
                absent(qid, f"缺少列 {qid}（问卷 {q.id} 的必答题）", f"missing column {qid} (required by {q.id})")
                continue
            kind_zh, kind_en = ("场景", "scenario") if qid in q.scenario_by_id else ("题目", "question")
            bad(qid, f"{kind_zh} {qid} 未作答", f"{kind_en} {qid} is unanswered")
        return
    if PATH_KEY in missing and PATH_KEY not in bad_cols:
        paths = " 或 ".join(q.paths)
        if PATH_KEY not in qcols:
            absent(
                PATH_KEY,
                f"缺少列 {PATH_KEY}（问卷 {q.id} 的制造类型）",
                f"missing column {PATH_KEY} (required by {q.id})",
            )
        else:
            bad(
                PATH_KEY,
                f"制造类型 {PATH_KEY} 未作答（应为 {paths}）",
                f"{PATH_KEY} is unanswered (expected {paths.replace(' 或 ', ' or ')})",
            )
    pending = {q.quick_item_of[k] for k in missing if k in q.quick_item_of}
    for item_id in q.quick_item_ids:
        words = _quick_words(q, item_id)
        details = q.detail_ids(item_id)
        if item_id in answers:
            given = [d for d in details if d in answers]
            if given:
                bad(
                    item_id,
                    f"{words.item[0]} {item_id}：不能同时填写等级（快速模式）和{words.details[0]}（{given[0]} 等）",
                    f"{words.item[1]} {item_id}: give its level (quick mode) or its {words.details[2]} "
                    f"(e.g. {given[0]}), not both",
                )
            continue
        if item_id not in pending or item_id in bad_cols or any(d in bad_cols for d in details):
            continue  # answered, not assessed on the row's path, or already reported as a bad cell
        if not (item_id in qcols or all(d in qcols for d in details)):
            absent(
                item_id,
                f"缺少列 {item_id}（问卷 {q.id} 的{words.item[0]}，快速模式等级）或其全部{words.details[0]}列",
                f"missing column {item_id} ({words.item[1]} of {q.id}, quick-mode level) or all its "
                f"{words.details[2]} columns",
            )
            continue
        if not any(d in answers for d in details):
            bad(
                item_id if item_id in qcols else details[0],
                f"{words.item[0]} {item_id} 未作答：请填写{words.levels[0]}（快速模式），"
                f"或逐条填写其全部{words.details[0]}",
                f"{words.item[1]} {item_id} is unanswered: give its {words.levels[1]} (quick mode) or answer all "
                f"of its {words.details[2]}",
            )
            continue
        for d in details:
            if d not in answers:
                bad(
                    d,
                    f"{words.details[0]} {d} 未作答（应为 {words.values}）",
                    f"{words.details[1]} {d} is unanswered (expected {words.values})",
                )
