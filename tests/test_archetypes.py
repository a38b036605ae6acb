"""Archetype clustering: k by silhouette, unique bilingual names, stable labels across refits."""

import numpy as np
import pandas as pd
import pytest

from benchmarks.archetypes import ClusteringError, fit_archetypes, pca_coordinates, place
from questionnaires import get

Q = get("dcmm-2025")
AREAS = [a.id for a in Q.areas]


def profiles(n_per: int = 60, seed: int = 0, jitter: float = 0.25) -> pd.DataFrame:
    """Three clear profiles: security-first, application-first, all-round low."""
    rng = np.random.default_rng(seed)
    base = {
        "security_first": {a: (4.2 if a in ("security", "quality") else 2.0) for a in AREAS},
        "application_first": {a: (4.3 if a in ("application", "architecture") else 2.1) for a in AREAS},
        "low": {a: 1.3 for a in AREAS},
    }
    rows = []
    for name, centre in base.items():
        for _ in range(n_per):
            rows.append({a: float(np.clip(centre[a] + rng.normal(0, jitter), 1, 5)) for a in AREAS} | {"truth": name})
    frame = pd.DataFrame(rows)
    frame["assessment_id"] = range(1, len(frame) + 1)
    frame["score"] = frame[AREAS].mean(axis=1)
    return frame


def test_finds_the_three_profiles_and_names_them():
    frame = profiles()
    model, labels = fit_archetypes(frame, Q, random_state=0)
    assert model["k"] == 3
    assert 0 < model["silhouette"] <= 1
    by_truth = frame.assign(label=labels.loc[frame["assessment_id"]].to_numpy()).groupby("truth")["label"].nunique()
    assert (by_truth == 1).all()  # each true profile lands in one cluster
    names = [a["name"]["zh"] for a in model["archetypes"]]
    assert len(set(names)) == 3
    assert all(a["name"]["en"] and a["description"]["zh"] for a in model["archetypes"])
    security = labels.loc[frame[frame["truth"] == "security_first"]["assessment_id"].iloc[0]]
    arche = next(a for a in model["archetypes"] if a["id"] == security)
    assert arche["name"]["zh"].startswith(("安全", "质量"))
    assert sum(a["size"] for a in model["archetypes"]) == len(frame)


def test_same_seed_same_model():
    frame = profiles()
    first, labels1 = fit_archetypes(frame, Q, random_state=3)
    second, labels2 = fit_archetypes(frame, Q, random_state=3)
    assert first == second
    assert labels1.equals(labels2)


def test_labels_survive_a_refit_on_slightly_changed_data():
    first, labels1 = fit_archetypes(profiles(seed=0), Q, random_state=0)
    changed = profiles(seed=1)  # same profiles, new noise
    second, labels2 = fit_archetypes(changed, Q, random_state=7, previous=first)
    before = {a["name"]["zh"]: a["id"] for a in first["archetypes"]}
    after = {a["name"]["zh"]: a["id"] for a in second["archetypes"]}
    assert before == after
    truth = profiles(seed=0)["truth"].to_numpy()
    for profile in ("security_first", "application_first", "low"):
        ids1 = set(labels1.to_numpy()[truth == profile])
        ids2 = set(labels2.to_numpy()[changed["truth"].to_numpy() == profile])
        assert ids1 == ids2


def test_place_puts_a_new_profile_in_its_cluster():
    frame = profiles()
    model, labels = fit_archetypes(frame, Q, random_state=0)
    row = frame[frame["truth"] == "low"].iloc[0]
    assert place(model, {a: row[a] for a in AREAS}) == labels.loc[row["assessment_id"]]
    assert place(model, {"security": 3.0}) is None  # incomplete profile: not placed


def test_pca_coordinates_cover_every_assessment():
    frame = profiles()
    model, _ = fit_archetypes(frame, Q, k=3, random_state=0)
    coords = pca_coordinates(frame, model)
    assert list(coords.columns) == ["assessment_id", "x", "y"]
    assert len(coords) == len(frame)


def test_too_few_assessments_is_a_clear_error():
    with pytest.raises(ClusteringError) as info:
        fit_archetypes(profiles(n_per=2), Q)
    assert "at least" in info.value.en
    with pytest.raises(ClusteringError):
        fit_archetypes(profiles(), Q, k=12)
