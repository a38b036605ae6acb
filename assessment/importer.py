"""Import of assessments from Excel (``.xlsx``) or CSV, one row per assessment (issue 3, point 5),
and the Excel template to fill in.

All or nothing: the whole file is read and every row checked fully (profile, questionnaire,
round, every answer, completeness) before anything is written; every problem of every row is
collected as ``ImportProblem(row, column, zh, en)``. Only a file without problems is written, in
one ``BEGIN IMMEDIATE`` transaction: a crash or a kill in the middle leaves nothing of it behind.

Reading rules (where the issue is silent, these are our choices):

* Row 1 is the header of column ids. Row 2 is skipped when it is the template's row of Chinese
  labels (its ``credit_code`` cell reads 统一社会信用代码). Rows are numbered as the spreadsheet
  shows them; fully empty rows are skipped silently.
* Columns: ``credit_code, name, park, industry, size, questionnaire, round`` are required; the
  other profile fields (``employees``, ``revenue``, ``region``, ``contact_*``) may be given; one
  column per question id. DCMM: an item's quick-mode level (1-5 or 不确定) or each of its
  criteria (1/0, 是/否, TRUE/FALSE). CMMM: ``path`` (discrete / process, or the path's name),
  then a sub-domain's quick-mode level (0-5, 不确定, or 不适用 where the bank allows it) or each
  of its requirements (1 / 0.8 / 0.5 / 0, or 全部满足 / 大部分满足 / 部分满足 / 不满足, full /
  mostly / partly / none). Both: ``<item>.check`` (1/0) beside a level of 3 or more. The
  columns an export writes are accepted too, so that an export can be imported again:
  ``version`` (the questionnaire version the row was answered on) and ``synthetic`` are used;
  ``status``, ``source``, ``overall_*`` and area / dimension / domain scores are ignored
  (scores are recomputed). Any other column is a problem.
* Excel: the sheet named ``assessments`` (the template's) if there is one, else the first sheet.
  Another sheet that holds data is a problem (its rows would be silently lost); empty extra
  sheets are ignored with a warning. Formula cells, error cells and merged cells are problems
  naming the cell. A text cell that an export neutralised against formula injection (a leading
  ``'``, ``assessment.neutralise``) is read without the apostrophe. The file is refused as a
  whole past the caps of ``assessment.xlsx_reader`` (columns, rows, cells), before the rest of
  it is read.
* CSV: UTF-8 (with or without BOM), else GB18030 (a superset of the GBK that Excel writes in
  China); refused past the same row and column caps.
* An existing enterprise (matched by credit code) keeps the fields the file leaves empty and
  takes the values the file gives.
* Every imported assessment is a new submitted assessment with source ``import`` (or
  ``onsite`` for the bureau's on-site ratings); if the enterprise already had one for that
  questionnaire, round and source, the imported one becomes the current one.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from assessment import credit_code as cc
from assessment import flag_store
from assessment.access import Actor, require_role
from assessment.answers import (
    NOT_APPLICABLE,
    PATH_KEY,
    UNSURE,
    check_answer,
    check_id,
    checked_item,
    require_checkable,
)
from assessment.audit import record, record_alone
from assessment.db import Store
from assessment.directory import SIZES, industry_names, park_names
from assessment.enterprises import FIELDS, LABELS, ProfileError, check_profile, confirm_in, save_profile
from assessment.errors import AssessmentError
from assessment.lifecycle import record_submitted, required_questions, result_parts
from assessment.neutralise import restore
from assessment.rounds import RoundError, check_round, known
from assessment.scoring import score
from assessment.xlsx_reader import MAX_COLUMNS, SpreadsheetRefused, Workbook, is_percent
from questionnaires import DcmmQuestionnaire, SmeQuestionnaire, available, get
from questionnaires.loader import UnknownQuestionnaire
from questionnaires.loader import catalogue as _every_edition  # current and earlier versions
from questionnaires.schema import AnyQuestionnaire, CmmmQuestionnaire

BASE_COLUMNS = ("credit_code", "name", "park", "industry", "size", "questionnaire", "round")
PROFILE_COLUMNS = ("credit_code", "name", "park", "industry", "size")
OPTIONAL_PROFILE_COLUMNS = tuple(f for f in FIELDS if f not in PROFILE_COLUMNS)
USED_EXPORT_COLUMNS = ("version", "synthetic")
IGNORED_EXPORT_COLUMNS = ("status", "source", "overall_score", "overall_level", "archetype")
SHEET_TITLE = "assessments"
SOURCES = ("import", "onsite")
MAX_ROWS = 100_000
PROGRESS_EVERY = 1000

COLUMN_LABELS = {
    **LABELS,
    "questionnaire": ("问卷编号", "questionnaire id"),
    "round": ("评估轮次", "round"),
    "version": ("问卷版本", "questionnaire version"),
    "synthetic": ("合成数据", "synthetic"),
}
SECOND_HEADER_MARKS = {COLUMN_LABELS["credit_code"][0], COLUMN_LABELS["credit_code"][1]}
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
_PLACEHOLDER_CODE = cc.complete("91000000000000000")

Progress = Callable[[str, int, int], None]


# ------------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class ImportProblem:
    """One problem: spreadsheet row (1 = header; None = the whole file), column id, message."""

    row: int | None
    column: str | None
    zh: str
    en: str
    cell: str | None = None

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass
class ImportReport:
    file: str
    source: str = "import"
    dry_run: bool = False
    rows: int = 0
    assessments: int = 0
    enterprises_created: int = 0
    enterprises_updated: int = 0
    enterprises_unchanged: int = 0
    assessment_ids: list[int] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "file": self.file,
            "source": self.source,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "assessments": self.assessments,
            "enterprises_created": self.enterprises_created,
            "enterprises_updated": self.enterprises_updated,
            "enterprises_unchanged": self.enterprises_unchanged,
            "problems": len(self.problems),
            "warnings": [f"{zh} / {en}" for zh, en in self.warnings],
        }


class ImportSourceError(AssessmentError):
    """An import source other than ``import`` or ``onsite``."""


class ImportRejected(AssessmentError):
    """The file has problems; nothing was written. ``problems`` lists them all, ``report`` has
    the counts read so far."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.problems = report.problems
        n = len(report.problems)
        super().__init__(
            f"导入文件有 {n} 处问题，未写入任何数据",
            f"the import file has {n} problem{'s' if n != 1 else ''}; nothing was written",
        )


