"""Start the real app on a free port with its own database, and a headless Debian chromium (for
the start-up figures here and the browser tests)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(db_path: Path, log, app_dir: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run app.py`` (of ``app_dir``) on ``db_path`` and a free port; returns
    (process, base URL)."""
    port = free_port()
    env = {**os.environ, "ASSESSMENT_DB": str(db_path)}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    proc = subprocess.Popen(command, cwd=app_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


def wait_healthy(url: str, timeout: float = 60) -> bool:
    """Poll the health check until the server answers."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.05)
    return False


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def start_healthy(db_path: Path, log_path: Path, timeout: float = 60) -> tuple[subprocess.Popen, str]:
    """start_app with its output in ``log_path``, once its health check answers; the process is
    stopped and RuntimeError raised if it does not within ``timeout`` seconds."""
    with open(log_path, "w") as log:  # the server keeps its own copy of the file handle
        proc, url = start_app(db_path, log)
    if not wait_healthy(url, timeout):
        stop(proc)
        raise RuntimeError(f"the app did not start; see {log_path}")
    return proc, url


@contextmanager
def running_app(db_path: Path, log_path: Path):
    """Yield the base URL of a running ``streamlit run app.py`` on ``db_path``."""
    proc, url = start_healthy(db_path, log_path)
    try:
        yield url
    finally:
        stop(proc)
