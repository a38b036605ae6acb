"""Formula injection (issue 10, point 12): one rule in assessment/neutralise.py, used by every
file we write for a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from assessment.neutralise import BLANKS, TRIGGERS, csv_bytes, neutralise, restore
from reports.batch import Member, _index_csv
from tests.conftest import code

ROOT = Path(__file__).resolve().parents[1]
DANGEROUS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", " =1+1", "\u3000=1", "＝1+1", "＋1", "－1", "＠A1"]


def inert(text: str) -> bool:
    """What a spreadsheet sees is text: it starts with an apostrophe, or nothing in it could start
    a formula or a new cell."""
    return text.startswith("'") or (not text.startswith(("\t", "\r", "\n")) and text.lstrip(BLANKS)[:1] not in TRIGGERS)


def test_every_dangerous_start_gets_an_apostrophe():
    assert [neutralise(t) for t in DANGEROUS] == ["'" + t for t in DANGEROUS]
    assert neutralise("公司=A") == "公司=A" and neutralise(-1) == -1 and neutralise(None) is None


@given(st.text(alphabet=st.sampled_from([*TRIGGERS, *BLANKS, "'", "a", "中", "1"]), max_size=8) | st.text())
def test_any_text_comes_out_inert_and_reads_back(text):
    out = neutralise(text)
    assert inert(out)
    assert out == text or out == "'" + text
    assert restore(out) == text or (text.startswith("'") and out == text)


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_a_csv_file_has_no_risky_cell(texts):
    frame = pd.DataFrame({"name": texts, "n": range(len(texts))})
    assert all(inert(r["name"]) for r in read(csv_bytes(frame)))


def read(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_batch_index_is_neutralised():
    rows = [(f"{n}.pdf", Member(code(n), n, text, text, "2025", 3.5, 3)) for n, text in enumerate(DANGEROUS)]
    back = read(_index_csv(rows))
    assert [r["name"] for r in back] == ["'" + t for t in DANGEROUS] and all(r["park"] == r["name"] for r in back)


def test_no_csv_is_written_except_through_the_one_rule():
    """Pages and reports write spreadsheet files only through assessment.neutralise."""
    allowed = {"assessment/neutralise.py"}
    offenders = []
    for folder in ("app.py", "cli.py", "ui", "reports", "benchmarks", "assessment"):
        for path in [ROOT / folder] if folder.endswith(".py") else (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel not in allowed and re.search(r"\.to_csv\(|csv\.writer\(|\.to_excel\(", path.read_text("utf-8")):
                offenders.append(rel)
    assert offenders == []
