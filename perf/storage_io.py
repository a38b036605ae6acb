"""Figures for import, export and backups (issue 3, points 5-7): importing a 10,000-row Excel
file, exporting 100,000 assessments, backing that database up. Building the inputs is kept
outside the timings."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import openpyxl

from assessment import rounds
from assessment.access import CLI
from assessment.answers import check_answers
from assessment.backup import backup
from assessment.credit_code import complete
from assessment.db import Store
from assessment.enterprises import check_profile, save_profile
from assessment.exporter import export
from assessment.importer import import_file
from assessment.lifecycle import record_submitted
from assessment.sheet_columns import BASE_COLUMNS
from questionnaires import get

IMPORT_ROWS = 10_000
EXPORT_ASSESSMENTS = 100_000
ROUNDS = ("2023", "2024", "2025", "2026", "2027")
IMPORT_ROUND = "2025"
QUESTIONNAIRE = "sme-2024"


def sme_cells(q, rng: random.Random) -> dict:
    """One row's answer cells as a person fills them in: option ids, 'a;b', numbers, levels."""
    cells = {}
    for x in q.questions:
        if x.type == "single":
            cells[x.id] = rng.choice(x.options).id
        elif x.type == "multi":
            ticked = [o.id for o in x.options if not o.exclusive and rng.random() < 0.5]
            cells[x.id] = ";".join(ticked) or "none"
        else:
            cells[x.id] = round(rng.uniform(x.bands[0].min, x.bands[-1].max), 1)
    cells.update({s.id: rng.randint(0, 4) for s in q.scenarios})
    return cells


def write_import_file(path: Path, q, rows: int) -> None:
    rng = random.Random(5)
    answer_ids = [x.id for x in q.questions] + [s.id for s in q.scenarios]
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("assessments")
    ws.append(list(BASE_COLUMNS) + answer_ids)
    for n in range(rows):
        cells = sme_cells(q, rng)
        profile = [complete(f"91370213MA{n:07d}"), f"性能导入企业{n}有限公司", "金水创新产业园", "啤酒饮料", "small"]
        ws.append(profile + [q.id, IMPORT_ROUND] + [cells[k] for k in answer_ids])
    wb.save(path)


def as_answers(q, cells: dict) -> dict:
    multi = {x.id for x in q.questions if x.type == "multi"}
    return check_answers(q, {k: v.split(";") if k in multi else v for k, v in cells.items()})


def build_cohort(store: Store, q, assessments: int) -> None:
    """``assessments`` submitted assessments (enterprises x rounds), in one transaction."""
    rng = random.Random(11)
    pool = [as_answers(q, sme_cells(q, rng)) for _ in range(200)]
    firms = assessments // len(ROUNDS)
    with store.write() as db:
        for n in range(firms):
            code = complete(f"91370213MB{n:07d}")
            save_profile(
                db, check_profile({"credit_code": code, "name": f"性能导出企业{n}", "park": "金水创新产业园"}), CLI
            )
            for i, round_ in enumerate(ROUNDS):
                record_submitted(db, CLI, code, q, round_, "self", pool[(n + i) % len(pool)])


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def benchmarks() -> list[tuple[str, float, str, str]]:
    q = get(QUESTIONNAIRE)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "import.xlsx"
        write_import_file(source, q, IMPORT_ROWS)
        check_store = Store(tmp / "check.db")
        rounds.add(check_store, CLI, IMPORT_ROUND)  # an import names only rounds the bureau listed
        rows.append(
            (
                f"check a {IMPORT_ROWS:,}-row {QUESTIONNAIRE} .xlsx (--dry-run)",
                timed(lambda: import_file(check_store, CLI, source, dry_run=True)),
                "s",
                "",
            )
        )
        check_store.close()
        import_store = Store(tmp / "import.db")
        rounds.add(import_store, CLI, IMPORT_ROUND)
        rows.append(
            (
                f"import a {IMPORT_ROWS:,}-row {QUESTIONNAIRE} .xlsx (read, check, write)",
                timed(lambda: import_file(import_store, CLI, source)),
                "s",
                "<= 20",
            )
        )
        import_store.close()

        store = Store(tmp / "export.db")
        build_cohort(store, q, EXPORT_ASSESSMENTS)
        rows.append(
            (
                f"export {EXPORT_ASSESSMENTS:,} assessments to .xlsx",
                timed(lambda: export(store, CLI, tmp / "out.xlsx")),
                "s",
                "<= 15",
            )
        )
        rows.append(
            (
                f"export {EXPORT_ASSESSMENTS:,} assessments to .csv",
                timed(lambda: export(store, CLI, tmp / "out.csv")),
                "s",
                "<= 15",
            )
        )
        rows.append(
            (
                f"export {EXPORT_ASSESSMENTS:,} assessments with --answers to .csv",
                timed(lambda: export(store, CLI, tmp / "answers.csv", answers=True)),
                "s",
                "",
            )
        )
        size = (tmp / "export.db").stat().st_size / 1e6
        rows.append(
            (
                f"backup of that database ({size:,.0f} MB)",
                timed(lambda: backup(store, CLI, tmp / "backup.db")),
                "s",
                "",
            )
        )
        store.close()
    return rows
