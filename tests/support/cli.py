"""Running the public CLI in-process, and the answer files it reads."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli import app

runner = CliRunner()


def run(*args: str):
    """``python cli.py ARGS`` in-process (typer's runner): exit code, stdout and stderr apart."""
    return runner.invoke(app, list(args))


def write(tmp_path: Path, data, name: str = "answers.json") -> str:
    """``data`` (text as it is, anything else as JSON) written to ``tmp_path/name``; its path."""
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), "utf-8")
    return str(path)
