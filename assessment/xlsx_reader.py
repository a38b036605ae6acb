"""Reading an .xlsx upload with memory bounded whatever the file claims (issue 10, point 11).

The cells are read by openpyxl's public read-only mode (``load_workbook(read_only=True)``: one
row at a time, values, data types and number formats through the public cell API). Two things it
does not bound are checked first, on the zip itself, before openpyxl sees a byte:

* the parts openpyxl loads whole (shared strings, styles, the workbook) must be small
  (``MAX_PART_BYTES``, by their size in the zip's directory; zipfile never inflates more than
  that);
* each worksheet is scanned once by expat, building no tree: a cell beyond column
  ``MAX_COLUMNS``, a row number beyond Excel's last row, more than ``max_rows`` rows holding data
  or more than ``MAX_CELLS`` cells refuse the file at that point, without reading the
  rest. openpyxl builds a whole row before handing it over and pads it to its last cell, so
  these caps are what keeps a 25 KiB file claiming a 16,384-column sheet from taking gigabytes.

The same scan collects the merged ranges, which read-only worksheets do not report.
``python-calamine`` was measured as the alternative (perf/storage_io.py): faster, but it builds
the whole sheet in memory and its Rust core panics on a small file with a cell at XFD1048576.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat

import openpyxl
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils import column_index_from_string

MAX_COLUMNS = 4096  # every question of every edition with the export's columns fits (~1,000 today)
MAX_CELLS = 8_000_000  # cells written in the file; 100,000 rows of the SME questionnaire (57 columns) fit
MAX_PART_BYTES = 16 * 1024 * 1024  # shared strings, styles, workbook: each, inflated
EXCEL_LAST_ROW = 1_048_576

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_BAD_KINDS = ("f", "e")
_WHOLE_PARTS = ("sharedstrings", "styles", "workbook", "theme")


class SpreadsheetRefused(Exception):
    """The file is refused as a whole (damaged, too large, too wide). Bilingual."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


@dataclass
class SheetScan:
    """What the streaming scan of one worksheet found."""

    filled_rows: int = 0
    filled_cells: int = 0
    cells: int = 0  # every <c>, filled or not
    row_elements: int = 0
    merges: list[str] = field(default_factory=list)


def _damaged(exc: Exception) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        f"无法读取 Excel 文件（文件损坏或不是 .xlsx）：{type(exc).__name__}",
        f"cannot read the Excel file (damaged, or not .xlsx): {type(exc).__name__}",
    )


