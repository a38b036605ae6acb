"""Shape archetypes: planted strengths-and-gaps groups are recovered whatever their level, a cohort
without shape structure is reported as such, names come from the profile, ids stay stable."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from benchmarks.archetypes import (
    STABILITY_BAR,
    ClusteringError,
    fit_archetypes,
    level_counts,
    pca_coordinates,
    place,
    public_model,
)
from questionnaires import get

Q = get("dcmm-2025")
AREAS = [a.id for a in Q.areas]
SHAPES = {
    "balanced": {},
    "secure": {"security": 0.9, "quality": 0.5, "application": -0.9},
    "applied": {"application": 1.0, "architecture": 0.6, "security": -0.9},
    "governed": {"governance": 0.9, "strategy": 0.6, "lifecycle": -0.8, "architecture": -0.6},
    "assets": {"assets": 1.0, "standards": -0.9},
}


def cohort(n: int = 600, seed: int = 0, shapes: dict = SHAPES, noise: float = 0.25) -> tuple[pd.DataFrame, np.ndarray]:
    """n profiles: one general factor (the level, spread over 1-4) plus a planted shape each."""
    rng = np.random.default_rng(seed)
    names = list(shapes)
    truth = rng.choice(len(names), n)
    general = rng.normal(0, 0.8, n)
    x = 3 + general[:, None] + rng.normal(0, noise, (n, len(AREAS)))
    for j, name in enumerate(names):
        for area, offset in shapes[name].items():
            x[truth == j, AREAS.index(area)] += offset
    x = np.clip(x, 1, 5)
    frame = pd.DataFrame(x, columns=AREAS)
    frame["assessment_id"] = range(1, n + 1)
    frame["level"] = np.clip(np.floor(x.mean(axis=1)), 1, 5).astype(int)
    return frame, np.array([names[t] for t in truth])


def test_recovers_the_planted_shapes_across_levels():
    frame, truth = cohort()
    model, labels = fit_archetypes(frame, Q, random_state=0)
    assert model["k"] == len(SHAPES)
    assert model["structure"] and model["stability"] >= STABILITY_BAR
    assert adjusted_rand_score(truth, labels.loc[frame["assessment_id"]].to_numpy()) >= 0.8
    # the shapes are not the levels: every archetype spans several levels
    assert all(len([n for n in a["levels"].values() if n]) >= 3 for a in model["archetypes"])
    assert sum(a["size"] for a in model["archetypes"]) == len(frame)


def test_names_say_the_strengths_and_gaps():
    frame, truth = cohort()
    model, labels = fit_archetypes(frame, Q, random_state=0)
    by_id = {a["id"]: a for a in model["archetypes"]}

    def archetype_of(shape: str) -> dict:
        members = labels.loc[frame["assessment_id"][truth == shape]]
        return by_id[members.mode().iloc[0]]

    secure = archetype_of("secure")
    assert secure["strengths"][0] == "security" and secure["gaps"][0] == "application"
    assert secure["name"]["zh"].startswith("重安全") and "轻应用" in secure["name"]["zh"]
    assert "security" in secure["name"]["en"].lower()
    assert secure["service"]["zh"] and "数据安全" not in secure["service"]["zh"]  # the gap's service
    assert [a["part"] for a in secure["actions"]][0] == "application"
    assert archetype_of("balanced")["name"] == {"zh": "均衡型", "en": "Balanced"}
    assert len({a["name"]["zh"] for a in model["archetypes"]}) == len(model["archetypes"])
    assert all(a["description"]["zh"] and a["description"]["en"] for a in model["archetypes"])


def test_no_shape_structure_is_reported_not_invented():
    frame, _ = cohort(n=800, shapes={"one factor": {}})
    model, labels = fit_archetypes(frame, Q, random_state=0)
    assert model["structure"] is False
    assert model["k"] == 1 and model["stability"] < STABILITY_BAR
    assert model["archetypes"][0]["name"] == {"zh": "均衡型", "en": "Balanced"}
    assert labels.nunique() == 1


def test_same_seed_same_model():
    frame, _ = cohort()
    first, labels1 = fit_archetypes(frame, Q, random_state=3)
    second, labels2 = fit_archetypes(frame, Q, random_state=3)
    assert first == second
    assert labels1.equals(labels2)


def test_ids_and_names_survive_a_refit_with_ten_percent_new_enterprises():
    frame, truth = cohort(n=600, seed=0)
    first, labels1 = fit_archetypes(frame, Q, random_state=0)
    extra, extra_truth = cohort(n=60, seed=9)
    extra["assessment_id"] += 10_000
    grown = pd.concat([frame, extra], ignore_index=True)
    second, labels2 = fit_archetypes(grown, Q, random_state=5, previous=first)
    assert {a["id"]: a["name"] for a in first["archetypes"]} == {a["id"]: a["name"] for a in second["archetypes"]}
    same = labels1.loc[frame["assessment_id"]].to_numpy() == labels2.loc[frame["assessment_id"]].to_numpy()
    assert same.mean() >= 0.95


def test_place_puts_a_profile_in_its_archetype():
    frame, _ = cohort()
    model, labels = fit_archetypes(frame, Q, random_state=0)
    for _, row in frame.head(20).iterrows():
        assert place(model, {a: row[a] for a in AREAS}) == labels.loc[row["assessment_id"]]
    assert place(model, {"security": 3.0}) is None  # incomplete profile: not placed
    assert place({**model, "method": "older"}, {a: 3.0 for a in AREAS}) is None  # a model of another method


def test_a_higher_or_lower_copy_of_a_profile_keeps_its_archetype():
    # the level is a separate axis: shifting every part by the same amount changes nothing
    frame, _ = cohort()
    model, _ = fit_archetypes(frame, Q, random_state=0)
    row = frame.iloc[0]
    base = {a: float(row[a]) for a in AREAS}
    assert place(model, base) == place(model, {a: v + 0.3 for a, v in base.items()})


def test_pca_coordinates_cover_every_assessment():
    frame, _ = cohort()
    model, _ = fit_archetypes(frame, Q, k=4, random_state=0)
    coords = pca_coordinates(frame, model)
    assert list(coords.columns) == ["assessment_id", "x", "y"]
    assert len(coords) == len(frame)


def test_too_few_assessments_or_a_bad_k_is_a_clear_error():
    frame, _ = cohort(n=8)
    with pytest.raises(ClusteringError) as info:
        fit_archetypes(frame, Q)
    assert "at least" in info.value.en
    with pytest.raises(ClusteringError):
        fit_archetypes(cohort()[0], Q, k=12)
    with pytest.raises(ClusteringError):
        fit_archetypes(cohort()[0], Q, k=2)


def test_public_model_is_the_cli_contract():
    frame, _ = cohort()
    model, _ = fit_archetypes(frame, Q, random_state=0)
    shown = public_model(model)
    assert {"k", "stability", "silhouette", "archetypes"} <= set(shown)
    for a in shown["archetypes"]:
        assert {"id", "name", "size", "centroid", "description"} <= set(a)
        assert set(a["name"]) == {"zh", "en"} and set(a["description"]) == {"zh", "en"}
        assert "center_scaled" not in a


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("12345"), st.integers(0, 40), min_size=1))
def test_level_counts_hide_every_small_cell_and_cannot_be_recovered(levels):
    shown = level_counts({"levels": levels})
    hidden = [lv for lv, n in shown.items() if n is None]
    assert all(shown[lv] is None for lv, n in levels.items() if 0 < n < 5)
    assert all(shown[lv] == n for lv, n in levels.items() if lv not in hidden)
    if sum(levels.values()) < 5:
        assert not [n for n in shown.values() if n is not None]  # the archetype itself is too small
    else:
        # knowing the total, a single hidden non-zero cell would follow by subtraction
        assert len([lv for lv in hidden if levels[lv] > 0]) != 1
