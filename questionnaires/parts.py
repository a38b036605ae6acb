"""The compared parts of a questionnaire — DCMM areas; SME dimensions plus "operations" (the mean
scenario level); CMMM domains (each scored 0-5 like the whole) — with their names and scales.
Statistics, archetypes, pages and reports all ask here, so a part has one id, one name and one
scale everywhere."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire

OPERATIONS = "operations"
OPERATIONS_NAME = {"zh": "数字化经营", "en": "Digital operations"}


def part_ids(q) -> list[str]:
    """The compared parts: DCMM areas; SME dimensions plus operations (mean scenario level)."""
    if isinstance(q, DcmmQuestionnaire):
        return [a.id for a in q.areas]
    if isinstance(q, CmmmQuestionnaire):
        return [d.id for d in q.domains]
    return [d.id for d in q.dimensions] + [OPERATIONS]


def part_names(q) -> list[tuple[str, dict]]:
    """The compared parts in questionnaire order, with their bilingual names."""
    if isinstance(q, DcmmQuestionnaire):
        return [(a.id, a.name.model_dump()) for a in q.areas]
    if isinstance(q, CmmmQuestionnaire):
        return [(d.id, d.name.model_dump()) for d in q.domains]
    return [(d.id, d.name.model_dump()) for d in q.dimensions] + [(OPERATIONS, OPERATIONS_NAME)]


def part_max(q, part: str) -> float:
    """The top of a part's scale: 5 for a DCMM area or a CMMM domain, the points of an SME
    dimension, 4 for the mean scenario level."""
    if isinstance(q, DcmmQuestionnaire | CmmmQuestionnaire):
        return 5.0
    if part == OPERATIONS:
        return 4.0
    return next(d.max_points for d in q.dimensions if d.id == part)


def part_min(q, part: str) -> float:
    return 1.0 if isinstance(q, DcmmQuestionnaire) else 0.0


def overall_range(q) -> tuple[float, float]:
    if isinstance(q, CmmmQuestionnaire):
        return (0.0, 5.0)
    return (1.0, 5.0) if isinstance(q, DcmmQuestionnaire) else (0.0, 100.0)


@functools.cache
def _services() -> dict[str, dict]:
    data = yaml.safe_load((Path(__file__).parent / "vocabulary" / "services.yaml").read_text(encoding="utf-8"))
    problems = [
        f"services.yaml: {part}: expected {{zh: ..., en: ...}}"
        for part, text in data.items()
        if not (isinstance(text, dict) and text.get("zh") and text.get("en"))
    ]
    if problems:
        raise ValueError("\n".join(problems))
    return data


def part_service(part: str) -> dict | None:
    """The kind of outside service that closes a gap in this part ({zh, en}), if we name one."""
    return _services().get(part)
