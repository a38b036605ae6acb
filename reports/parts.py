"""The compared parts of a questionnaire (DCMM areas; SME dimensions plus operations, as in
``benchmarks.statistics.part_ids``): their names and scales."""

from __future__ import annotations

from questionnaires.schema import DcmmQuestionnaire

OPERATIONS_NAME = {"zh": "数字化经营", "en": "Digital operations"}


def part_names(q) -> list[tuple[str, dict]]:
    """The compared parts in questionnaire order, with their bilingual names."""
    if isinstance(q, DcmmQuestionnaire):
        return [(a.id, a.name.model_dump()) for a in q.areas]
    return [(d.id, d.name.model_dump()) for d in q.dimensions] + [("operations", OPERATIONS_NAME)]


def part_max(q, part: str) -> float:
    """The top of a part's scale: 5 for a DCMM area, the points of an SME dimension, 4 for the
    mean scenario level."""
    if isinstance(q, DcmmQuestionnaire):
        return 5.0
    if part == "operations":
        return 4.0
    return next(d.max_points for d in q.dimensions if d.id == part)


def part_min(q, part: str) -> float:
    return 1.0 if isinstance(q, DcmmQuestionnaire) else 0.0


def overall_range(q) -> tuple[float, float]:
    return (1.0, 5.0) if isinstance(q, DcmmQuestionnaire) else (0.0, 100.0)
