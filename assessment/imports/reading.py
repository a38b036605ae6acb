"""Reading an import file: sniffing its type, decoding a CSV, reading a workbook's sheet into a
header and rows of cell values, with the problems of the file itself (other sheets holding data,
formula, error and merged cells) and the caps on its size. No cell is interpreted here: that is
``assessment.imports.cells``."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from openpyxl.utils import get_column_letter

from assessment.imports.problems import FileProblem, ImportProblem
from assessment.neutralise import restore
from assessment.sheet_columns import SHEET_TITLE
from assessment.xlsx_reader import MAX_COLUMNS, SpreadsheetRefused, Workbook, is_percent
from questionnaires import SmeQuestionnaire
from questionnaires.loader import catalogue as _every_edition  # current and earlier versions

MAX_ROWS = 100_000
PROGRESS_EVERY = 1000

Progress = Callable[[str, int, int], None]  # (phase: read / check / write, done, total or 0)


def read_input(file: str | os.PathLike | BinaryIO | bytes, filename: str | None) -> tuple[bytes, str]:
    """The bytes of a path, an open binary file or bytes, and the file's name for the report."""
    if isinstance(file, bytes):
        return file, filename or "upload"
    if hasattr(file, "read"):
        return file.read(), filename or getattr(file, "name", "upload")  # type: ignore[return-value]  # a binary file
    path = Path(file)
    try:
        return path.read_bytes(), filename or path.name
    except OSError as exc:
        raise FileProblem(
            f"无法读取文件 {path}：{exc.strerror or exc}", f"cannot read {path}: {exc.strerror or exc}"
        ) from None


@dataclass
class Sheet:
    """What was read from the file: header (row 1), data rows, and problems of the file itself."""

    header: list[str | None]
    rows: list[tuple[int, list]]  # (spreadsheet row number, values)
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    bad_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, 0-based column) read as problems
    percent_cells: set[tuple[int, int]] = field(default_factory=set)


def is_empty(value) -> bool:
    """A cell with nothing in it, or only spaces."""
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
    """Read an .xlsx or .csv file's first table (the rules: ``assessment.imports``)."""
    suffix = Path(filename).suffix.lower()
    if data[:4] == b"PK\x03\x04" or suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, progress)
    if suffix == ".xls" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileProblem(
            "不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV",
            "old Excel files (.xls) are not supported: save the file as .xlsx or CSV",
        )
    if suffix in (".csv", ".txt", ""):
        return _read_csv(data)
    raise FileProblem(
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
    raise FileProblem(
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
                raise FileProblem(
                    f"第 {n} 行超过 {MAX_COLUMNS:,} 列：请删除多余的列",
                    f"row {n} has more than {MAX_COLUMNS:,} columns: delete the extra columns",
                )
            values = [_shared(_clean_text(v), same) for v in record]
            if n == 1:
                sheet.header = values
            elif any(v is not None for v in values):  # empty rows are not kept (nor checked)
                if len(sheet.rows) > MAX_ROWS:  # one more than the limit: the optional label row
                    raise FileProblem(
                        f"行数超过上限 {MAX_ROWS:,}（第 {n} 行），请分成多个文件导入",
                        f"more than {MAX_ROWS:,} rows (at row {n}): split the file",
                    )
                sheet.rows.append((n, values))
    except csv.Error as exc:
        raise FileProblem(f"CSV 格式错误：{exc}", f"malformed CSV: {exc}") from None
    return sheet


# The workbook is read by assessment.xlsx_reader: openpyxl's public read-only mode, after a
# streaming scan that refuses a file past the caps (rows, columns, filled cells) before reading
# the rest, whatever sizes the file claims.


def _read_xlsx(data: bytes, progress: Progress | None) -> Sheet:
    try:
        book = Workbook(data, max_rows=MAX_ROWS + 2)  # the header and the template's optional label row
    except SpreadsheetRefused as exc:
        raise FileProblem(exc.zh, exc.en) from None
    with book:
        try:
            return _read_book(book, progress)
        except SpreadsheetRefused as exc:
            raise FileProblem(exc.zh, exc.en) from None


def _read_book(book: Workbook, progress: Progress | None) -> Sheet:
    if not book.sheets:
        raise FileProblem("工作簿中没有工作表", "the workbook has no worksheet")
    title = SHEET_TITLE if SHEET_TITLE in book.sheets else book.sheets[0]
    result = Sheet(header=[], rows=[])
    for other in book.sheets:
        if other == title:
            continue
        if book.scans[other].filled_rows and any(
            not is_empty(v) for _, cells in book.rows(other) for _, v, _, _ in cells
        ):
            result.problems.append(
                ImportProblem(
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
                ImportProblem(
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
            ImportProblem(
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
    return ImportProblem(number, header_name(header, i) if number > 1 else get_column_letter(i + 1), zh, en, cell=ref)


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


def header_name(header: list, index: int) -> str:
    """The column id a problem names: the header's text, else the column letter."""
    if index < len(header) and isinstance(header[index], str) and header[index].strip():
        return header[index].strip().lower()
    return get_column_letter(index + 1)
