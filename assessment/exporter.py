"""Export of assessments to Excel (``.xlsx``) or CSV, one row per assessment (issue 3, point 6).

Columns (``assessment.sheet_columns.EXPORT_COLUMNS``): ``credit_code, name, park, industry,
size, questionnaire, version, round, status, source, synthetic, overall_score, overall_level,
archetype`` (the archetype id from the bureau's latest fit, empty when not placed), then one
column per area / dimension id with its score (CMMM: one per domain, 0-5), and with
``answers=True`` one column per question id (DCMM criterion 1/0, quick-mode level 1-5 or
``unsure`` and its ``<item>.check`` 1/0; CMMM ``path``, sub-domain level 0-5, ``unsure`` or
``na`` and its check, requirement 1/0.8/0.5/0; SME option id, option ids joined by ``;``,
number, scenario level) — the format the import reads, so an export can be imported again.
``source`` and ``synthetic`` are beyond the issue's list: without ``source`` a self-assessment
and an imported one of the same round look alike, and synthetic (demo) data must say so wherever
it is shown.

Rows: the current (latest submitted) assessment of each enterprise, questionnaire, round and
source; ``include_drafts`` adds open drafts (status ``draft``, no scores). Analysts and
administrators export everything; an enterprise user only its own rows.

Formula injection: a text cell starting with ``= + - @`` (or tab / carriage return) is written
with a leading ``'`` so that a spreadsheet shows it as text instead of running it; the import
removes that apostrophe again. Scores are written unrounded.
"""

from __future__ import annotations

import io
import json
import math
import numbers
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, Unpack

import openpyxl
import pandas as pd
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from assessment.access import Actor, require_not_assessor
from assessment.audit import record_alone
from assessment.db import Store
from assessment.directory import industry_names, park_names
from assessment.errors import AssessmentError
from assessment.neutralise import csv_bytes, neutralise_frame
from assessment.sheet_columns import EXPORT_COLUMNS, SHEET_TITLE, part_ids, question_ids
from questionnaires import get
from questionnaires.loader import UnknownQuestionnaire

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMATS = (".xlsx", ".csv")


class ExportError(AssessmentError):
    """An export that cannot be made as asked (unknown filter value, unknown file type)."""


@dataclass(frozen=True)
class ExportReport:
    path: Path
    rows: int
    columns: int


@dataclass(frozen=True)
class ExportFile:
    """An export made for a download: its name, its bytes, its size in rows and columns."""

    name: str
    data: bytes
    rows: int
    columns: int


# ---------------------------------------------------------------------------------- the rows


def _check_filters(db, park, industry, round_, questionnaire) -> None:
    def known(column: str, table: str, extra: list[str]) -> list[str]:
        rows = db.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()
        return sorted({r[0] for r in rows} | set(extra))

    for value, column, table, extra, zh, en in (
        (park, "park", "enterprises", park_names(), "园区", "park"),
        (industry, "industry", "enterprises", industry_names(), "行业", "industry"),
        (round_, "round", "assessments", [], "轮次", "round"),
    ):
        if value is None:
            continue
        names = known(column, table, extra)
        if value not in names:
            shown = "、".join(names[:20]) or "（无）"
            raise ExportError(
                f"未知{zh} {value!r}；已有：{shown}",
                f"unknown {en} {value!r}; known: {', '.join(names[:20]) or '(none)'}",
            )
    if questionnaire is not None:
        try:
            get(questionnaire)
        except UnknownQuestionnaire as exc:
            raise ExportError(exc.zh, exc.en) from None


def _selection(actor: Actor, park, industry, round_, questionnaire, include_drafts: bool) -> tuple[str, str, list]:
    """(FROM clause, WHERE clause, parameters) of the chosen assessments ``c`` and their
    enterprises ``e``."""
    chosen = "SELECT * FROM current_assessments"
    if include_drafts:
        chosen += " UNION ALL SELECT * FROM assessments WHERE status = 'draft'"
    where, params = [], []
    for column, value in (
        ("e.park", park),
        ("e.industry", industry),
        ("c.round", round_),
        ("c.questionnaire", questionnaire),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if actor.role == "enterprise":
        where.append("c.credit_code = ?")
        params.append(actor.credit_code)
    source = f"FROM ({chosen}) c JOIN enterprises e ON e.credit_code = c.credit_code"
    return source, (" WHERE " + " AND ".join(where)) if where else "", params


def _answer_cell(raw: str) -> object:
    value = json.loads(raw)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list):
        return ";".join(value)
    return value


