"""Archetypes: enterprises clustered by their area (or dimension) profile.

A scikit-learn ``Pipeline`` (StandardScaler + KMeans, fixed ``random_state``) over the
part scores of one questionnaire; k chosen by silhouette over 2..8 unless given. Each cluster
is named in Chinese and English from its profile relative to the cohort; names are unique.
Labels stay stable across refits: new centroids are matched to the previous model's
(Hungarian assignment) and inherit their ids and names. The fitted model is kept as JSON (scaler
and centroids), so placing a new assessment needs no pickled object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from assessment.errors import AssessmentError
from assessment.lifecycle import result_parts
from benchmarks.statistics import MIN_COHORT, part_ids
from questionnaires.schema import DcmmQuestionnaire

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

# scikit-learn and scipy are imported where a model is fitted or a scatter drawn, not with
# this module: together they take about two seconds to import, and placing an assessment,
# reading a model or drawing the dashboard needs neither

K_RANGE = range(2, 9)
SILHOUETTE_SAMPLE = 3000
K_SAMPLE = 20_000
FLAT = 0.35  # a profile whose parts all lie within this many SDs of its mean is "balanced"


class ClusteringError(AssessmentError):
    """Too few assessments (or too little variety) to form archetypes."""


def part_names(q) -> dict[str, tuple[str, str]]:
    """Short zh/en names of the parts, for archetype names."""
    names = {}
    if isinstance(q, DcmmQuestionnaire):
        for a in q.areas:
            names[a.id] = (a.name.zh.removeprefix("数据"), a.name.en.removeprefix("Data ").capitalize())
    else:
        for d in q.dimensions:
            names[d.id] = (d.name.zh.removeprefix("数字化"), d.name.en.removeprefix("Digital ").capitalize())
        names["operations"] = ("经营", "Operations")
    return names


def _pipeline(k: int, random_state: int, n_init: int = 3) -> Pipeline:
    from sklearn.cluster import KMeans
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    return Pipeline(
        [
            ("scale", StandardScaler()),
            ("kmeans", KMeans(n_clusters=k, random_state=random_state, n_init=n_init)),
        ]
    )


def _silhouette(pipe: Pipeline, x: np.ndarray, random_state: int) -> float:
    from sklearn.metrics import silhouette_score

    xs = pipe.named_steps["scale"].transform(x)
    labels = pipe.named_steps["kmeans"].labels_
    sample = min(len(x), SILHOUETTE_SAMPLE)
    return float(silhouette_score(xs, labels, sample_size=sample, random_state=random_state))


def _choose_k(x: np.ndarray, random_state: int) -> tuple[int, Pipeline, float]:
    """The k with the best silhouette, tried on a random sample of at most K_SAMPLE rows (the
    choice is stable long before 100,000 rows), then fitted on all rows."""
    rng = np.random.default_rng(random_state)
    sample = x if len(x) <= K_SAMPLE else x[rng.choice(len(x), K_SAMPLE, replace=False)]
    best = None
    for k in K_RANGE:
        if k >= len(sample):
            break
        pipe = _pipeline(k, random_state, n_init=1).fit(sample)
        if len(set(pipe.named_steps["kmeans"].labels_)) < 2:
            continue
        score = _silhouette(pipe, sample, random_state)
        if best is None or score > best[1] + 1e-9:
            best = (k, score)
    if best is None:
        raise ClusteringError("数据差异太小，无法聚类", "the profiles are too alike to form archetypes")
    pipe = _pipeline(best[0], random_state).fit(x)
    return best[0], pipe, _silhouette(pipe, x, random_state)


def _name(z: np.ndarray, parts: list[str], names: dict[str, tuple[str, str]], taken: set[str]) -> dict:
    level = float(z.mean())
    shape = z - level
    strong, weak = parts[int(np.argmax(shape))], parts[int(np.argmin(shape))]
    sz, se = names[strong]
    wz, we = names[weak]
    if float(np.abs(shape).max()) < FLAT:
        if level > 0.5:
            zh, en = "全面领先型", "All-round leaders"
        elif level < -0.5:
            zh, en = "整体起步型", "Early starters"
        else:
            zh, en = "均衡发展型", "Balanced middle"
        candidates = [(zh, en), (f"{zh}（{sz}较强）", f"{en} (stronger {se.lower()})")]
    else:
        candidates = [(f"{sz}先行型", f"{se}-first"), (f"{sz}先行·{wz}待补型", f"{se}-first, {we.lower()} lagging")]
    choice = next(((zh, en) for zh, en in candidates if zh not in taken), None)
    if choice is None:
        zh, en = candidates[-1]
        n = 2
        while f"{zh}{n}" in taken:
            n += 1
        choice = (f"{zh}{n}", f"{en} {n}")
    zh, en = choice
    taken.add(zh)
    above = "高于" if level >= 0 else "低于"
    description = {
        "zh": f"整体{above}全体均值 {abs(level):.1f} 个标准差；相对最强：{sz}（{shape.max() + level:+.1f}），"
        f"相对最弱：{wz}（{shape.min() + level:+.1f}）",
        "en": f"Overall {abs(level):.1f} SD {'above' if level >= 0 else 'below'} the cohort mean; relatively "
        f"strongest in {se.lower()} ({shape.max() + level:+.1f} SD), weakest in {we.lower()} "
        f"({shape.min() + level:+.1f} SD)",
    }
    return {"name": {"zh": zh, "en": en}, "description": description}


def fit_archetypes(
    frame: pd.DataFrame, q, *, k: int | None = None, random_state: int = 0, previous: dict | None = None
) -> tuple[dict, pd.Series]:
    """Fit archetypes on a cohort frame; returns (model JSON, archetype id per assessment_id)."""
    parts = [p for p in part_ids(q) if p in frame]
    data = frame.dropna(subset=parts)
    if len(data) < max(2 * MIN_COHORT, 10):
        raise ClusteringError(
            f"至少需要 {max(2 * MIN_COHORT, 10)} 份评估才能聚类，当前 {len(data)} 份",
            f"at least {max(2 * MIN_COHORT, 10)} assessments are needed, there are {len(data)}",
        )
    x = data[parts].to_numpy(dtype=float)
    # one BLAS/OpenMP thread: on a 2-core server shared with the app's other sessions, more
    # threads contend and make the fit several times slower
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _fit(data, x, parts, q, k, random_state, previous)


def _fit(data, x, parts, q, k, random_state, previous) -> tuple[dict, pd.Series]:
    if k is None:
        k, pipe, silhouette = _choose_k(x, random_state)
    else:
        if not 2 <= k <= min(8, len(x) - 1):
            raise ClusteringError("k 应在 2 到 8 之间", "k must be between 2 and 8")
        pipe = _pipeline(k, random_state).fit(x)
        silhouette = _silhouette(pipe, x, random_state)
    scaler, kmeans = pipe.named_steps["scale"], pipe.named_steps["kmeans"]
    centers_scaled = kmeans.cluster_centers_
    centers = scaler.inverse_transform(centers_scaled)
    labels = kmeans.labels_
    sizes = np.bincount(labels, minlength=k)
    ids = _stable_ids(centers_scaled, previous, scaler)
    names = part_names(q)
    taken: set[str] = set()
    archetypes: list[dict] = [None] * k  # type: ignore[list-item]
    inherited = {a["id"]: a for a in (previous or {}).get("archetypes", [])}
    # inherited names first, so new clusters cannot take them
    order = sorted(range(k), key=lambda j: ids[j] not in inherited)
    for j in order:
        if ids[j] in inherited:
            named = {"name": inherited[ids[j]]["name"], "description": inherited[ids[j]]["description"]}
            taken.add(named["name"]["zh"])
        else:
            named = _name(centers_scaled[j], parts, names, taken)
        archetypes[j] = {
            "id": ids[j],
            **named,
            "size": int(sizes[j]),
            "centroid": {p: float(v) for p, v in zip(parts, centers[j])},
            "center_scaled": [float(v) for v in centers_scaled[j]],
        }
    model = {
        "questionnaire": q.id,
        "parts": parts,
        "k": int(k),
        "silhouette": silhouette,
        "random_state": random_state,
        "scaler": {"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist()},
        "archetypes": sorted(archetypes, key=lambda a: a["id"]),
    }
    by_assessment = pd.Series([ids[j] for j in labels], index=data["assessment_id"].to_numpy(), name="archetype")
    return model, by_assessment


def _stable_ids(centers_scaled: np.ndarray, previous: dict | None, scaler: StandardScaler) -> list[str]:
    k = len(centers_scaled)
    if not previous or not previous.get("archetypes"):
        return [f"A{j + 1}" for j in range(k)]
    old = previous["archetypes"]
    # compare in the new scaled space: old centroids (original units) scaled by the new scaler
    old_parts = previous["parts"]
    old_centers = np.array([[a["centroid"][p] for p in old_parts] for a in old])
    old_scaled = scaler.transform(old_centers)
    cost = ((centers_scaled[:, None, :] - old_scaled[None, :, :]) ** 2).sum(axis=2)
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(cost)
    ids: list[str | None] = [None] * k
    for r, c in zip(rows, cols):
        ids[r] = old[c]["id"]
    used = {int(a["id"][1:]) for a in old if a["id"][1:].isdigit()}
    nxt = max(used, default=0) + 1
    for j in range(k):
        if ids[j] is None:
            ids[j] = f"A{nxt}"
            nxt += 1
    return ids  # type: ignore[return-value]


def place(model: dict, parts: dict[str, float]) -> str | None:
    """The archetype of one assessment: nearest centroid in the model's scaled space."""
    try:
        x = np.array([parts[p] for p in model["parts"]], dtype=float)
    except KeyError:
        return None
    xs = (x - np.array(model["scaler"]["mean"])) / np.array(model["scaler"]["scale"])
    centers = np.array([a["center_scaled"] for a in model["archetypes"]])
    return model["archetypes"][int(np.argmin(((centers - xs) ** 2).sum(axis=1)))]["id"]