def _problem(row, column, zh, en, cell=None) -> ImportProblem:
    return ImportProblem(row, column, zh, en, cell)


# ------------------------------------------------------------------------------------ reading


@dataclass
class Sheet:
    """What was read from the file: header (row 1), data rows, and problems of the file itself."""

    header: list[str | None]
    rows: list[tuple[int, list]]  # (spreadsheet row number, values)
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    bad_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, 0-based column) read as problems
    percent_cells: set[tuple[int, int]] = field(default_factory=set)


class _FileProblem(Exception):
    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _clean_text(value):
    if isinstance(value, str):
        text = restore(value.strip())
        return text or None
    return value


def _shared(value, same: dict[str, str]):
    """One object for equal texts: a park, a round, an option id repeat on every row, and 100,000
    rows of separate copies would take ~100 MB more."""
    return same.setdefault(value, value) if isinstance(value, str) else value


def read_sheet(data: bytes, filename: str, *, progress: Progress | None = None) -> Sheet:
    """Read an .xlsx or .csv file's first table (see the module docstring for the rules)."""
    suffix = Path(filename).suffix.lower()
    if data[:4] == b"PK\x03\x04" or suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, progress)
    if suffix == ".xls" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _FileProblem(
            "不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV",
            "old Excel files (.xls) are not supported: save the file as .xlsx or CSV",
        )
    if suffix in (".csv", ".txt", ""):
        return _read_csv(data)
    raise _FileProblem(
        f"不支持的文件类型 {suffix}，请使用 .xlsx 或 .csv",
        f"unsupported file type {suffix}: use .xlsx or .csv",
    )