def export_frame(
    store: Store,
    actor: Actor,
    *,
    park: str | None = None,
    industry: str | None = None,
    round_: str | None = None,
    questionnaire: str | None = None,
    answers: bool = False,
    include_drafts: bool = False,
) -> pd.DataFrame:
    """The export as a DataFrame, one row per assessment, cells not yet neutralised."""
    require_not_assessor(store, actor, "export")
    with store.read() as db:
        _check_filters(db, park, industry, round_, questionnaire)
        source, where, params = _selection(actor, park, industry, round_, questionnaire, include_drafts)
        cursor = db.execute(
            "SELECT c.id, e.credit_code, e.name, e.park, e.industry, e.size, c.questionnaire, c.version, "
            f"c.round, c.status, c.source, c.synthetic, r.score, r.level, r.archetype {source} "
            f"LEFT JOIN results r ON r.assessment_id = c.id {where} "
            "ORDER BY e.credit_code, c.questionnaire, c.round, c.source, c.id",
            params,
        )
        base = pd.DataFrame.from_records(cursor.fetchall(), columns=["id", *EXPORT_COLUMNS])
        parts = db.execute(
            f"SELECT p.assessment_id, p.part, p.score {source} JOIN result_parts p ON p.assessment_id = c.id {where}",
            params,
        ).fetchall()
        given = []
        if answers:
            given = db.execute(
                f"SELECT a.assessment_id, a.question_id, a.value {source} "
                f"JOIN answers a ON a.assessment_id = c.id {where}",
                params,
            ).fetchall()
    base["synthetic"] = base["synthetic"].astype("int64")
    base["overall_level"] = base["overall_level"].astype("Int64")
    editions = list(dict.fromkeys(zip(base["questionnaire"], base["version"])))
    questionnaires = []
    for qid, version in editions:
        try:
            questionnaires.append(get(qid, version))
        except UnknownQuestionnaire:
            continue
    frames = [base.set_index("id")]
    part_order = list(dict.fromkeys(p for q in questionnaires for p in part_ids(q)))
    frames.append(_pivot(parts, part_order, float_values=True))
    if answers:
        question_order = list(dict.fromkeys(k for q in questionnaires for k in question_ids(q)))
        frames.append(_pivot([(a, k, _answer_cell(v)) for a, k, v in given], question_order, float_values=False))
    frame = pd.concat(frames, axis=1) if len(base) else pd.DataFrame(columns=[c for f in frames for c in f.columns])
    return frame.reset_index(drop=True)


def _pivot(triples: list[tuple], order: list[str], *, float_values: bool) -> pd.DataFrame:
    """(assessment id, column, value) triples as a wide frame with columns in ``order``."""
    if not triples:
        return pd.DataFrame(columns=order)
    long = pd.DataFrame.from_records(triples, columns=["id", "column", "value"])
    if not float_values:
        long["value"] = long["value"].astype(object)
    wide = long.pivot(index="id", columns="column", values="value")
    extra = [c for c in wide.columns if c not in order]
    wide = wide.reindex(columns=[c for c in order if c in wide.columns] + extra)
    wide.columns.name = None
    return wide


# --------------------------------------------------------------------------------- the file


def _xml_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _XML_ILLEGAL.search(text):
        text = _XML_ILLEGAL.sub("", text)
    return text