def placer(model: dict | None) -> Callable[[object, dict], str | None] | None:
    """A ``place`` callback for ``lifecycle.submit``: the archetype of a fresh result."""
    if model is None:
        return None
    return lambda q, data: place(model, result_parts(data)) if q.id == model["questionnaire"] else None


def archetype_of(model: dict | None, archetype_id: str | None) -> dict | None:
    if not model or not archetype_id:
        return None
    return next((a for a in model["archetypes"] if a["id"] == archetype_id), None)


def pca_coordinates(frame: pd.DataFrame, model: dict, random_state: int = 0) -> pd.DataFrame:
    """2-D PCA coordinates of each assessment (in the model's scaled space), for plots."""
    parts = model["parts"]
    data = frame.dropna(subset=parts)
    xs = (data[parts].to_numpy(float) - np.array(model["scaler"]["mean"])) / np.array(model["scaler"]["scale"])
    from sklearn.decomposition import PCA

    coords = PCA(n_components=2, random_state=random_state).fit_transform(xs)
    return pd.DataFrame({"assessment_id": data["assessment_id"].to_numpy(), "x": coords[:, 0], "y": coords[:, 1]})


def public_model(model: dict) -> dict:
    """The model as the CLI prints it: k, silhouette and the archetypes (without internals)."""
    return {
        "k": model["k"],
        "silhouette": model["silhouette"],
        "archetypes": [
            {k: a[k] for k in ("id", "name", "description", "size", "centroid")} for a in model["archetypes"]
        ],
        **{k: model[k] for k in ("questionnaire", "version", "fitted_at", "data_count") if k in model},
    }
