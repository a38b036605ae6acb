"""Checking the rows of an import file: the header's columns, then every row fully (profile,
questionnaire and version, round, every answer, completeness, agreement with earlier rows of the
same enterprise), collecting every problem instead of stopping at the first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from assessment import credit_code as cc
from assessment.answers import check_answer
from assessment.enterprises import ProfileError, check_profile
from assessment.errors import AssessmentError
from assessment.imports.cells import CellError, converter, to_bool, to_text
from assessment.imports.completeness import check_complete, check_quick_checks
from assessment.imports.problems import ImportProblem
from assessment.imports.reading import PROGRESS_EVERY, Progress, Sheet, header_name, is_empty
from assessment.rounds import RoundError, check_round
from assessment.sheet_columns import (
    BASE_COLUMNS,
    COLUMN_LABELS,
    IGNORED_EXPORT_COLUMNS,
    OPTIONAL_PROFILE_COLUMNS,
    PROFILE_COLUMNS,
    USED_EXPORT_COLUMNS,
    answer_ids,
    part_ids,
)
from questionnaires import available, get
from questionnaires.loader import UnknownQuestionnaire
from questionnaires.loader import catalogue as _every_edition  # current and earlier versions
from questionnaires.schema import AnyQuestionnaire

SECOND_HEADER_MARKS = {COLUMN_LABELS["credit_code"][0], COLUMN_LABELS["credit_code"][1]}
PLACEHOLDER_CODE = cc.complete("91000000000000000")  # stands in for a bad code to check the rest of a row


@dataclass
class CheckedRow:
    """A data row without problems, ready to be written."""

    number: int
    code: str
    given: dict  # profile fields the row gives (normalised), without credit_code
    q: AnyQuestionnaire
    round: str
    answers: dict
    synthetic: bool
    profile: dict  # the row's own checked profile


@dataclass
class Columns:
    """Where the columns the import uses are in the file."""

    index: dict[str, int]  # column id -> 0-based position
    questions: dict[str, int]


def check_header(sheet: Sheet) -> tuple[Columns | None, list[ImportProblem]]:
    """Where each known column is; problems of the header (unknown, repeated, missing, unnamed
    columns holding data). None when the rows cannot be read reliably."""
    problems: list[ImportProblem] = []
    header = sheet.header
    known_questions = {qid for q in _every_edition().values() for qid in answer_ids(q)}
    known_parts = {pid for q in _every_edition().values() for pid in part_ids(q)}
    label_to_id = {zh: key for key, (zh, en) in COLUMN_LABELS.items()}
    if not header or all(is_empty(h) for h in header):
        return None, [
            ImportProblem(1, None, "第 1 行应为列名（表头），但为空", "row 1 must hold the column ids, it is empty")
        ]
    index: dict[str, int] = {}
    questions: dict[str, int] = {}
    duplicated = False
    has_data = [False] * len(header)
    for _, values in sheet.rows:
        for i, v in enumerate(values[: len(header)]):
            if v is not None:
                has_data[i] = True
    widest = max((len(values) for _, values in sheet.rows), default=0)
    for i in range(len(header), widest):
        if any(i < len(values) and values[i] is not None for _, values in sheet.rows):
            letter = get_column_letter(i + 1)
            problems.append(
                ImportProblem(
                    1, letter, f"第 {letter} 列有数据但没有列名", f"column {letter} holds data but has no header"
                )
            )
    for i, raw in enumerate(header):
        if is_empty(raw):
            if has_data[i]:
                letter = get_column_letter(i + 1)
                problems.append(
                    ImportProblem(
                        1, letter, f"第 {letter} 列有数据但没有列名", f"column {letter} holds data but has no header"
                    )
                )
            continue
        name = to_text(raw).strip().lower() if not isinstance(raw, str) else raw.strip().lower()
        if name in index or name in questions:
            problems.append(ImportProblem(1, name, f"列名 {name} 重复", f"column {name} appears more than once"))
            duplicated = True
            continue
        if name in BASE_COLUMNS or name in OPTIONAL_PROFILE_COLUMNS or name in USED_EXPORT_COLUMNS:
            index[name] = i
        elif name in known_questions:
            questions[name] = i
        elif name in IGNORED_EXPORT_COLUMNS or name in known_parts:
            continue
        else:
            hint_zh = hint_en = ""
            if str(raw).strip() in label_to_id:
                hint_zh = f"（请使用列编号 {label_to_id[str(raw).strip()]}）"
                hint_en = f" (use the column id {label_to_id[str(raw).strip()]})"
            problems.append(
                ImportProblem(
                    1,
                    str(raw).strip(),
                    f"未知列 {str(raw).strip()!r}{hint_zh}",
                    f"unknown column {str(raw).strip()!r}{hint_en}",
                )
            )
    missing = [c for c in BASE_COLUMNS if c not in index]
    for name in missing:
        problems.append(
            ImportProblem(
                1,
                name,
                f"缺少必需的列 {name}（{COLUMN_LABELS[name][0]}）",
                f"the required column {name} ({COLUMN_LABELS[name][1]}) is missing",
            )
        )
    # without every base column, or with a column twice, the rows cannot be read reliably
    return (None if missing or duplicated else Columns(index, questions)), problems


def _is_second_header(sheet: Sheet, columns: Columns) -> bool:
    if not sheet.rows:
        return False
    number, values = sheet.rows[0]
    i = columns.index["credit_code"]
    return number == 2 and i < len(values) and isinstance(values[i], str) and values[i] in SECOND_HEADER_MARKS


def _cell(values: list, i: int | None):
    if i is None or i >= len(values):
        return None
    return values[i]


def _check_profile_row(number: int, data: dict, problems: list[ImportProblem]) -> dict | None:
    """check_profile stops at the first bad field; go on with a stand-in value to report every
    bad field of the row."""
    data = dict(data)
    failed: set[str] = set()
    while True:
        try:
            profile = check_profile(data)
        except ProfileError as exc:
            if exc.field in failed:  # cannot happen with the stand-ins; never loop
                return None
            failed.add(exc.field)
            problems.append(ImportProblem(number, exc.field, exc.zh, exc.en))
            data[exc.field] = {"credit_code": PLACEHOLDER_CODE, "name": "-"}.get(exc.field)
            continue
        return None if failed else profile


def _profile_cells(values: list, idx: dict[str, int], bad) -> dict:
    data = {}
    for name in PROFILE_COLUMNS + OPTIONAL_PROFILE_COLUMNS:
        value = _cell(values, idx.get(name))
        if value is None:
            continue
        if name == "credit_code" and isinstance(value, float):
            bad(
                name,
                "统一社会信用代码被 Excel 存成了数字，已丢失位数：请把该列设为文本后重新填写",
                "the credit code was stored as a number and lost digits: format the column as text and re-enter it",
            )
            value = PLACEHOLDER_CODE
        elif name not in ("employees", "revenue"):  # numbers stay numbers for check_profile
            try:
                value = to_text(value)
            except CellError as exc:
                label_zh, label_en = COLUMN_LABELS.get(name, (name, name))
                bad(name, f"{label_zh}：{exc.zh}", f"{label_en}: {exc.en}")
                value = PLACEHOLDER_CODE if name == "credit_code" else "-" if name == "name" else None
        if value is not None:
            data[name] = value
    return data


def _questionnaire_cell(values: list, idx: dict[str, int], bad):
    raw_q = _cell(values, idx["questionnaire"])
    raw_version = _cell(values, idx.get("version"))
    if raw_q is None:
        bad("questionnaire", "问卷编号不能为空", "the questionnaire id is required")
        return None
    qid = to_text(raw_q).strip()
    version = None if raw_version is None else to_text(raw_version).strip()
    try:
        return get(qid, version)
    except UnknownQuestionnaire:
        known = ", ".join(sorted(available()))
        if version is not None and qid in available():
            bad("version", f"问卷 {qid} 没有版本 {version}", f"questionnaire {qid} has no version {version!r}")
        else:
            bad(
                "questionnaire", f"未知问卷 {qid!r}（可用：{known}）", f"unknown questionnaire {qid!r} (known: {known})"
            )
        return None


def check_rows(
    sheet: Sheet, columns: Columns, progress: Progress | None, rounds: set[str]
) -> tuple[list[CheckedRow], list[ImportProblem], int]:
    """Check every row fully; returns (good rows, problems of all rows, number of data rows).
    ``rounds``: the bureau's listed rounds (open or closed), the only ones a row may name."""
    problems: list[ImportProblem] = []
    out: list[CheckedRow] = []
    idx = columns.index
    rows = sheet.rows
    start = 1 if _is_second_header(sheet, columns) else 0
    converters: dict[tuple[str, str, str], Callable] = {}
    first_of_key: dict[tuple[str, str, str], int] = {}
    first_of_code: dict[str, tuple[int, dict]] = {}
    cols_by_q: dict[tuple[str, str], dict[str, int]] = {}
    absent_reported: set[tuple[str, str]] = set()
    total, n_rows = len(rows) - start, 0
    for done, k in enumerate(range(start, len(rows)), start=1):
        # each row read is let go once checked: the file's rows and the checked ones are never
        # both held whole (the peak memory of a 100,000-row check)
        (number, values), rows[k] = rows[k], None  # type: ignore[call-overload]  # let go once read
        if progress and done % PROGRESS_EVERY == 0:
            progress("check", done, total)
        if all(v is None for v in values):
            continue
        n_rows += 1
        row_problems: list[ImportProblem] = []

        def bad(column, zh, en, *, _n=number, _p=row_problems):
            _p.append(ImportProblem(_n, column, zh, en))

        data = _profile_cells(values, idx, bad)
        profile = _check_profile_row(number, data, row_problems)
        synthetic = False
        raw_synthetic = _cell(values, idx.get("synthetic"))
        if raw_synthetic is not None:
            try:
                synthetic = to_bool(raw_synthetic)
            except CellError as exc:
                bad("synthetic", f"合成数据标记：{exc.zh}", f"synthetic flag: {exc.en}")
        q = _questionnaire_cell(values, idx, bad)
        round_ = None
        raw_round = _cell(values, idx["round"])
        try:
            round_ = check_round(to_text(raw_round) if raw_round is not None else None)
            if round_ not in rounds:
                label, round_ = round_, None
                raise RoundError(
                    f"{label} 不在主管部门设定的轮次列表中（先在“基准与备份”页或用 cli.py round add 添加）",
                    f"{label} is not one of the bureau's rounds (add it first on the Benchmarks and backups "
                    "page or with cli.py round add)",
                )
        except (RoundError, CellError) as exc:
            bad("round", f"轮次：{exc.zh}", f"round: {exc.en}")
        answers: dict = {}
        if q is not None:
            qcols = cols_by_q.get((q.id, q.version))
            if qcols is None:
                ids = set(answer_ids(q))
                qcols = cols_by_q[(q.id, q.version)] = {k: i for k, i in columns.questions.items() if k in ids}
            for qid, i in columns.questions.items():
                value = _cell(values, i)
                if value is None:
                    continue
                if qid not in qcols:
                    bad(
                        qid,
                        f"题目 {qid} 不属于问卷 {q.id}，该单元格应为空",
                        f"question {qid} is not in questionnaire {q.id}: leave this cell empty",
                    )
                    continue
                conv = converters.get((q.id, q.version, qid))
                if conv is None:
                    conv = converters[(q.id, q.version, qid)] = converter(q, qid)
                try:
                    answers[qid] = check_answer(q, qid, conv(value, (number, i) in sheet.percent_cells))
                except CellError as exc:
                    bad(qid, f"题目 {qid}：{exc.zh}", f"question {qid}: {exc.en}")
                except AssessmentError as exc:
                    bad(qid, exc.zh, exc.en)
            check_quick_checks(q, answers, bad)
            # cells already reported (formulas, bad values) are not reported again as unanswered
            bad_cols = {header_name(sheet.header, i) for (n, i) in sheet.bad_cells if n == number}
            bad_cols |= {p.column for p in row_problems}  # type: ignore[misc]  # None (no column) matches none
            check_complete(q, answers, qcols, bad_cols, bad, absent_reported, problems)
        given = {}
        if profile is not None:
            given = {k: profile[k] for k in data if k != "credit_code"}
            if "employees" in given or "revenue" in given:
                given["size"] = profile["size"]  # derived from them, as check_profile does
            code = profile["credit_code"]
            earlier = first_of_code.setdefault(code, (number, given))
            for k, v in given.items():
                if earlier[0] != number and k in earlier[1] and earlier[1][k] != v:
                    bad(
                        k,
                        f"与第 {earlier[0]} 行同一企业的{COLUMN_LABELS[k][0]}不一致（{earlier[1][k]} ≠ {v}）",
                        f"differs from the same enterprise's {COLUMN_LABELS[k][1]} in row {earlier[0]} "
                        f"({earlier[1][k]!r} vs {v!r})",
                    )
            if q is not None and round_ is not None:
                first = first_of_key.setdefault((code, q.id, round_), number)
                if first != number:
                    bad(
                        "credit_code",
                        f"与第 {first} 行重复：同一企业、问卷和轮次只能有一行",
                        f"repeats row {first}: one row per enterprise, questionnaire and round",
                    )
        problems += row_problems
        if not row_problems and profile is not None and q is not None and round_ is not None:
            out.append(CheckedRow(number, profile["credit_code"], given, q, round_, answers, synthetic, profile))
    return out, problems, n_rows
