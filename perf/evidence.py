"""Figures for evidence files (issue 13, point 1): storing a 10 MB upload (checks, sha256,
private temporary file, fsync, rename to its content address, row and audit), and reading it
back for a download (the sha256 checked on the way out)."""

from __future__ import annotations

import io
import os
import statistics
import tempfile
import time
import zipfile
from pathlib import Path

from assessment import backup_archive, enterprises, evidence, lifecycle, rounds
from assessment import evidence_files as files
from assessment.access import CLI, Actor
from assessment.credit_code import complete
from assessment.db import Store

SIZE = 10 * 1000 * 1000  # "a 10 MB upload", under the 10 MiB limit
RUNS = 5
ITEMS = ["strategy.planning", "strategy.implementation", "strategy.assessment", "governance.organization"]


def pdf_like(n: int) -> bytes:
    return b"%PDF-1.7\n" + os.urandom(n - 9)


def docx_like(n: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/media/image1.png", os.urandom(n - 600))
    return out.getvalue()


def text_like(n: int) -> bytes:
    line = "数据管理制度第一章 总则 第一条 为规范数据管理工作。\n".encode()
    body = line * (n // len(line) - 1)
    return body + b"x" * (n - len(body))


def benchmarks() -> list[tuple[str, float, str, str]]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "perf.db")
        try:
            code = complete("91370213MA9999998")
            enterprises.upsert(store, CLI, {"credit_code": code, "name": "性能测试企业"})
            me = Actor(code, "enterprise", code)
            rounds.add(store, CLI, "2026")
            draft = lifecycle.start_or_resume(store, me, code, "dcmm-2025", "2026")
            for kind, make in (("PDF", pdf_like), ("docx", docx_like), ("text", text_like)):
                times, reads = [], []
                for run in range(RUNS):
                    data = make(SIZE) if kind != "text" else text_like(SIZE - run)  # new content every run
                    start = time.perf_counter()
                    entry = evidence.add(store, me, draft, ITEMS[run % len(ITEMS)], f"big.{kind}", data, "大文件")
                    times.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    evidence.read(store, me, entry["id"])
                    reads.append(time.perf_counter() - start)
                    evidence.remove(store, me, entry["id"])  # stay under the per-assessment total
                out.append((f"store a 10 MB {kind} upload (median of {RUNS})", statistics.median(times), "s", "<= 0.5"))
                out.append((f"  slowest of the {RUNS}", max(times), "s", ""))
                out.append(("  download it back, sha256 checked (median)", statistics.median(reads), "s", ""))
            assert files.kept(evidence.root(store)) == {}
            # a full assessment: 10 files of 10 MB, backed up to one archive and checked whole
            for n in range(10):
                evidence.add(store, me, draft, ITEMS[n % len(ITEMS)], f"f{n}.pdf", pdf_like(SIZE), "大文件")
            start = time.perf_counter()
            backup_archive.backup(store, CLI, Path(tmp) / "b.zip")
            backed = time.perf_counter() - start
            start = time.perf_counter()
            backup_archive.check_archive(Path(tmp) / "b.zip")
            checked = time.perf_counter() - start
            out.append(("backup with 100 MB of evidence (10 files) to one archive", backed, "s", ""))
            out.append(("  check that archive whole (every sha256)", checked, "s", ""))
        finally:
            store.close()
    load = os.getloadavg()
    out.append(("machine load average (1, 5 min) while measuring: 1 min", load[0], "", ""))
    out.append(("  5 min", load[1], "", ""))
    return out
