"""Batch ZIPs: one PDF per enterprise with stable names, an index, progress up to the total,
the same bytes serial or in parallel, and clear refusals."""

from __future__ import annotations

import csv
import io
import threading
import zipfile
from datetime import date

import pytest

from assessment.access import CLI, Actor, PermissionDenied
from assessment.cohort import CohortFilter, cohort_frame
from assessment.db import Store
from reports.batch import BatchError, Member, _index_csv, _start_method, build_zip, members
from tests.support.reports import SMALL_PARK, code, pdf_text, report_db_path


@pytest.fixture(scope="module")
def report_store(tmp_path_factory):
    store = Store(report_db_path(tmp_path_factory))
    yield store
    store.close()


DAY = date(2025, 7, 1)


def zip_of(store, flt, **kw):
    calls = []
    data = build_zip(store, CLI, flt, report_date=DAY, invariant=True, progress=lambda d, t: calls.append((d, t)), **kw)
    return data, calls


@pytest.fixture(scope="module")
def serial(report_store):
    return zip_of(report_store, CohortFilter("sme-2024"), workers=1)


def test_one_pdf_per_enterprise_with_stable_names_and_an_index(report_store, serial):
    data, _ = serial
    frame = cohort_frame(report_store, CohortFilter("sme-2024", round="2025"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        expected = sorted(f"{c}_sme-2024_2025.pdf" for c in frame["credit_code"])
        assert names == [*expected, "index.csv"]
        assert all(zf.read(n).startswith(b"%PDF-") for n in expected)
        assert all(info.date_time == (2025, 7, 1, 0, 0, 0) for info in zf.infolist())
        rows = list(csv.DictReader(io.StringIO(zf.read("index.csv").decode("utf-8-sig"))))
        first = zf.read(expected[0])
    assert [r["file"] for r in rows] == expected
    assert {r["credit_code"] for r in rows} == set(frame["credit_code"])
    row = rows[0]
    assert row["name"] in pdf_text(first)


def test_progress_is_reported_up_to_the_total(serial):
    _, calls = serial
    total = calls[0][1]
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert all(t == total for _, t in calls)


def test_parallel_gives_the_same_zip_as_serial(report_store, serial):
    data, calls = zip_of(report_store, CohortFilter("sme-2024"), workers=2)
    assert data == serial[0]
    assert calls[-1] == (calls[0][1], calls[0][1])


def test_each_enterprise_once_at_its_latest_round(report_store):
    chosen = members(report_store, CLI, CohortFilter("dcmm-2025"))
    assert len(chosen) == len({m.credit_code for m in chosen}) == 37
    assert {m.round for m in chosen} == {"2025"}
    assert {m.round for m in members(report_store, CLI, CohortFilter("dcmm-2025", round="2024"))} == {"2024"}
    data, _ = zip_of(report_store, CohortFilter("dcmm-2025", park=SMALL_PARK), workers=1)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == [f"{code(300)}_dcmm-2025_2025.pdf", "index.csv"]


def test_workers_fork_only_from_a_single_threaded_process():
    assert _start_method().get_start_method() == "fork"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert _start_method().get_start_method() == "forkserver"
    finally:
        stop.set()
        thread.join()


def test_index_keeps_spreadsheets_from_running_a_name():
    m = Member(code(1), 1, '=HYPERLINK("x")', "@park", "2025", 3.5, 3)
    text = _index_csv([("a.pdf", m)]).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@park" in text


def test_refusals(report_store):
    with pytest.raises(BatchError):
        build_zip(report_store, CLI, CohortFilter("dcmm-2025", park=SMALL_PARK, source="import"))
    with pytest.raises(PermissionDenied):
        build_zip(report_store, Actor(code(1), "enterprise", code(1)), CohortFilter("dcmm-2025"))
