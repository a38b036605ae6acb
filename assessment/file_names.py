"""File names built from what users typed (a round, a name, a park, an uploaded file's name):
one rule for the batch ZIP's members and every download (issue 10, point 13)."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^\w-]+")  # \w: letters (Chinese too), digits and _; nothing else survives
MAX_PART = 60


def safe_part(text: object) -> str:
    """One piece of a file name: letters, digits, ``_`` and ``-`` only; no ``.``, ``/``, ``\\``
    or control character; never empty."""
    cleaned = _UNSAFE.sub("-", str(text)).strip("-_")
    return cleaned[:MAX_PART] or "x"


def safe_file_name(*parts: object, suffix: str) -> str:
    """``parts`` joined by ``_`` and made safe, plus ``suffix`` (".pdf", ".zip", ...)."""
    return "_".join(safe_part(p) for p in parts) + "." + safe_part(suffix.lstrip("."))
