"""A ZIP of enterprise reports for a cohort filter, built in parallel when that helps.

One PDF per enterprise (its assessment of the filter's round, else of its latest round), named
``<credit code>_<questionnaire>_<round>.pdf`` so that names are stable and safe whatever the
enterprise is called, plus ``index.csv`` mapping file names to enterprises. Members are written
in file-name order with the report date as their time stamp, so the same inputs give the same
ZIP. Progress goes to ``progress(done, total)``; a report that fails stops the batch with a
message naming the enterprise (nothing half-written: the caller's file is written at the end).
"""

from __future__ import annotations

import io
import multiprocessing
import threading
import zipfile
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import date

import pandas as pd

from assessment.access import Actor, require_bureau
from assessment.cohort import CohortFilter
from assessment.db import Store
from assessment.errors import AssessmentError
from assessment.file_names import safe_file_name
from assessment.neutralise import csv_bytes
from reports.bundle import CohortCache, enterprise_bundle
from reports.enterprise import EnterpriseReport

PARALLEL_FROM = 24  # below this, starting worker processes costs more than it saves
WORKERS = 2
CHUNK = 10  # reports per task: progress stays fine-grained, task overhead stays small

Progress = Callable[[int, int], None]


class BatchError(AssessmentError):
    """A batch that cannot be made (no enterprise in the filter, a report that failed)."""


@dataclass(frozen=True)
class Member:
    credit_code: str
    assessment_id: int
    name: str
    park: str | None
    round: str
    score: float
    level: int

    def file_name(self, questionnaire: str) -> str:
        return safe_file_name(self.credit_code, questionnaire, self.round, suffix=".pdf")


def members(store: Store, actor: Actor, flt: CohortFilter) -> list[Member]:
    """The enterprises of the filter, each with the assessment its report shows, by credit code."""
    from benchmarks import cohorts

    require_bureau(store, actor, "report.batch")
    frame = cohorts.load(store, flt)
    if frame.empty:
        return []
    latest = frame.sort_values(["credit_code", "round"]).drop_duplicates("credit_code", keep="last")
    return [
        Member(r.credit_code, int(r.assessment_id), r.name, r.park, r.round, float(r.score), int(r.level))
        for r in latest.itertuples()
    ]


# ----------------------------------------------------------------------------- the workers

_worker: dict = {}


def _init_worker(db_path: str) -> None:
    from reports.fonts import register

    register()  # once per worker, not once per report
    store = Store(db_path, migrate=False)
    _worker.update(store=store, cache=CohortCache(store))


def _build(store: Store, cache: CohortCache, actor: Actor, member: Member, lang: str, day: date, invariant) -> bytes:
    try:
        bundle = enterprise_bundle(store, actor, member.credit_code, member.assessment_id, report_date=day, cache=cache)
        return EnterpriseReport(lang, invariant=invariant).build(bundle)
    except AssessmentError as exc:
        raise BatchError(
            f"企业 {member.credit_code} 的报告生成失败：{exc.zh}",
            f"the report of enterprise {member.credit_code} failed: {exc.en}",
        ) from None


def _build_chunk(actor: Actor, chunk: list[Member], lang: str, day: date, invariant) -> list[bytes]:
    return [_build(_worker["store"], _worker["cache"], actor, m, lang, day, invariant) for m in chunk]


# ---------------------------------------------------------------------------------- the zip


def _index_csv(items: list[tuple[str, Member]]) -> bytes:
    rows = [
        (file_name, m.credit_code, m.name, m.park, m.round, m.assessment_id, f"{m.score:.4f}", m.level)
        for file_name, m in items
    ]
    columns = ["file", "credit_code", "name", "park", "round", "assessment_id", "score", "level"]
    return csv_bytes(pd.DataFrame.from_records(rows, columns=columns))


def build_zip(
    store: Store,
    actor: Actor,
    flt: CohortFilter,
    *,
    lang: str = "zh",
    report_date: date | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    invariant: bool | None = None,
) -> bytes:
    """The ZIP of the enterprise reports of ``flt``. ``workers`` (default: 2 from
    ``PARALLEL_FROM`` reports on, else 1) sets the number of processes."""
    day = report_date or date.today()
    chosen = members(store, actor, flt)
    if not chosen:
        raise BatchError("筛选范围内没有已提交的评估", "no submitted assessment matches the filter")
    total = len(chosen)
    workers = workers or (WORKERS if total >= PARALLEL_FROM else 1)
    report = progress or (lambda done, total: None)
    report(0, total)
    if workers <= 1:
        pdfs = _serial(store, actor, chosen, lang, day, invariant, report)
    else:
        pdfs = _parallel(store, actor, chosen, lang, day, invariant, report, workers)
    names = [(m.file_name(flt.questionnaire), m) for m in chosen]
    buffer = io.BytesIO()
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w") as zf:
        # PDFs are stored as they are: their streams are compressed already, deflating them
        # again would cost seconds for a large batch and save a few percent
        for (file_name, _), pdf in sorted(zip(names, pdfs), key=lambda x: x[0][0]):
            zf.writestr(zipfile.ZipInfo(file_name, stamp), pdf, compress_type=zipfile.ZIP_STORED)
        index = _index_csv(sorted(names, key=lambda x: x[0]))
        zf.writestr(zipfile.ZipInfo("index.csv", stamp), index, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _serial(store, actor, chosen, lang, day, invariant, report) -> list[bytes]:
    cache = CohortCache(store)
    pdfs = []
    for n, member in enumerate(chosen, 1):
        pdfs.append(_build(store, cache, actor, member, lang, day, invariant))
        if n % CHUNK == 0 or n == len(chosen):
            report(n, len(chosen))
    return pdfs


def _start_method():
    """fork when this process runs a single thread (the CLI): the workers start at once with the
    modules and fonts already loaded. Otherwise (a threaded server such as Streamlit) a forked
    child could inherit a lock held by another thread and hang, so the workers come from a fork
    server that has imported this module once."""
    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["reports.batch"])
        return context
    return multiprocessing.get_context("spawn")


def _parallel(store, actor, chosen, lang, day, invariant, report, workers) -> list[bytes]:
    chunks = [chosen[i : i + CHUNK] for i in range(0, len(chosen), CHUNK)]
    results: list[list[bytes] | None] = [None] * len(chunks)
    done = 0
    context = _start_method()
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(str(store.path),)
    ) as pool:
        pending = {pool.submit(_build_chunk, actor, chunk, lang, day, invariant): k for k, chunk in enumerate(chunks)}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                k = pending.pop(future)
                try:
                    results[k] = future.result()
                except BaseException:
                    for other in pending:
                        other.cancel()
                    raise
                done += len(chunks[k])
                report(done, len(chosen))
    return [pdf for chunk in results for pdf in chunk or []]
