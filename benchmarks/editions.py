"""Comparing DCMM editions: a GB/T 36073-2018 result expressed on the 2025 areas, through the
item mapping carried by the 2018 question bank (``maps_to``)."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd

from assessment.cohort import CohortFilter, cohort_frame
from assessment.db import Store
from questionnaires import available, get
from questionnaires.schema import DcmmQuestionnaire


def map_result(old: DcmmQuestionnaire, new: DcmmQuestionnaire, result: dict) -> dict[str, float]:
    """Area scores on ``new``'s areas from a result on ``old``: each new item takes the mean
    score of the old items mapped onto it; an area is the weighted mean of its mapped items.
    Areas with no mapped item (e.g. 数据资产) are left out."""
    contributions: dict[str, list[float]] = {}
    for item in old.items:
        for target in item.maps_to:
            contributions.setdefault(target, []).append(result["items"][item.id]["score"])
    areas = {}
    for area in new.areas:
        scored = [(sum(v) / len(v), i.weight) for i in area.items if (v := contributions.get(i.id))]
        if scored:
            areas[area.id] = sum(s * w for s, w in scored) / sum(w for _, w in scored)
    return areas


def mapped_frame(frame_old: pd.DataFrame, old_id: str = "dcmm-2018", new_id: str = "dcmm-2025") -> pd.DataFrame:
    """A cohort frame of ``old_id`` results (read with ``with_result=True``) with its part
    columns replaced by the mapped scores on ``new_id``'s areas."""
    old, new = get(old_id), get(new_id)
    assert isinstance(old, DcmmQuestionnaire) and isinstance(new, DcmmQuestionnaire), "two DCMM editions"
    if frame_old.empty:
        return frame_old
    mapped = [map_result(old, new, json.loads(r)) for r in frame_old["result"]]
    parts = pd.DataFrame(mapped, index=frame_old.index)
    base = frame_old.drop(columns=[c for c in frame_old.columns if c in parts.columns or c == "result"])
    return base.join(parts).assign(edition=old_id)


def earlier_editions(questionnaire: str) -> list[str]:
    """Questionnaires whose items map onto ``questionnaire`` (dcmm-2018 onto dcmm-2025)."""
    return sorted(q.id for q in available().values() if getattr(q, "maps_to_questionnaire", None) == questionnaire)


def earlier_frame(store: Store, flt: CohortFilter) -> pd.DataFrame:
    """The results of the editions that map onto ``flt.questionnaire``, for the filter without
    its round, expressed on its areas (``mapped_frame``; an ``edition`` column says which)."""
    frames = []
    for old_id in earlier_editions(flt.questionnaire):
        old = cohort_frame(store, replace(flt, questionnaire=old_id, version=None, round=None), with_result=True)
        if not old.empty:
            frames.append(mapped_frame(old, old_id, flt.questionnaire))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