def check_parts(archive: zipfile.ZipFile) -> None:
    """Refuse a zip whose parts that are read whole would inflate past ``MAX_PART_BYTES``."""
    for info in archive.infolist():
        name = info.filename.lower()
        if any(part in posixpath.basename(name) for part in _WHOLE_PARTS) and info.file_size > MAX_PART_BYTES:
            raise SpreadsheetRefused(
                f"Excel 文件的 {info.filename} 部分过大（{info.file_size:,} 字节）",
                f"the Excel file's part {info.filename} is too large ({info.file_size:,} bytes)",
            )


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet title -> its part inside the zip (the package's own relationships)."""
    root = ElementTree.fromstring(archive.read("_rels/.rels"))
    book = next(
        r.get("Target", "") for r in root.iter(f"{_PKG}Relationship") if r.get("Type", "").endswith("/officeDocument")
    )
    book = book.lstrip("/")
    folder, name = posixpath.split(book)
    rels = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
    targets = {
        r.get("Id"): r.get("Target")
        for r in rels.iter(f"{_PKG}Relationship")
        if r.get("Type", "").endswith("/worksheet")
    }
    paths = {}
    for sheet in ElementTree.fromstring(archive.read(book)).iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"))
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            paths[sheet.get("name", "")] = path
    return paths


class _Scanner:
    """Expat callbacks over a worksheet: no tree is built, so memory stays flat however large
    the sheet; a cap passed raises out of the parse at that point."""

    def __init__(self, max_rows: int):
        self.scan = SheetScan()
        self.max_rows = max_rows
        self.row_number = self.column = 0
        self.row_filled = False

    def start(self, name: str, attrs: dict) -> None:
        tag = name.rpartition(" ")[2]
        if tag == "c":
            self.scan.cells += 1
            if self.scan.cells > MAX_CELLS:
                raise SpreadsheetRefused(
                    f"单元格超过 {MAX_CELLS:,} 个，请分成多个文件导入",
                    f"more than {MAX_CELLS:,} cells: split the file",
                )
            ref = attrs.get("r")
            self.column = column_index_from_string(ref.rstrip("0123456789")) if ref else self.column + 1
            if self.column > MAX_COLUMNS:
                raise SpreadsheetRefused(
                    f"第 {self.row_number} 行有超过 {MAX_COLUMNS:,} 列的单元格：请删除多余的列",
                    f"row {self.row_number} has a cell beyond column {MAX_COLUMNS:,}: delete the extra columns",
                )
        elif tag in ("v", "is", "f"):
            if not self.row_filled:
                self.row_filled = True
                self.scan.filled_rows += 1
                if self.scan.filled_rows > self.max_rows:
                    raise SpreadsheetRefused(
                        f"行数超过上限 {self.max_rows - 2:,}（第 {self.row_number} 行），请分成多个文件导入",
                        f"more than {self.max_rows - 2:,} rows (at row {self.row_number}): split the file",
                    )
            self.scan.filled_cells += 1
        elif tag == "row":
            r = attrs.get("r")
            self.row_number = int(r) if r and r.isdigit() else self.row_number + 1
            self.scan.row_elements += 1
            if self.row_number > EXCEL_LAST_ROW or self.scan.row_elements > EXCEL_LAST_ROW:
                raise SpreadsheetRefused(
                    f"行号 {self.row_number} 超出 Excel 的范围",
                    f"row number {self.row_number} is beyond Excel's last row",
                )
            self.column, self.row_filled = 0, False
        elif tag == "mergeCell" and attrs.get("ref") and len(self.scan.merges) < 100:
            self.scan.merges.append(attrs["ref"])


def scan_sheet(archive: zipfile.ZipFile, path: str, *, max_rows: int) -> SheetScan:
    """Stream through a worksheet's XML once and refuse it at the first cap it passes."""
    scanner = _Scanner(max_rows)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scanner.start
    with archive.open(path) as source:
        while chunk := source.read(1 << 16):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return scanner.scan


class Workbook:
    """An .xlsx upload opened for bounded reading: ``sheets`` in order, what the scan found in
    each (``scans``), and ``rows(title)``. Every worksheet is scanned (and the file refused at the
    first cap passed) before openpyxl opens the workbook: opening it already reads through a
    sheet that has no ``<dimension>``."""

    def __init__(self, data: bytes, *, max_rows: int):
        try:
            self._archive = zipfile.ZipFile(io.BytesIO(data))
            check_parts(self._archive)
            self._paths = sheet_paths(self._archive)
            self.scans = {
                title: scan_sheet(self._archive, path, max_rows=max_rows) for title, path in self._paths.items()
            }
            self._book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except SpreadsheetRefused:
            raise
        except (expat.ExpatError, EOFError) as exc:
            raise SpreadsheetRefused(
                f"Excel 文件内容损坏：{type(exc).__name__}", f"the Excel file is damaged: {type(exc).__name__}"
            ) from None
        except Exception as exc:  # a damaged or foreign zip: say so, never a traceback
            raise _damaged(exc) from None
        self.sheets = [title for title in self._book.sheetnames if title in self._paths]

    def close(self) -> None:
        self._book.close()
        self._archive.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def rows(self, title: str) -> Iterator[tuple[int, list[tuple[int, object, str, ReadOnlyCell]]]]:
        """(spreadsheet row number, [(0-based column, value, kind, cell)] of its filled cells),
        kind 'f' for a formula, 'e' for an error value, '' otherwise."""
        sheet = self._book[title]
        sheet.reset_dimensions()  # the file's claimed size is not trusted, nor needed
        try:
            for number, row in enumerate(sheet.iter_rows(), start=1):
                yield (
                    number,
                    [
                        (i, cell.value, cell.data_type if cell.data_type in _BAD_KINDS else "", cell)
                        for i, cell in enumerate(row)
                        if cell.value is not None
                    ],
                )
        except (ElementTree.ParseError, zipfile.BadZipFile, EOFError, KeyError, ValueError) as exc:
            raise SpreadsheetRefused(
                f"Excel 文件内容损坏：{type(exc).__name__}", f"the Excel file is damaged: {type(exc).__name__}"
            ) from None


def is_percent(cell: ReadOnlyCell) -> bool:
    """A number shown as a percentage (0.45 shown as 45%)."""
    return cell.data_type == "n" and "%" in (cell.number_format or "")
