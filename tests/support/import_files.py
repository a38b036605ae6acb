"""Import fixture files built in code: sme-2024 rows and answers as cells, written as .xlsx or CSV."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import openpyxl

from assessment.answers import check_answers
from assessment.sheet_columns import BASE_COLUMNS, question_ids
from questionnaires import get
from tests.conftest import code

SME, DCMM = "sme-2024", "dcmm-2025"


def sme_answers(seed: int) -> dict:
    """Complete sme-2024 answers as cells: option ids, 'a;b' for several, numbers, levels."""
    q = get(SME)
    rng = random.Random(seed)
    cells = {}
    for x in q.questions:
        if x.type == "single":
            cells[x.id] = rng.choice(x.options).id
        elif x.type == "multi":
            ticked = [o.id for o in x.options if not o.exclusive and rng.random() < 0.5]
            cells[x.id] = ";".join(ticked) if ticked else "none"
        else:
            cells[x.id] = round(rng.uniform(x.bands[0].min, x.bands[-1].max), 1)
    for s in q.scenarios:
        cells[s.id] = rng.randint(0, 4)
    return cells


def as_answers(cells: dict) -> dict:
    """The answer values the cells stand for."""
    q = get(SME)
    out = {}
    for k, v in cells.items():
        if k in q.question_by_id and q.question_by_id[k].type == "multi":
            out[k] = v.split(";")
        else:
            out[k] = v
    return check_answers(q, out)


def sme_row(n: int, seed: int | None = None, **over) -> dict:
    row = {
        "credit_code": code(n),
        "name": f"导入测试企业{n}有限公司",
        "park": "金水创新产业园",
        "industry": "啤酒饮料",
        "size": "small",
        "questionnaire": SME,
        "round": "2025",
        **sme_answers(n if seed is None else seed),
    }
    row.update(over)
    return row


def sme_header() -> list[str]:
    return list(BASE_COLUMNS) + [k for k in question_ids(get(SME)) if "." in k and k.count(".") == 1]


def write_xlsx(path: Path, rows: list[dict | None], header: list[str] | None = None, *, labels=False) -> Path:
    """An .xlsx with a header row and one row per dict (None: an empty row)."""
    header = header or sme_header()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(header)
    if labels:
        ws.append(["统一社会信用代码"] + ["标签"] * (len(header) - 1))
    for row in rows:
        ws.append([None] * len(header) if row is None else [row.get(h) for h in header])
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[dict], header: list[str] | None = None, encoding="utf-8-sig") -> Path:
    header = header or sme_header()
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in header])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def dcmm_workbook(bad_level: object = None) -> bytes:
    """Three DCMM quick-mode rows; with ``bad_level``, the second data row (spreadsheet row 3)
    gives that level for strategy.planning."""
    q = get(DCMM)
    header = list(BASE_COLUMNS) + [item.id for item in q.items]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "assessments"
    ws.append(header)
    for n in range(3):
        row = {
            "credit_code": code(200 + n),
            "name": f"青岛导入页面测试{n}有限公司",
            "park": "金水创新产业园",
            "industry": "啤酒饮料",
            "size": "small",
            "questionnaire": DCMM,
            "round": "2025",
            **{item.id: (i + n) % 5 + 1 for i, item in enumerate(q.items)},
        }
        if n == 1 and bad_level is not None:
            row["strategy.planning"] = bad_level
        ws.append([row[h] for h in header])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