def decode_csv(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM (Excel's "Unicode text"), else GB18030 (GBK)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _FileProblem(
        "无法识别 CSV 文件的编码（应为 UTF-8 或 GBK/GB18030）",
        "cannot read the CSV file's encoding (expected UTF-8 or GBK/GB18030)",
    )


def _read_csv(data: bytes) -> Sheet:
    text = decode_csv(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","  # Excel's "Unicode text" uses tabs
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    sheet = Sheet(header=[], rows=[])
    same: dict[str, str] = {}
    try:
        for n, record in enumerate(reader, start=1):
            if len(record) > MAX_COLUMNS:
                raise _FileProblem(
                    f"第 {n} 行超过 {MAX_COLUMNS:,} 列：请删除多余的列",
                    f"row {n} has more than {MAX_COLUMNS:,} columns: delete the extra columns",
                )
            values = [_shared(_clean_text(v), same) for v in record]
            if n == 1:
                sheet.header = values
            elif any(v is not None for v in values):  # empty rows are not kept (nor checked)
                if len(sheet.rows) > MAX_ROWS:  # one more than the limit: the optional label row
                    raise _FileProblem(
                        f"行数超过上限 {MAX_ROWS:,}（第 {n} 行），请分成多个文件导入",
                        f"more than {MAX_ROWS:,} rows (at row {n}): split the file",
                    )
                sheet.rows.append((n, values))
    except csv.Error as exc:
        raise _FileProblem(f"CSV 格式错误：{exc}", f"malformed CSV: {exc}") from None
    return sheet


# The workbook is read by assessment.xlsx_reader: openpyxl's public read-only mode, after a
# streaming scan that refuses a file past the caps (rows, columns, filled cells) before reading
# the rest, whatever sizes the file claims.


def _read_xlsx(data: bytes, progress: Progress | None) -> Sheet:
    try:
        book = Workbook(data, max_rows=MAX_ROWS + 2)  # the header and the template's optional label row
    except SpreadsheetRefused as exc:
        raise _FileProblem(exc.zh, exc.en) from None
    with book:
        try:
            return _read_book(book, progress)
        except SpreadsheetRefused as exc:
            raise _FileProblem(exc.zh, exc.en) from None


def _read_book(book: Workbook, progress: Progress | None) -> Sheet:
    if not book.sheets:
        raise _FileProblem("工作簿中没有工作表", "the workbook has no worksheet")
    title = SHEET_TITLE if SHEET_TITLE in book.sheets else book.sheets[0]
    result = Sheet(header=[], rows=[])
    for other in book.sheets:
        if other == title:
            continue
        if book.scans[other].filled_rows and any(
            not _is_empty(v) for _, cells in book.rows(other) for _, v, _, _ in cells
        ):
            result.problems.append(
                _problem(
                    None,
                    None,
                    f"工作表“{other}”也有数据：只能导入一个工作表（“{title}”），请把数据合并到一个工作表或删除其他工作表",
                    f"sheet {other!r} holds data too: only one sheet ({title!r}) is imported; "
                    "move the data into one sheet or delete the others",
                )
            )
        else:
            result.warnings.append((f"已忽略空白工作表“{other}”", f"the empty sheet {other!r} was ignored"))
    merges = book.scans[title].merges
    percent_cols: set[int] = set()
    same: dict[str, str] = {}
    for number, cells in book.rows(title):
        values: list = [None] * (cells[-1][0] + 1) if cells else []
        for i, value, kind, cell in cells:
            if kind:
                result.bad_cells.add((number, i))
                result.problems.append(_bad_cell_problem(number, i, value, kind, result.header))
                continue
            if i in percent_cols and is_percent(cell):
                result.percent_cells.add((number, i))
            values[i] = _shared(_clean_text(value), same)
        if number == 1:
            result.header = values
            percent_cols = _percent_columns(values)
            continue
        if not any(v is not None for v in values):
            continue  # empty rows are skipped; rows keep the numbers the spreadsheet shows
        if len(result.rows) > MAX_ROWS:  # one more than the limit: the optional label row
            result.problems.append(
                _problem(
                    number,
                    None,
                    f"行数超过上限 {MAX_ROWS:,}，请分成多个文件导入",
                    f"more than {MAX_ROWS:,} rows: split the file",
                )
            )
            break
        result.rows.append((number, values))
        if progress and len(result.rows) % PROGRESS_EVERY == 0:
            progress("read", len(result.rows), 0)
    for ref in merges:
        first = ref.split(":")[0]
        letters = first.rstrip("0123456789")
        result.problems.append(
            _problem(
                int(first[len(letters) :] or 0),
                letters,
                f"合并单元格 {ref}：请取消合并，每个单元格单独填写",
                f"merged cells {ref}: unmerge them and fill each cell",
                cell=ref,
            )
        )
    return result


def _bad_cell_problem(number: int, i: int, value, kind: str, header: list) -> ImportProblem:
    ref = f"{get_column_letter(i + 1)}{number}"
    if kind == "f":
        zh = f"单元格 {ref} 是公式 {str(value)[:40]}：请改为填写数值（复制后“选择性粘贴—数值”）"
        en = f"cell {ref} holds a formula {str(value)[:40]}: enter the value itself (paste as values)"
    else:
        zh = f"单元格 {ref} 是错误值 {value}"
        en = f"cell {ref} holds an error value {value}"
    return _problem(number, _header_name(header, i) if number > 1 else get_column_letter(i + 1), zh, en, cell=ref)


def _percent_columns(header: list) -> set[int]:
    """Columns of band questions measured in %: an Excel percentage cell (0.45 shown as 45%)
    means 45 there."""
    percent_ids = {
        x.id
        for q in _every_edition().values()
        if isinstance(q, SmeQuestionnaire)
        for x in q.questions
        if x.type == "band" and x.unit is not None and x.unit.zh.strip() == "%"
    }
    return {i for i, h in enumerate(header) if isinstance(h, str) and h.strip().lower() in percent_ids}


def _header_name(header: list, index: int) -> str:
    if index < len(header) and isinstance(header[index], str) and header[index].strip():
        return header[index].strip().lower()
    return get_column_letter(index + 1)


# ----------------------------------------------------------------------------- converting cells


class _Bad(Exception):
    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en


def _shown(value) -> str:
    text = repr(value) if not isinstance(value, str) else repr(value)
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


def _to_text(value) -> str:
    if isinstance(value, datetime | date | time):
        raise _Bad("是日期/时间，应为文本", "is a date or time, expected text")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    whole = _whole(value) if isinstance(value, int | float) else None
    if whole is not None:
        return str(whole)
    return str(value)


def _to_bool(value) -> bool:
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
    raise _Bad(
        f"应为 1/0、是/否 或 TRUE/FALSE，收到 {_shown(value)}",
        f"expected 1/0, 是/否 or TRUE/FALSE, got {_shown(value)}",
    )


def _to_int(value) -> int:
    whole = _whole(value)
    if whole is None:
        raise _Bad(f"应为整数，收到 {_shown(value)}", f"expected a whole number, got {_shown(value)}")
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
    except _Bad:
        shown = " / ".join(f"{v:g}" for v in reversed(q.answer_values))
        raise _Bad(
            f"应为 {shown} 或 全部满足/大部分满足/部分满足/不满足，收到 {_shown(value)}",
            f"expected {shown} or full/mostly/partly/none, got {_shown(value)}",
        ) from None


def _to_number(value, percent: bool) -> float | int:
    if isinstance(value, bool) or isinstance(value, datetime | date | time):
        raise _Bad(f"应为数字，收到 {_shown(value)}", f"expected a number, got {_shown(value)}")
    if isinstance(value, int | float):
        number = value * 100 if percent else value
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        if text.endswith("%"):
            text = text[:-1].strip()
        try:
            number = float(text)
        except ValueError:
            raise _Bad(f"应为数字，收到 {_shown(value)}", f"expected a number, got {_shown(value)}") from None
    if isinstance(number, float) and not math.isfinite(number):
        raise _Bad(f"应为数字，收到 {_shown(value)}", f"expected a number, got {_shown(value)}")
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def _to_option(value) -> str:
    if isinstance(value, bool) or isinstance(value, datetime | date | time):
        raise _Bad(f"应为选项编号，收到 {_shown(value)}", f"expected an option id, got {_shown(value)}")
    return _to_text(value).strip()


def _to_options(value) -> list[str]:
    text = _to_option(value)
    return [part.strip() for part in re.split(r"[;；,，]", text) if part.strip()]


def _converter(q, key: str):
    """How a cell of question ``key`` becomes an answer value, before check_answer."""
    if isinstance(q, CmmmQuestionnaire):
        if key == PATH_KEY:
            return lambda v, p: _to_path(q, v)
        if key in q.requirement_by_id:
            return lambda v, p: _to_requirement(q, v)
        if checked_item(q, key) is not None:
            return lambda v, p: _to_bool(v)
        return lambda v, p: _to_subdomain_level(v)
    if isinstance(q, DcmmQuestionnaire):
        if key in q.criterion_by_id or checked_item(q, key) is not None:
            return lambda v, p: _to_bool(v)
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


def question_ids(q) -> list[str]:
    """Answer columns of a questionnaire, in form order: DCMM item (quick mode) then its criteria;
    CMMM the path, then each sub-domain (quick mode) then its requirements; SME question then its
    raw figures, then the scenarios."""
    if isinstance(q, SmeQuestionnaire):
        return [qid for x in q.questions for qid in (x.id, *(f.id for f in x.figures))] + [s.id for s in q.scenarios]
    first = [PATH_KEY] if isinstance(q, CmmmQuestionnaire) else []
    return first + [qid for item_id in q.quick_item_ids for qid in (item_id, *q.detail_ids(item_id))]


def answer_ids(q) -> list[str]:
    """Every answer column an import reads: the form's questions, and for DCMM and CMMM the
    quick-mode checks (``<item>.check``), which an export carries but the template leaves out."""
    if isinstance(q, SmeQuestionnaire):
        return question_ids(q)
    return question_ids(q) + [check_id(item_id) for item_id in q.quick_item_ids]


_PARTS: dict[tuple[str, str], list[str]] = {}


def part_ids(q) -> list[str]:
    """The ids of the per-part scores the store keeps (DCMM areas; SME dimensions and
    ``operations``), in order: taken from ``lifecycle.result_parts`` so that they stay in step."""
    key = (q.id, q.version)
    if key not in _PARTS:
        _PARTS[key] = list(result_parts(score(q, {})))
    return _PARTS[key]


# ------------------------------------------------------------------------------------ checking


@dataclass
class _Row:
    number: int
    code: str
    given: dict  # profile fields the row gives (normalised), without credit_code
    q: AnyQuestionnaire
    round: str
    answers: dict
    synthetic: bool
    profile: dict  # the row's own checked profile


@dataclass
class _Columns:
    index: dict[str, int]  # column id -> 0-based position
    questions: dict[str, int]


def _check_header(sheet: Sheet) -> tuple[_Columns | None, list[ImportProblem]]:
    problems: list[ImportProblem] = []
    header = sheet.header
    known_questions = {qid for q in _every_edition().values() for qid in answer_ids(q)}
    known_parts = {pid for q in _every_edition().values() for pid in part_ids(q)}
    label_to_id = {zh: key for key, (zh, en) in COLUMN_LABELS.items()}
    if not header or all(_is_empty(h) for h in header):
        return None, [
            _problem(1, None, "第 1 行应为列名（表头），但为空", "row 1 must hold the column ids, it is empty")
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
                _problem(1, letter, f"第 {letter} 列有数据但没有列名", f"column {letter} holds data but has no header")
            )
    for i, raw in enumerate(header):
        if _is_empty(raw):
            if has_data[i]:
                letter = get_column_letter(i + 1)
                problems.append(
                    _problem(
                        1, letter, f"第 {letter} 列有数据但没有列名", f"column {letter} holds data but has no header"
                    )
                )
            continue
        name = _to_text(raw).strip().lower() if not isinstance(raw, str) else raw.strip().lower()
        if name in index or name in questions:
            problems.append(_problem(1, name, f"列名 {name} 重复", f"column {name} appears more than once"))
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
                _problem(
                    1,
                    str(raw).strip(),
                    f"未知列 {str(raw).strip()!r}{hint_zh}",
                    f"unknown column {str(raw).strip()!r}{hint_en}",
                )
            )
    missing = [c for c in BASE_COLUMNS if c not in index]
    for name in missing:
        problems.append(
            _problem(
                1,
                name,
                f"缺少必需的列 {name}（{COLUMN_LABELS[name][0]}）",
                f"the required column {name} ({COLUMN_LABELS[name][1]}) is missing",
            )
        )
    # without every base column, or with a column twice, the rows cannot be read reliably
    return (None if missing or duplicated else _Columns(index, questions)), problems


def _is_second_header(sheet: Sheet, columns: _Columns) -> bool:
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
            problems.append(_problem(number, exc.field, exc.zh, exc.en))
            data[exc.field] = {"credit_code": _PLACEHOLDER_CODE, "name": "-"}.get(exc.field)
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
            value = _PLACEHOLDER_CODE
        elif name not in ("employees", "revenue"):  # numbers stay numbers for check_profile
            try:
                value = _to_text(value)
            except _Bad as exc:
                label_zh, label_en = COLUMN_LABELS.get(name, (name, name))
                bad(name, f"{label_zh}：{exc.zh}", f"{label_en}: {exc.en}")
                value = _PLACEHOLDER_CODE if name == "credit_code" else "-" if name == "name" else None
        if value is not None:
            data[name] = value
    return data


def _questionnaire_cell(values: list, idx: dict[str, int], bad):
    raw_q = _cell(values, idx["questionnaire"])
    raw_version = _cell(values, idx.get("version"))
    if raw_q is None:
        bad("questionnaire", "问卷编号不能为空", "the questionnaire id is required")
        return None
    qid = _to_text(raw_q).strip()
    version = None if raw_version is None else _to_text(raw_version).strip()
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


def _check_rows(
    sheet: Sheet, columns: _Columns, progress: Progress | None, rounds: set[str]
) -> tuple[list[_Row], list[ImportProblem], int]:
    """Check every row fully; returns (good rows, problems of all rows, number of data rows).
    ``rounds``: the bureau's listed rounds (open or closed), the only ones a row may name."""
    problems: list[ImportProblem] = []
    out: list[_Row] = []
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
            _p.append(_problem(_n, column, zh, en))

        data = _profile_cells(values, idx, bad)
        profile = _check_profile_row(number, data, row_problems)
        synthetic = False
        raw_synthetic = _cell(values, idx.get("synthetic"))
        if raw_synthetic is not None:
            try:
                synthetic = _to_bool(raw_synthetic)
            except _Bad as exc:
                bad("synthetic", f"合成数据标记：{exc.zh}", f"synthetic flag: {exc.en}")
        q = _questionnaire_cell(values, idx, bad)
        round_ = None
        raw_round = _cell(values, idx["round"])
        try:
            round_ = check_round(_to_text(raw_round) if raw_round is not None else None)
            if round_ not in rounds:
                label, round_ = round_, None
                raise RoundError(
                    f"{label} 不在主管部门设定的轮次列表中（先在“基准与备份”页或用 cli.py round add 添加）",
                    f"{label} is not one of the bureau's rounds (add it first on the Benchmarks and backups "
                    "page or with cli.py round add)",
                )
        except (RoundError, _Bad) as exc:
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
                    conv = converters[(q.id, q.version, qid)] = _converter(q, qid)
                try:
                    answers[qid] = check_answer(q, qid, conv(value, (number, i) in sheet.percent_cells))
                except _Bad as exc:
                    bad(qid, f"题目 {qid}：{exc.zh}", f"question {qid}: {exc.en}")
                except AssessmentError as exc:
                    bad(qid, exc.zh, exc.en)
            _check_quick_checks(q, answers, bad)
            # cells already reported (formulas, bad values) are not reported again as unanswered
            bad_cols = {_header_name(sheet.header, i) for (n, i) in sheet.bad_cells if n == number}
            bad_cols |= {p.column for p in row_problems}  # type: ignore[misc]  # None (no column) matches none
            _check_complete(q, answers, qcols, bad_cols, bad, absent_reported, problems)
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
            out.append(_Row(number, profile["credit_code"], given, q, round_, answers, synthetic, profile))
    return out, problems, n_rows


def _check_quick_checks(q, answers: dict, bad) -> None:
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


def _check_complete(q, answers: dict, qcols: dict, bad_cols: set, bad, absent_reported: set, problems: list) -> None:
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
            problems.append(_problem(1, qid, zh, en))

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


# ------------------------------------------------------------------------------- enterprises


_PROFILE_KEYS = (*FIELDS, "synthetic")


def _existing(db, codes: list[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    cols = ", ".join(_PROFILE_KEYS)
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(f"SELECT {cols} FROM enterprises WHERE credit_code IN ({marks})", chunk).fetchall():
            found[row[0]] = dict(zip(_PROFILE_KEYS, row))
    return found


def _merge(rows: list[_Row], existing: dict[str, dict]) -> tuple[dict[str, dict], dict[str, str], list[ImportProblem]]:
    """The profile each enterprise will have: the stored one with the file's values on top.
    Returns (profile by code, 'created' / 'updated' / 'unchanged' by code, problems)."""
    merged: dict[str, dict] = {}
    first: dict[str, _Row] = {}
    several: set[str] = set()
    for row in rows:
        if row.code in first:
            several.add(row.code)
        base = merged.get(row.code) or dict(existing.get(row.code) or {"credit_code": row.code, "synthetic": 0})
        base.update(row.given)
        base["synthetic"] = 1 if (base.get("synthetic") or row.synthetic) else 0
        merged[row.code] = base
        first.setdefault(row.code, row)
    profiles, states, problems = {}, {}, []
    for code, data in merged.items():
        if code not in existing and code not in several:  # the row's profile, already checked
            profile = {**first[code].profile, "synthetic": data["synthetic"]}
        else:
            try:
                profile = check_profile(data)
            except ProfileError as exc:
                problems.append(_problem(first[code].number, exc.field, exc.zh, exc.en))
                continue
        profiles[code] = profile
        old = existing.get(code)
        if old is None:
            states[code] = "created"
        else:
            states[code] = "unchanged" if all(old.get(k) == profile.get(k) for k in _PROFILE_KEYS) else "updated"
    return profiles, states, problems


# ------------------------------------------------------------------------------------ importing


def _read_input(file: str | os.PathLike | BinaryIO | bytes, filename: str | None) -> tuple[bytes, str]:
    if isinstance(file, bytes):
        return file, filename or "upload"
    if hasattr(file, "read"):
        return file.read(), filename or getattr(file, "name", "upload")  # type: ignore[return-value]  # a binary file
    path = Path(file)
    try:
        return path.read_bytes(), filename or path.name
    except OSError as exc:
        raise _FileProblem(
            f"无法读取文件 {path}：{exc.strerror or exc}", f"cannot read {path}: {exc.strerror or exc}"
        ) from None


def import_file(
    store: Store,
    actor: Actor,
    file: str | os.PathLike | BinaryIO | bytes,
    *,
    filename: str | None = None,
    dry_run: bool = False,
    source: str = "import",
    progress: Progress | None = None,
) -> ImportReport:
    """Check a whole .xlsx / .csv file, then (unless ``dry_run``) write all of it in one
    transaction. Raises ImportRejected with every problem if there is any; nothing is written
    then. Administrators only."""
    require_role(store, actor, "admin", "import")
    if source not in SOURCES:
        raise ImportSourceError(
            f"来源应为 {' 或 '.join(SOURCES)}，收到 {source!r}", f"source must be one of {', '.join(SOURCES)}"
        )
    report = ImportReport(file=filename or str(getattr(file, "name", file))[:200], source=source, dry_run=dry_run)
    try:
        data, report.file = _read_input(file, filename)
        sheet = read_sheet(data, report.file, progress=progress)
    except _FileProblem as exc:
        report.problems.append(_problem(None, None, exc.zh, exc.en))
        _reject(store, actor, report)
    report.warnings += sheet.warnings
    report.problems += sheet.problems
    columns, header_problems = _check_header(sheet)
    report.problems += header_problems
    rows: list[_Row] = []
    if columns is not None:
        rows, row_problems, report.rows = _check_rows(sheet, columns, progress, known(store.db))
        report.problems += row_problems
    if columns is not None and not report.rows and not report.problems:
        report.problems.append(_problem(None, None, "文件中没有数据行", "the file has no data rows"))
    if report.problems:
        _reject(store, actor, report)
    codes = list(dict.fromkeys(r.code for r in rows))
    if dry_run:
        profiles, states, problems = _merge(rows, _existing(store.db, codes))
        report.problems += problems
        if problems:
            _reject(store, actor, report)
        _count(report, states, rows)
        return report
    try:
        with store.write() as db:
            # read the stored profiles inside the transaction: nobody changes them under us
            profiles, states, problems = _merge(rows, _existing(db, codes))
            if problems:
                report.problems += problems
                raise ImportRejected(report)
            for code, profile in profiles.items():
                if states[code] != "unchanged":
                    save_profile(db, profile, actor)
                confirm_in(db, actor, code, "import")  # the bureau's own returns vouch for it
            total = len(rows)
            for done, row in enumerate(rows, start=1):
                new_id = record_submitted(
                    db,
                    actor,
                    row.code,
                    row.q,
                    row.round,
                    source,
                    row.answers,
                    synthetic=bool(profiles[row.code]["synthetic"]),
                )
                report.assessment_ids.append(new_id)
                if progress and (done % PROGRESS_EVERY == 0 or done == total):
                    progress("write", done, total)
            flag_store.store_flags(db, report.assessment_ids)  # doubt flags, with every round written
            _count(report, states, rows)
            record(db, actor, "import", "file", report.file, detail=_audit_detail(report))
    except ImportRejected:  # rolled back; the failed attempt is audited outside the transaction
        report.assessment_ids.clear()
        _reject(store, actor, report)
    return report


def _count(report: ImportReport, states: dict[str, str], rows: list[_Row]) -> None:
    report.assessments = len(rows)
    report.enterprises_created = sum(s == "created" for s in states.values())
    report.enterprises_updated = sum(s == "updated" for s in states.values())
    report.enterprises_unchanged = sum(s == "unchanged" for s in states.values())


def _audit_detail(report: ImportReport) -> dict:
    detail = report.summary()
    detail.pop("warnings", None)
    detail.pop("file", None)
    return detail


def _reject(store: Store, actor: Actor, report: ImportReport):
    report.problems.sort(key=lambda p: p.row or 0)  # stable: within a row, in column order
    if not report.dry_run:
        record_alone(store, actor, "import", "file", report.file, outcome="failed", detail=_audit_detail(report))
    raise ImportRejected(report)


# ------------------------------------------------------------------------------------ template


def _label(q, qid: str) -> str:
    if isinstance(q, CmmmQuestionnaire):
        if qid == PATH_KEY:
            return "制造类型（" + "、".join(f"{p} {q.path_names[p].zh}" for p in q.paths) + "）"
        if qid in q.subdomain_by_id:
            sub = q.subdomain_by_id[qid]
            na = "、“不适用”" if sub.may_be_na else ""
            return f"{sub.name.zh}（快速模式：等级 0–5、“不确定”{na}）"
        return q.requirement_by_id[qid].text.zh
    if isinstance(q, DcmmQuestionnaire):
        if qid in q.item_by_id:
            return f"{q.item_by_id[qid].name.zh}（快速模式：等级 1–5 或“不确定”）"
        return q.criterion_by_id[qid].text.zh
    if qid in q.scenario_by_id:
        s = q.scenario_by_id[qid]
        return f"{s.name.zh}（场景等级 0–4）"
    if qid in q.figure_by_id:
        f = q.figure_by_id[qid]
        return f"{f.name.zh}（{f.unit.zh}）" if f.unit else f.name.zh
    x = q.question_by_id[qid]
    if x.type == "multi":
        return f"{x.name.zh}（可多选，用 ; 分隔）"
    if x.type == "band":
        return f"{x.name.zh}（{x.unit.zh}）" if x.unit else x.name.zh
    return x.name.zh


def _validation_for(q, qid: str) -> tuple:
    """A hashable description of the data validation of a question column (None: none)."""
    if isinstance(q, CmmmQuestionnaire):
        if qid == PATH_KEY:
            return ("list", ",".join(q.paths), "制造类型 / manufacturing path: " + " / ".join(q.paths))
        if qid in q.subdomain_by_id:
            if q.subdomain_by_id[qid].may_be_na:
                return (
                    "list",
                    "0,1,2,3,4,5,不确定,不适用",
                    "快速模式等级、“不确定”或“不适用” / level 0-5, not sure, na",
                )
            return ("list", "0,1,2,3,4,5,不确定", "快速模式等级或“不确定” / quick-mode level 0-5, or not sure")
        values = ",".join(f"{v:g}" for v in reversed(q.answer_values))
        words = ",".join(w[0] for w in REQUIREMENT_WORDS.values())
        meaning = " / ".join(f"{REQUIREMENT_WORDS[name][0]} {v:g}" for name, v in q.scoring.values.items())
        return ("list", f"{values},{words}", meaning)
    if isinstance(q, DcmmQuestionnaire):
        if qid in q.item_by_id:
            return ("list", "1,2,3,4,5,不确定", "快速模式等级或“不确定” / quick-mode level 1-5, or not sure")
        return ("list", "1,0", "1 = 是 met, 0 = 否 not met")
    if qid in q.scenario_by_id:
        return ("list", "0,1,2,3,4", "场景等级 / scenario level: 0-4")
    if qid in q.figure_by_id:
        return ("decimal", "0", None, "不小于 0 的数字 / a number >= 0")
    x = q.question_by_id[qid]
    ids = [o.id for o in x.options]
    if x.type == "single":
        return ("list", ",".join(ids), "选项编号 / option id")
    if x.type == "multi":
        return ("prompt", "用 ; 分隔的选项编号 / option ids separated by ;: " + ", ".join(ids))
    return ("decimal", f"{x.bands[0].min:g}", f"{x.bands[-1].max:g}", f"{x.bands[0].min:g}–{x.bands[-1].max:g}")


def _data_validation(spec: tuple) -> DataValidation:
    kind = spec[0]
    if kind == "list":
        dv = DataValidation(type="list", formula1=f'"{spec[1]}"', allow_blank=True)
        prompt = spec[2]
    elif kind == "decimal":
        if spec[2] is None:
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=spec[1], allow_blank=True)
        else:
            dv = DataValidation(
                type="decimal", operator="between", formula1=spec[1], formula2=spec[2], allow_blank=True
            )
        prompt = spec[3]
    else:
        dv = DataValidation(type=None, allow_blank=True)
        prompt = spec[1]
    dv.error = "值不在允许范围内 / value not allowed"
    dv.errorTitle = "导入模板 / import template"
    dv.prompt = prompt[:250]
    dv.showInputMessage = True
    dv.showErrorMessage = kind != "prompt"
    return dv


def write_template(questionnaire: str, path: str | os.PathLike, *, version: str | None = None) -> Path:
    """An .xlsx to fill in: row 1 the column ids, row 2 their Chinese text, data validation lists
    for option, yes/no and level columns, frozen header rows."""
    q = get(questionnaire, version)  # an unknown one raises UnknownQuestionnaire, an AssessmentError
    path = Path(path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    qids = question_ids(q)
    columns = list(BASE_COLUMNS) + qids
    ws.append(columns)
    ws.append([COLUMN_LABELS[c][0] for c in BASE_COLUMNS] + [_label(q, qid) for qid in qids])
    bold = Font(bold=True)
    label_font = Font(italic=True, color="555555")
    fill = PatternFill("solid", fgColor="EEF2F7")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
    for cell in ws[2]:
        cell.font = label_font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 60
    for i in range(1, len(columns) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 22 if i <= len(BASE_COLUMNS) else 16
    ws.freeze_panes = "C3"
    sizes = ",".join(list(SIZES) + [zh for zh, en in SIZES.values()])
    specs: dict[tuple, list[str]] = {}
    specs.setdefault(("list", sizes, "micro/small/medium/large 或 微型/小型/中型/大型"), []).append("E")
    specs.setdefault(("list", q.id, "问卷编号 / questionnaire id"), []).append("F")
    loose = {}
    for letter, names in (("C", park_names()), ("D", industry_names())):
        joined = ",".join(names)
        if len(joined) <= 250:
            loose[letter] = joined
    for i, qid in enumerate(qids, start=len(BASE_COLUMNS) + 1):
        spec = _validation_for(q, qid)
        if spec[0] == "list" and len(spec[1]) > 250:  # Excel's limit for an inline list
            spec = ("prompt", spec[2] + ": " + spec[1])
        specs.setdefault(spec, []).append(get_column_letter(i))
    for spec, letters in specs.items():
        dv = _data_validation(spec)
        for letter in letters:
            dv.add(f"{letter}3:{letter}1048576")
        ws.add_data_validation(dv)
    for letter, joined in loose.items():
        # parks and industries outside the district's lists are allowed: a warning, not a stop
        dv = DataValidation(type="list", formula1=f'"{joined}"', allow_blank=True, errorStyle="warning")
        dv.error = "不在常用列表中，仍可使用 / not in the usual list, still allowed"
        dv.add(f"{letter}3:{letter}1048576")
        ws.add_data_validation(dv)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
