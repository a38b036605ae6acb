"""The first page of a new server draws without sqlite-utils (which loads pandas and numpy):
the home page reads what it shows with plain sqlite3 (``enterprises.at_a_glance``), and that
read agrees with the store's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from assessment import enterprises
from assessment.access import CLI
from assessment.enterprises import at_a_glance, check_profile, save_profile
from tests.conftest import code, make_enterprise

ROOT = Path(__file__).resolve().parent.parent


def test_a_database_not_created_yet_holds_nothing_and_is_not_created(tmp_path):
    path = tmp_path / "none.db"
    assert at_a_glance(path) == (False, 0)
    assert not path.exists()


def test_the_plain_read_agrees_with_the_store(store):
    assert at_a_glance(store.path) == (False, 0)
    make_enterprise(store, 1)
    assert at_a_glance(store.path) == (enterprises.has_synthetic(store), enterprises.count(store)) == (False, 1)
    with store.write() as db:
        profile = {"credit_code": code(2), "name": "青岛合成演示企业有限公司", "synthetic": True}
        save_profile(db, check_profile(profile), CLI)
    assert at_a_glance(store.path) == (True, 2) == (enterprises.has_synthetic(store), enterprises.count(store))


def test_the_anonymous_home_page_loads_neither_sqlite_utils_nor_pandas(tmp_path):
    script = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(ROOT / 'app.py')!r}, default_timeout=60).run()\n"
        "assert not at.exception, at.exception\n"
        "assert at.title[0].value == '数字化转型评估工具箱'\n"
        "print(sorted(m for m in ('sqlite_utils', 'pandas') if m in sys.modules))\n"
    )
    env = {**os.environ, "ASSESSMENT_DB": str(tmp_path / "new.db"), "ASSESSMENT_WARMUP": "0"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr
