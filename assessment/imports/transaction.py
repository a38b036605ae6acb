"""The import transaction: check the whole file, merge it with the stored enterprises, then write
all of it in one ``BEGIN IMMEDIATE`` transaction or nothing; every attempt is audited."""

from __future__ import annotations

import os
from typing import BinaryIO

from assessment import flag_store
from assessment.access import Actor, require_role
from assessment.audit import record, record_alone
from assessment.db import Store
from assessment.enterprises import confirm_in, save_profile
from assessment.imports.merge import merge_profiles, stored_profiles
from assessment.imports.problems import FileProblem, ImportProblem, ImportRejected, ImportReport, ImportSourceError
from assessment.imports.reading import PROGRESS_EVERY, Progress, read_input, read_sheet
from assessment.imports.rows import CheckedRow, check_header, check_rows
from assessment.lifecycle import record_submitted
from assessment.rounds import known

SOURCES = ("import", "onsite")


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
        data, report.file = read_input(file, filename)
        sheet = read_sheet(data, report.file, progress=progress)
    except FileProblem as exc:
        report.problems.append(ImportProblem(None, None, exc.zh, exc.en))
        _reject(store, actor, report)
    report.warnings += sheet.warnings
    report.problems += sheet.problems
    columns, header_problems = check_header(sheet)
    report.problems += header_problems
    rows: list[CheckedRow] = []
    if columns is not None:
        rows, row_problems, report.rows = check_rows(sheet, columns, progress, known(store.db))
        report.problems += row_problems
    if columns is not None and not report.rows and not report.problems:
        report.problems.append(ImportProblem(None, None, "文件中没有数据行", "the file has no data rows"))
    if report.problems:
        _reject(store, actor, report)
    codes = list(dict.fromkeys(r.code for r in rows))
    if dry_run:
        profiles, states, problems = merge_profiles(rows, stored_profiles(store.db, codes))
        report.problems += problems
        if problems:
            _reject(store, actor, report)
        _count(report, states, rows)
        return report
    try:
        with store.write() as db:
            # read the stored profiles inside the transaction: nobody changes them under us
            profiles, states, problems = merge_profiles(rows, stored_profiles(db, codes))
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


def _count(report: ImportReport, states: dict[str, str], rows: list[CheckedRow]) -> None:
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
