"""`python cli.py report enterprise|cohort|batch`: files written, and one clear line with exit 1
for what a user can get wrong."""

from __future__ import annotations

import io
import zipfile

import pytest
from typer.testing import CliRunner

from assessment import lifecycle
from assessment.access import CLI
from assessment.db import Store
from cli import app
from tests.support.reports import SMALL_PARK, code, pdf_text, report_db_path


@pytest.fixture(scope="module")
def report_store(tmp_path_factory):
    store = Store(report_db_path(tmp_path_factory))
    yield store
    store.close()


runner = CliRunner()


@pytest.fixture
def db(report_store):
    return str(report_store.path)


def run(*args: str):
    return runner.invoke(app, list(args))


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("错误 Error: ")
    return lines[0]


def test_enterprise_report_in_english_on_a_given_date(db, tmp_path):
    out = tmp_path / "r.pdf"
    result = run("report", "enterprise", code(200), "--lang", "en", "--date", "2025-07-01", "-o", str(out), "--db", db)
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    assert "Executive summary" in text and "1 July 2025" in text


def test_enterprise_report_of_a_chosen_assessment(report_store, db, tmp_path):
    first = min(r["id"] for r in lifecycle.assessments_of(report_store, CLI, code(2)))
    out = tmp_path / "r.pdf"
    result = run("report", "enterprise", code(2), "--assessment", str(first), "-o", str(out), "--db", db)
    assert result.exit_code == 0, result.output
    assert "2024" in pdf_text(out.read_bytes())


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["BADCODE"], "18"),
        ([code(999)], "未找到"),
        ([code(1), "--assessment", "999999"], "999999"),
        ([code(1), "--lang", "fr"], "'fr' is not one of 'zh', 'en'"),
        ([code(1), "--date", "1.7.2025"], "'1.7.2025' does not match the formats '%Y-%m-%d'"),
    ],
)
def test_enterprise_report_errors_are_one_line(db, tmp_path, args, says):
    out = tmp_path / "r.pdf"
    line = one_error_line(run("report", "enterprise", *args, "-o", str(out), "--db", db))
    assert says in line
    assert not out.exists()


def test_cohort_report_and_its_errors(db, tmp_path):
    out = tmp_path / "c.pdf"
    result = run("report", "cohort", "-q", "sme-2024", "--lang", "en", "-o", str(out), "--db", db)
    assert result.exit_code == 0, result.output
    assert "Level distribution" in pdf_text(out.read_bytes())
    assert "unknown park" in one_error_line(
        run("report", "cohort", "-q", "sme-2024", "--park", "x", "-o", str(out), "--db", db)
    )
    assert "nope" in one_error_line(run("report", "cohort", "-q", "nope", "-o", str(out), "--db", db))


def test_batch_zip_with_progress(db, tmp_path):
    out = tmp_path / "b.zip"
    result = run("report", "batch", "-q", "dcmm-2025", "--park", SMALL_PARK, "-o", str(out), "--db", db)
    assert result.exit_code == 0, result.output
    assert "报告 reports: 1/1" in result.stderr
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as zf:
        assert zf.namelist() == [f"{code(300)}_dcmm-2025_2025.pdf", "index.csv"]
    line = one_error_line(run("report", "batch", "-q", "dcmm-2025", "--park", SMALL_PARK, "--source", "onsite",
                              "-o", str(out), "--db", db))  # fmt: skip
    assert "没有" in line
