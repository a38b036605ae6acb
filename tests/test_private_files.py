"""Files we create are private (issue 10, point 16): the database, its WAL and SHM files and
backups are 0600 whatever the umask, 0640 under the service's UMask=0027."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.private_files import file_mode

ROOT = Path(__file__).resolve().parents[1]

# a fresh process per umask: the umask is process-wide
SCRIPT = """
import os, sys
os.umask(int(sys.argv[2], 8))
from assessment.access import CLI
from assessment.backup import backup
from assessment.db import Store
store = Store(os.path.join(sys.argv[1], "assessment.db"))
with store.write() as db:
    db.execute("INSERT INTO audit (at, actor, role, action) VALUES ('t', 'cli', 'admin', 'x')")
backup(store, CLI, os.path.join(sys.argv[1], "backups", "b.db"))
backup(store, CLI, os.path.join(sys.argv[1], "backups", "b.db"))  # replacing one keeps it private
for name in ("assessment.db", "assessment.db-wal", "assessment.db-shm", "backups/b.db"):
    print(name, oct(os.stat(os.path.join(sys.argv[1], name)).st_mode & 0o777))
"""


def modes(tmp_path: Path, umask: str) -> dict[str, str]:
    folder = tmp_path / umask
    folder.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder), umask], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return dict(line.split() for line in done.stdout.splitlines())


@pytest.mark.parametrize("umask", ["000", "022", "002"])
def test_database_wal_shm_and_backups_are_0600_whatever_the_umask(tmp_path, umask):
    assert set(modes(tmp_path, umask).values()) == {"0o600"}


def test_under_the_service_umask_the_group_may_read(tmp_path):
    assert set(modes(tmp_path, "027").values()) == {"0o640"}
    assert set(modes(tmp_path, "077").values()) == {"0o600"}


def test_the_mode_rule():
    assert [oct(file_mode(u)) for u in (0, 0o022, 0o002, 0o027, 0o077, 0o007)] == [
        "0o600", "0o600", "0o600", "0o640", "0o600", "0o640",
    ]  # fmt: skip


def test_the_shipped_units_set_the_umask():
    for unit in ("assessment.service", "assessment-backup.service"):
        assert "UMask=0027" in (ROOT / "deploy" / unit).read_text(encoding="utf-8").splitlines()
    assert "umask 0027" in (ROOT / "deploy" / "assessment-cli").read_text(encoding="utf-8")
    assert os.access(ROOT / "deploy" / "assessment-cli", os.X_OK)
