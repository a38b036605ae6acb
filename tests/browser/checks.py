"""What the browser tests compare the page with: the database they share with the server, and
`cli.py score`."""

from __future__ import annotations

import json
import subprocess
import sys

from perf.app_server import ROOT


def draft_id(db_path, credit_code: str) -> int:
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT max(id) FROM assessments WHERE credit_code = ?", [credit_code]).fetchone()[0]


def cli_score(answers: dict, questionnaire: str) -> dict:
    doc = json.dumps({"questionnaire": questionnaire, "answers": answers}, ensure_ascii=False)
    proc = subprocess.run(
        [sys.executable, "cli.py", "score", "-"], input=doc, capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(proc.stdout)["overall"]


def answers_in_db(db_path, assessment_id: int) -> dict:
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT question_id, value FROM answers WHERE assessment_id = ?", [assessment_id])
        return {qid: json.loads(v) for qid, v in rows}
