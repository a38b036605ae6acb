"""Formula injection: every text cell of a file we write for a spreadsheet is made inert here
(issue 10, point 12) — the export, the audit CSV, the import problem list, the batch ZIP's
``index.csv``.

A spreadsheet runs a cell as a formula when its text starts with ``= + - @`` (Excel also after
leading blanks, LibreOffice also with the full-width ``＝ ＋ － ＠`` of a Chinese input method),
and TAB, CR and LF start a cell of their own in a CSV opened by some programs. Such a text gets
a leading apostrophe, which a spreadsheet shows as nothing and keeps the text as text; the import
reads it back without it (``restore``).
"""

from __future__ import annotations

import pandas as pd

TRIGGERS = frozenset("=+-@＝＋－＠")
CONTROL_START = ("\t", "\r", "\n")
BLANKS = " \u00a0\u3000\t\r\n"  # a space, a no-break space, the ideographic space, TAB, CR, LF


def is_risky(text: str) -> bool:
    """A text a spreadsheet could run as a formula, or that starts with TAB, CR or LF."""
    if text.startswith(CONTROL_START):
        return True
    first = text.lstrip(BLANKS)[:1]
    return first in TRIGGERS


def neutralise(value: object) -> object:
    """``value`` made inert for a spreadsheet: a risky text gets a leading apostrophe; anything
    else (numbers, safe text) is returned as it is."""
    if isinstance(value, str) and is_risky(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text ``neutralise`` was given (the import reads an export back)."""
    if text.startswith("'") and is_risky(text[1:]):
        return text[1:]
    return text


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell (and column name) neutralised."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype.kind in "biufcmM":
            continue
        risky = series.map(lambda v: isinstance(v, str) and is_risky(v)).astype(bool)
        if risky.any():
            out[column] = series.astype(object).where(~risky, "'" + series[risky].astype(str))
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as a neutralised CSV file, UTF-8 with a BOM (Excel reads it as UTF-8 then, and
    as the local code page without it). Lines end in CRLF, so that a CR or LF inside a cell is
    quoted (Python's csv quotes only the line ending's characters)."""
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
