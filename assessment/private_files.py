"""Files of ours that hold personal data — the database (SQLite gives its ``-wal``, ``-shm`` and
``-journal`` files the database's own mode) and its backups — are created private (issue 10,
point 16): 0600, whatever the process's umask.

Group read (0640) is given only where the process's umask already shuts out everyone else
(``umask & 007 == 007``), as the shipped systemd units' ``UMask=0027`` does: there the group is
the service's own, and an operator may put a backup reader in it. A looser umask (0022, 0002, 0)
never widens the mode beyond 0600.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE = 0o600
SHARED_WITH_GROUP = 0o640


def current_umask() -> int:
    """The process's umask, read without changing it (``os.umask`` is process-wide and racy)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o077)  # pragma: no cover - systems without /proc
    os.umask(mask)
    return mask


def file_mode(umask: int | None = None) -> int:
    """The mode our data files get under ``umask`` (the current one by default)."""
    umask = current_umask() if umask is None else umask
    mode = SHARED_WITH_GROUP if umask & 0o007 == 0o007 else PRIVATE
    return mode & ~umask


def create_private(path: str | os.PathLike) -> bool:
    """Create ``path`` empty with ``file_mode()`` unless it exists; True if it was created."""
    mode = file_mode()
    try:
        fd = os.open(Path(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        return False
    try:
        os.fchmod(fd, mode)  # exactly this mode, whatever the umask did to the request
    finally:
        os.close(fd)
    return True
