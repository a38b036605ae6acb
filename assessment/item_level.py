"""The DCMM item level, in one place: the highest L with every criterion of levels 2..L met.

The rule runs on a boolean matrix of criteria met (assessments × criteria, in the
questionnaire's criterion order) and the questionnaire's compiled criterion → item / level
arrays. The single scorer (one row), the batch scorer and the demo generator all call it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from questionnaires.schema import DcmmQuestionnaire

LEVELS = (2, 3, 4, 5)  # level 1 needs nothing


@dataclass(frozen=True)
class LevelColumns:
    """The criteria of one level, grouped by item: ``columns`` (criterion columns, item by item),
    ``starts`` (where each item's group begins in ``columns``) and ``items`` (those items)."""

    columns: np.ndarray
    starts: np.ndarray
    items: np.ndarray


@dataclass(frozen=True)
class CompiledCriteria:
    """A questionnaire's criterion → item / level arrays, in the form the rule runs on."""

    item: np.ndarray  # criterion → item index
    level: np.ndarray  # criterion → level
    n_items: int
    by_level: tuple[LevelColumns, ...]  # one per level in LEVELS
    counts: np.ndarray  # (levels × items): criteria of each level per item


_COMPILED: dict[int, tuple[DcmmQuestionnaire, CompiledCriteria]] = {}


def _level_columns(item: np.ndarray, level: np.ndarray, lv: int) -> LevelColumns:
    cols = np.flatnonzero(level == lv)
    cols = cols[np.argsort(item[cols], kind="stable")]
    items, starts = np.unique(item[cols], return_index=True)
    return LevelColumns(cols, starts, items)


def compile_criteria(q: DcmmQuestionnaire) -> CompiledCriteria:
    """The compiled arrays of ``q`` (computed once per questionnaire object)."""
    hit = _COMPILED.get(id(q))
    if hit is None or hit[0] is not q:
        index = {item.id: j for j, item in enumerate(q.items)}
        crits = list(q.criterion_by_id.values())
        item = np.array([index[q.item_of_criterion[c.id]] for c in crits], dtype=np.intp)
        level = np.array([c.level for c in crits], dtype=np.int8)
        n_items = len(q.items)
        counts = np.stack([np.bincount(item[level == lv], minlength=n_items) for lv in LEVELS])
        by_level = tuple(_level_columns(item, level, lv) for lv in LEVELS)
        hit = _COMPILED[id(q)] = (q, CompiledCriteria(item, level, n_items, by_level, counts))
    return hit[1]


def met_counts(met: np.ndarray, c: CompiledCriteria) -> np.ndarray:
    """Criteria met per assessment, level (2..5) and item: (n × levels × items) uint8 (an item
    has far fewer than 256 criteria per level)."""
    out = np.zeros((met.shape[0], len(LEVELS), c.n_items), dtype=np.uint8)
    flags = met.view(np.uint8)
    for k, group in enumerate(c.by_level):
        if len(group.columns):
            out[:, k, group.items] = np.add.reduceat(flags[:, group.columns], group.starts, axis=1, dtype=np.uint8)
    return out


def _levels(counts: np.ndarray, c: CompiledCriteria) -> np.ndarray:
    complete = counts == c.counts[np.newaxis]  # every criterion of the level met
    return (1 + np.cumprod(complete, axis=1, dtype=np.int8).sum(axis=1, dtype=np.int8)).astype(np.int8)


def item_levels(met: np.ndarray, c: CompiledCriteria) -> np.ndarray:
    """The level of every item: (n × items) int8, from ``met`` (n × criteria, bool)."""
    return _levels(met_counts(met, c), c)


def item_scores(met: np.ndarray, c: CompiledCriteria) -> tuple[np.ndarray, np.ndarray]:
    """Item levels and detailed-mode scores (level + share met of the next level's criteria; 5 at
    level 5), both (n × items)."""
    counts = met_counts(met, c)
    level = _levels(counts, c)
    score = level.astype(np.float64)
    share = np.empty_like(score)
    for k, lv in enumerate(LEVELS):  # share met of level lv, for items at level lv - 1
        np.divide(counts[:, k, :], np.maximum(c.counts[k], 1), out=share)
        share[level != lv - 1] = 0.0
        score += share
    return level, score