def _sheet_rows(frame: pd.DataFrame, first_row: int):
    """The <row> elements of the data, streamed: openpyxl's own writer takes ~30 s for 100,000
    rows on this project's machines, this takes a few seconds (see perf/storage_io.py)."""
    letters = [get_column_letter(i + 1) for i in range(len(frame.columns))]
    columns = []
    for name in frame.columns:
        series = frame[name]
        values = series.astype(object).where(series.notna(), None).tolist()
        columns.append(values)
    for offset, values in enumerate(zip(*columns)):
        r = first_row + offset
        cells = []
        for letter, v in zip(letters, values):
            if v is None:
                continue
            if isinstance(v, bool):
                cells.append(f'<c r="{letter}{r}" t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, int):
                cells.append(f'<c r="{letter}{r}"><v>{v}</v></c>')
            elif isinstance(v, float):
                if math.isfinite(v):
                    cells.append(f'<c r="{letter}{r}"><v>{v!r}</v></c>')
            elif isinstance(v, numbers.Real):  # a numpy scalar that slipped through
                if math.isfinite(v):
                    cells.append(f'<c r="{letter}{r}"><v>{float(v)!r}</v></c>')
            else:
                text = _xml_text(str(v))
                space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
                cells.append(f'<c r="{letter}{r}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
        yield f'<row r="{r}">{"".join(cells)}</row>'


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    """An .xlsx with a bold, frozen header row. openpyxl writes the workbook's parts and the
    header; the data rows are streamed into its sheet XML."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append([str(c) for c in frame.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF2F7")
    ws.freeze_panes = "A2"
    for i, column in enumerate(frame.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 24 if column == "name" else 14
    skeleton = io.BytesIO()
    wb.save(skeleton)
    sheet_name = "xl/worksheets/sheet1.xml"
    last = f"{get_column_letter(max(1, len(frame.columns)))}{len(frame) + 1}"
    out = io.BytesIO()
    with zipfile.ZipFile(skeleton) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename != sheet_name:
                dst.writestr(info, data)
                continue
            xml = data.decode("utf-8")
            xml = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:{last}"/>', xml, count=1)
            head, sep, tail = xml.partition("</sheetData>")
            if not sep:
                raise RuntimeError("unexpected sheet XML from openpyxl")  # pragma: no cover
            # ZIP64 only when the sheet may pass 2 GB: some Excel versions warn on it needlessly
            huge = len(frame) * max(1, len(frame.columns)) * 64 > 1_500_000_000
            with dst.open(info.filename, "w", force_zip64=huge) as sheet:
                sheet.write(head.encode("utf-8"))
                batch = []
                for row in _sheet_rows(frame, 2):
                    batch.append(row)
                    if len(batch) >= 2000:
                        sheet.write("".join(batch).encode("utf-8"))
                        batch = []
                sheet.write("".join(batch).encode("utf-8"))
                sheet.write((sep + tail).encode("utf-8"))
    return out.getvalue()


class ExportChoice(TypedDict, total=False):
    """What to export: the keyword arguments of ``export_frame``, which holds their defaults."""

    park: str | None
    industry: str | None
    round_: str | None
    questionnaire: str | None
    answers: bool
    include_drafts: bool


def _export_bytes(store: Store, actor: Actor, file_name: str, choice: ExportChoice) -> tuple[ExportFile, dict]:
    """The file and the detail of its audit row (written by the caller once the file is out)."""
    suffix = Path(file_name).suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(
            f"导出文件应以 .xlsx 或 .csv 结尾，收到 {file_name}",
            f"the export file must end in .xlsx or .csv, got {file_name}",
        )
    frame = neutralise_frame(export_frame(store, actor, **choice))
    data = csv_bytes(frame) if suffix == ".csv" else xlsx_bytes(frame)
    filters = {
        "park": choice.get("park"),
        "industry": choice.get("industry"),
        "round": choice.get("round_"),
        "questionnaire": choice.get("questionnaire"),
    }
    detail = {k: v for k, v in filters.items() if v is not None} | {
        "rows": len(frame),
        "answers": choice.get("answers", False),
    }
    return ExportFile(file_name, data, len(frame), len(frame.columns)), detail


def export_file(store: Store, actor: Actor, file_name: str, **choice: Unpack[ExportChoice]) -> ExportFile:
    """The export as the bytes of a file called ``file_name`` (.xlsx or .csv, by its suffix), for
    a download; one audit row."""
    made, detail = _export_bytes(store, actor, file_name, choice)
    record_alone(store, actor, "export", "file", file_name, detail=detail)
    return made


def export(store: Store, actor: Actor, path: str | os.PathLike, **choice: Unpack[ExportChoice]) -> ExportReport:
    """Write the export to ``path`` (.xlsx or .csv, by its suffix), whole or not at all; one audit
    row once it is written."""
    path = Path(path)
    made, detail = _export_bytes(store, actor, path.name, choice)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(made.data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    record_alone(store, actor, "export", "file", path.name, detail=detail)
    return ExportReport(path, made.rows, made.columns)
