"""Upload limits (issue 10, point 11): a spreadsheet is read with memory bounded whatever it
claims; past a cap (rows, columns, filled cells, parts read whole) the file is refused as a whole,
before the rest of it is read."""

from __future__ import annotations

import io
import re
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest

from assessment import xlsx_reader
from assessment.importer import ImportRejected, import_file
from assessment.imports import reading

ROOT = Path(__file__).resolve().parents[1]


def refused(store, admin, path) -> list[str]:
    with pytest.raises(ImportRejected) as info:
        import_file(store, admin, path, dry_run=True)
    return [p.en for p in info.value.problems if p.row is None]


def workbook(path: Path, rows: list[list], *, far: tuple[int, int] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "assessments"
    for row in rows:
        ws.append(row)
    if far:
        ws.cell(row=far[0], column=far[1], value=1)
    wb.save(path)
    return path


def test_a_cell_at_the_last_excel_column_refuses_the_file_without_padding_rows(store, admin, tmp_path):
    path = workbook(tmp_path / "wide.xlsx", [["credit_code", "name"]], far=(2, 16_384))
    assert any("beyond column 4,096" in en for en in refused(store, admin, path))


def test_a_cell_at_the_last_excel_row_and_column_is_refused_at_once(tmp_path):
    data = workbook(tmp_path / "corner.xlsx", [["credit_code"]], far=(1_048_576, 16_384)).read_bytes()
    with pytest.raises(xlsx_reader.SpreadsheetRefused) as info:
        xlsx_reader.Workbook(data, max_rows=10)
    assert "XFD" not in info.value.en and "beyond column" in info.value.en


def test_rows_past_the_cap_are_refused_before_the_rest_is_read(store, admin, tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows = [["credit_code", "name"]] + [[f"code{n}", f"企业{n}"] for n in range(10)]
    path = workbook(tmp_path / "long.xlsx", rows)
    assert any("more than 3 rows (at row 6)" in en for en in refused(store, admin, path))


def test_a_csv_past_the_row_or_column_cap_is_refused_as_a_whole(store, admin, tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    path = tmp_path / "long.csv"
    path.write_text("credit_code,name\n" + "".join(f"c{n},企业{n}\n" for n in range(10)), encoding="utf-8")
    assert any("more than 3 rows (at row 6)" in en for en in refused(store, admin, path))
    wide = tmp_path / "wide.csv"
    wide.write_text("credit_code" + "," * 5000 + "\n", encoding="utf-8")
    assert any("more than 4,096 columns" in en for en in refused(store, admin, wide))


def test_too_many_filled_cells_are_refused(store, admin, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_CELLS", 20)
    rows = [["credit_code", "name", "park"]] + [["a", "b", "c"]] * 10
    assert any("more than 20 cells" in en for en in refused(store, admin, workbook(tmp_path / "x.xlsx", rows)))


def test_a_shared_strings_part_that_would_inflate_past_the_cap_is_refused(store, admin, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_PART_BYTES", 1000)
    rows = [["credit_code", "name"]] + [[f"code{n}", "一个很长的企业名称" * 5 + str(n)] for n in range(50)]
    problems = refused(store, admin, workbook(tmp_path / "s.xlsx", rows))
    assert any(re.search(r"part xl/[\w/]+\.xml is too large", en) for en in problems)


def test_the_claimed_dimensions_are_not_trusted(tmp_path):
    """A file claiming A1:XFD1048576 but holding two cells reads as two short rows."""
    path = workbook(tmp_path / "claim.xlsx", [["credit_code", "name"], ["a", "b"]])
    source = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
            out.writestr(info, data)
    with xlsx_reader.Workbook(buffer.getvalue(), max_rows=10) as book:
        rows = [(n, [v for _, v, _, _ in cells]) for n, cells in book.rows("assessments")]
    assert rows == [(1, ["credit_code", "name"]), (2, ["a", "b"])]


def test_the_upload_limit_is_stated_once_for_streamlit_and_nginx():
    config = tomllib.loads((ROOT / ".streamlit/config.toml").read_text(encoding="utf-8"))
    nginx = (ROOT / "deploy/nginx-assessment.conf").read_text(encoding="utf-8")
    limits = set(re.findall(r"^\s*client_max_body_size\s+(\d+)m;", nginx, re.M))
    assert config["server"]["maxUploadSize"] == 50 and limits == {"50"}
