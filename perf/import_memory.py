"""Peak memory of checking an import (issue 10, point 11), each in a fresh process so that the
figure is the process's own peak resident set (RSS), not Python's allocations only.

    .venv/bin/python -m perf.import_memory FILE    # prints "<peak MB> <outcome>"

``benchmarks()`` builds the files (a 100,000-row SME workbook; a small hostile one whose rows
each hold a cell at column XFD, the last one Excel has) and runs the check on each.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROWS = 100_000
HOSTILE_ROWS = 5_000

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="assessments" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        "</Relationships>"
    ),
}


def hostile_xlsx(path: Path, rows: int = HOSTILE_ROWS) -> Path:
    """A small workbook claiming the whole sheet (A1:XFD1048576) whose every row holds one cell at
    XFD: a reader that pads rows to their last cell allocates 16,384 slots a row."""
    cells = "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(2, rows + 2))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>credit_code</t></is></c></row>'
        f"{cells}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in {**_PARTS, "xl/worksheets/sheet1.xml": sheet}.items():
            archive.writestr(name, text)
    return path


def check(path: str) -> str:
    """Check one file as `cli.py import --dry-run` does; the outcome as one word and a count."""
    from assessment import rounds
    from assessment.access import CLI
    from assessment.db import Store
    from assessment.importer import ImportRejected, import_file
    from perf.storage_io import IMPORT_ROUND

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "check.db")
        rounds.add(store, CLI, IMPORT_ROUND)  # an import names only rounds the bureau listed
        try:
            report = import_file(store, CLI, path, dry_run=True)
            outcome = f"checked:{report.rows}"
        except ImportRejected as exc:
            outcome = f"refused:{exc.problems[0].en[:60]}"
        store.close()
    return outcome


def peak_rss(path: Path) -> tuple[float, str]:
    """(peak RSS in MB, outcome) of checking ``path`` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-m", "perf.import_memory", str(path)], capture_output=True, text=True, check=True
    )
    peak, outcome = done.stdout.strip().split(" ", 1)
    return float(peak), outcome


def benchmarks() -> list[tuple[str, float, str, str]]:
    from perf.storage_io import QUESTIONNAIRE, write_import_file
    from questionnaires import get

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.xlsx"
        write_import_file(big, get(QUESTIONNAIRE), ROWS)
        big_peak, big_outcome = peak_rss(big)
        hostile = hostile_xlsx(Path(tmp) / "hostile.xlsx")
        size = hostile.stat().st_size / 1024
        hostile_peak, hostile_outcome = peak_rss(hostile)
    return [
        (f"check a {ROWS:,}-row {QUESTIONNAIRE} .xlsx: peak RSS ({big_outcome})", big_peak, "MB", "<= 600"),
        (
            f"check a {size:.0f} KiB .xlsx claiming XFD columns: peak RSS ({hostile_outcome[:7]})",
            hostile_peak,
            "MB",
            "<= 600",
        ),
    ]


if __name__ == "__main__":
    result = check(sys.argv[1])
    print(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {result}")
