"""Hand-built cohorts for the programme tests: enterprises with a chosen profile and results with a
chosen level, score and part scores, written as submitted assessments of the store."""

from __future__ import annotations

import copy
import shutil

import streamlit as st
import yaml

from assessment import accounts
from assessment.access import CLI
from assessment.db import Store
from assessment.enterprises import check_profile, save_profile
from tests.conftest import code

STAMP = "2025-06-01T00:00:00+00:00"


def firm(db, n: int, *, park="金水创新产业园", industry="啤酒饮料", size="small", name=None) -> str:
    """Enterprise number ``n`` with the given profile; returns its credit code."""
    profile = check_profile(
        {"credit_code": code(n), "name": name or f"青岛项目测试企业{n}有限公司", "park": park, "industry": industry}
    )
    profile["size"] = size
    return save_profile(db, profile, CLI, stamp=STAMP)


def result(db, credit_code: str, questionnaire: str, round_: str, source: str, level: int, score: float, **parts):
    """A submitted assessment with this level, overall score and part scores (its revision wins
    over an earlier one of the same slot, as the latest submitted revision does)."""
    aid = db.execute(
        "INSERT INTO assessments (credit_code, questionnaire, version, round, status, source, created_by, created_at, "
        "updated_at, submitted_at) VALUES (?, ?, '1', ?, 'submitted', ?, 'test', ?, ?, ?)",
        [credit_code, questionnaire, round_, source, STAMP, STAMP, STAMP],
    ).lastrowid
    db.execute(
        "INSERT INTO results (assessment_id, score, level, completeness, result, scored_at) "
        "VALUES (?, ?, ?, 1, '{}', ?)",
        [aid, score, level, STAMP],
    )
    for part, value in parts.items():
        db.execute("INSERT INTO result_parts (assessment_id, part, score) VALUES (?, ?, ?)", [aid, part, value])
    return aid


PILOT = {
    "id": "pilot",
    "version": "1",
    "name": {"zh": "试点", "en": "Pilot"},
    "description": {"zh": "测试用", "en": "for tests"},
    "benefit": {"zh": "补助", "en": "a subsidy"},
    "period": {"start": "2025-01-01", "end": "2026-12-31"},
    "rounds": {"before": "2025", "after": "2026"},
    "eligibility": [
        {"type": "size", "in": ["micro", "small", "medium"]},
        {"type": "level", "questionnaire": "sme-2024", "round": "before", "source": "any", "max": 1},
    ],
    "target": {
        "type": "level",
        "questionnaire": "sme-2024",
        "round": "after",
        "source": "verified",
        "min": 2,
    },
}


def pilot(**changes) -> dict:
    """The test pilot's document with top-level fields replaced."""
    data = copy.deepcopy(PILOT)
    data.update(changes)
    return data


def as_yaml(data: dict) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


PASSWORD = "Hn4$wQz7Lp2#Vk"  # of the analyst the programme page tests sign in as


def use(path, tmp_path, monkeypatch) -> Store:
    target = tmp_path / "assessment.db"
    if path is not None:
        shutil.copyfile(path, target)
    monkeypatch.setenv("ASSESSMENT_DB", str(target))
    st.cache_resource.clear()
    st.cache_data.clear()
    store = Store(target)
    if path is None:
        accounts.add_user(store, CLI, "analyst1", "analyst", PASSWORD)
    return store


NEXT_STEP = pilot(
    id="next-step",
    version="1",
    name={"zh": "下一步试点", "en": "Next-step pilot"},
    rounds={"before": "2025", "after": "2026"},
    eligibility=[{"type": "level", "questionnaire": "sme-2024", "source": "verified", "min": 3}],
)
