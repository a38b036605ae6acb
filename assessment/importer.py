"""Import of assessments from Excel or CSV, one row per assessment: the names the CLI, the pages
and the tools use. The rules and the code, by concern, are in the ``assessment.imports`` package."""

from __future__ import annotations

from assessment.imports.problems import ImportProblem, ImportRejected, ImportReport, ImportSourceError
from assessment.imports.reading import MAX_ROWS, Progress, Sheet, decode_csv, read_sheet
from assessment.imports.template import template_xlsx, write_template
from assessment.imports.transaction import SOURCES, import_file
from assessment.sheet_columns import BASE_COLUMNS, SHEET_TITLE, answer_ids, part_ids, question_ids

__all__ = [
    "BASE_COLUMNS",
    "MAX_ROWS",
    "SHEET_TITLE",
    "SOURCES",
    "ImportProblem",
    "ImportRejected",
    "ImportReport",
    "ImportSourceError",
    "Progress",
    "Sheet",
    "answer_ids",
    "decode_csv",
    "import_file",
    "part_ids",
    "question_ids",
    "read_sheet",
    "template_xlsx",
    "write_template",
]
