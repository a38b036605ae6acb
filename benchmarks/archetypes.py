"""Archetypes: enterprises grouped by the *shape* of their profile — their relative strengths and
gaps — whatever their level.

Maturity data is dominated by one general factor: clustering raw part scores only splits high from
low, which the level already says. So each profile is first put on a 0–1 scale per part, then
taken relative to its own mean (``relative_profile``: what is strong or weak *for this
enterprise*), then divided by the cohort's spread of each part (not centred on the cohort: a
profile with no part far from its own mean is "balanced" in absolute terms); a scikit-learn
``Pipeline`` (that transform, ``StandardScaler``, ``KMeans`` with a fixed ``random_state``)
clusters it. The overall level stays a
separate axis: each archetype reports its members by level.

k is chosen in 3..8 by stability: the mean adjusted Rand index between a reference fit and refits
on bootstrap resamples (on a random sample of at most ``STABILITY_SAMPLE`` profiles). A k must
reach ``STABILITY_BAR``; the most stable wins, near-ties broken by silhouette. When none does, the cohort
has no shape structure worth naming and the model says so: one "balanced" archetype, with the
stability that was found. A cluster whose centre has no distinctive strength or gap is named
"balanced" too.

Names come from the profile (strengths and gaps), with a description, the kind of service that fits
the common gap (``questionnaires/vocabulary/services.yaml``) and typical next actions (the items of the gap
parts, as the improvement plan would propose them). Ids stay stable across refits (Hungarian
matching of centres). The model is JSON (scaler and centres), so placing an assessment needs no
pickled object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from assessment.errors import AssessmentError
from assessment.lifecycle import result_parts
from benchmarks.statistics import MIN_COHORT, hidden_groups
from questionnaires.parts import part_ids, part_max, part_min, part_service
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

# scikit-learn and scipy are imported where a model is fitted or a scatter drawn, not with
# this module: together they take about two seconds to import, and placing an assessment,
# reading a model or drawing the dashboard needs neither

METHOD = "shape-v1"
K_RANGE = range(3, 9)
STABILITY_BAR = 0.8
STABILITY_TIE = 0.02
BOOTSTRAPS = 8
STABILITY_SAMPLE = 4000
SILHOUETTE_SAMPLE = 3000
DISTINCT = 0.08  # a centre part this share of its scale above (below) the profile's own mean: a strength (gap)
MATCH_DISTANCE = 1.5  # a new centre further than this (scaled units) from every old one gets a new id
BALANCED = {"zh": "均衡型", "en": "Balanced"}


class ClusteringError(AssessmentError):
    """Too few assessments (or too little variety) to form archetypes."""


def part_names(q) -> dict[str, tuple[str, str]]:
    """Short zh/en names of the parts, for archetype names."""
    names = {}
    if isinstance(q, DcmmQuestionnaire):
        for a in q.areas:
            names[a.id] = (a.name.zh.removeprefix("数据"), a.name.en.removeprefix("Data ").lower())
    elif isinstance(q, CmmmQuestionnaire):
        for d in q.domains:
            names[d.id] = (d.name.zh, d.name.en.lower())
    else:
        for d in q.dimensions:
            names[d.id] = (d.name.zh.removeprefix("数字化"), d.name.en.removeprefix("Digital ").lower())
        names["operations"] = ("经营", "operations")
    return names


def relative_profile(x: np.ndarray) -> np.ndarray:
    """Each row relative to its own mean: its strengths (> 0) and gaps (< 0)."""
    return x - x.mean(axis=1, keepdims=True)


def unit_profiles(frame: pd.DataFrame, q, parts: list[str]) -> np.ndarray:
    """The part scores of a frame on a 0–1 scale per part (DCMM 1–5, CMMM 0–5, SME points,
    scenario levels)."""
    lows = np.array([part_min(q, p) for p in parts])
    highs = np.array([part_max(q, p) for p in parts])
    return (frame[parts].to_numpy(dtype=float) - lows) / (highs - lows)


def pipeline(k: int, random_state: int, n_init: int = 3) -> Pipeline:
    """Relative profile → cohort scaling → k-means."""
    from sklearn.cluster import KMeans
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    return Pipeline(
        [
            ("shape", FunctionTransformer(relative_profile)),
            ("scale", StandardScaler(with_mean=False)),
            ("kmeans", KMeans(n_clusters=k, random_state=random_state, n_init=n_init)),
        ]
    )


def _scaled(pipe: Pipeline, x: np.ndarray) -> np.ndarray:
    return pipe[:-1].transform(x)


def stability(x: np.ndarray, k: int, random_state: int, bootstraps: int = BOOTSTRAPS) -> tuple[float, float]:
    """(mean adjusted Rand index of bootstrap refits against a reference fit, silhouette of the
    reference fit), both on ``x``."""
    from sklearn.metrics import adjusted_rand_score, silhouette_score

    reference = pipeline(k, random_state, n_init=4).fit(x)
    labels = reference.named_steps["kmeans"].labels_
    xs = _scaled(reference, x)
    if len(set(labels)) < 2:
        return 0.0, -1.0
    silhouette = float(
        silhouette_score(xs, labels, sample_size=min(len(x), SILHOUETTE_SAMPLE), random_state=random_state)
    )
    rng = np.random.default_rng(random_state)
    agreement = []
    for b in range(bootstraps):
        resample = x[rng.integers(0, len(x), len(x))]
        refit = pipeline(k, random_state + 1 + b, n_init=1).fit(resample)
        agreement.append(adjusted_rand_score(labels, refit.predict(x)))
    return float(np.mean(agreement)), silhouette


def choose_k(x: np.ndarray, random_state: int) -> tuple[int | None, dict[int, dict]]:
    """The most stable k in ``K_RANGE`` (stabilities within ``STABILITY_TIE`` are a tie, broken by
    silhouette), provided it reaches ``STABILITY_BAR`` (None when none does), and every k's
    figures. Tried on a random sample of at most ``STABILITY_SAMPLE`` rows."""
    rng = np.random.default_rng(random_state)
    sample = x if len(x) <= STABILITY_SAMPLE else x[rng.choice(len(x), STABILITY_SAMPLE, replace=False)]
    tried: dict[int, dict] = {}
    for k in K_RANGE:
        if k >= len(sample) // 2:
            break
        stable, silhouette = stability(sample, k, random_state)
        tried[k] = {"stability": stable, "silhouette": silhouette}
    passing = [k for k, f in tried.items() if f["stability"] >= STABILITY_BAR]
    if not passing:
        return None, tried
    top = max(tried[k]["stability"] for k in passing)
    tied = [k for k in passing if tried[k]["stability"] >= top - STABILITY_TIE]
    return max(tied, key=lambda k: (tried[k]["silhouette"], -k)), tried


def _text_list(names: list[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _name(strengths: list[str], gaps: list[str], short: dict[str, tuple[str, str]], depth: int) -> dict:
    s = [short[p] for p in strengths[:depth]]
    g = [short[p] for p in gaps[:depth]]
    zs, es = _text_list([n[0] for n in s], "zh") if s else "", _text_list([n[1] for n in s], "en") if s else ""
    zg, eg = _text_list([n[0] for n in g], "zh") if g else "", _text_list([n[1] for n in g], "en") if g else ""
    if s and g:
        return {"zh": f"重{zs}、轻{zg}型", "en": f"Strong {es}, weak {eg}".capitalize()}
    if s:
        return {"zh": f"{zs}突出型", "en": f"Strong {es}".capitalize()}
    if g:
        return {"zh": f"{zg}待补型", "en": f"Weak {eg}".capitalize()}
    return dict(BALANCED)


def _actions(q, gaps: list[str]) -> list[dict]:
    """Typical next actions of an archetype: raise its gap parts through their items (DCMM areas),
    sub-domains (CMMM domains) or questions (SME dimensions), as the improvement plan would
    propose them."""
    out = []
    for part in gaps[:2]:
        if isinstance(q, DcmmQuestionnaire):
            area = next(a for a in q.areas if a.id == part)
            items = [{"id": i.id, "name": i.name.model_dump()} for i in area.items]
        elif isinstance(q, CmmmQuestionnaire):
            domain = next(d for d in q.domains if d.id == part)
            items = [{"id": s.id, "name": s.name.model_dump()} for s in domain.subdomains]
        elif part == "operations":
            items = [{"id": s.id, "name": s.name.model_dump()} for s in q.scenarios if s.constraint][:4]
        else:
            dim = next(d for d in q.dimensions if d.id == part)
            items = [{"id": x.id, "name": x.name.model_dump()} for x in dim.questions]
        out.append({"part": part, "items": items})
    return out


def _describe(shape: dict[str, float], strengths: list[str], gaps: list[str], short, q) -> dict:
    def listed(parts: list[str], lang: str) -> str:
        i = 0 if lang == "zh" else 1
        return _text_list([f"{short[p][i]} ({shape[p]:+.0%})" for p in parts], lang)

    if not strengths and not gaps:
        return {
            "zh": "各部分发展较均衡，没有明显高于或低于自身平均水平的部分；按各自的改进计划逐项推进。",
            "en": "Parts are developed evenly, with none clearly above or below the enterprise's own "
            "average; each follows its own improvement plan.",
        }
    zh, en = [], []
    if strengths:
        zh.append(f"相对自身平均水平较强：{listed(strengths, 'zh')}")
        en.append(f"relatively strong in {listed(strengths, 'en')}")
    if gaps:
        zh.append(f"较弱：{listed(gaps, 'zh')}")
        en.append(f"weak in {listed(gaps, 'en')}")
    text = {
        "zh": "；".join(zh) + "（括号内为高于或低于自身平均水平的幅度，占满分的百分比）。",
        "en": "; ".join(en).capitalize() + " (above or below the enterprise's own average, as a share of full marks).",
    }
    service = part_service(gaps[0], q) if gaps else None
    if service:
        text["zh"] += f"适合的服务：{service['zh']}。"
        text["en"] += f" A service that fits: {service['en']}."
    return text


def _profile(center_shape: np.ndarray, parts: list[str]) -> tuple[dict[str, float], list[str], list[str]]:
    shape = {p: float(v) for p, v in zip(parts, center_shape)}
    strengths = sorted((p for p in parts if shape[p] >= DISTINCT), key=lambda p: -shape[p])
    gaps = sorted((p for p in parts if shape[p] <= -DISTINCT), key=lambda p: shape[p])
    return shape, strengths, gaps


def fit_archetypes(
    frame: pd.DataFrame, q, *, k: int | None = None, random_state: int = 0, previous: dict | None = None
) -> tuple[dict, pd.Series]:
    """Fit archetypes on a cohort frame (part columns, ``assessment_id``, optionally ``level``);
    returns (model JSON, archetype id per assessment_id)."""
    parts = [p for p in part_ids(q) if p in frame]
    data = frame.dropna(subset=parts)
    needed = max(2 * MIN_COHORT, 10)
    if len(data) < needed:
        raise ClusteringError(
            f"至少需要 {needed} 份评估才能聚类，当前 {len(data)} 份",
            f"at least {needed} assessments are needed, there are {len(data)}",
        )
    if k is not None and not (K_RANGE.start <= k < K_RANGE.stop and k < len(data) // 2):
        raise ClusteringError(
            f"k 应在 {K_RANGE.start} 到 {K_RANGE.stop - 1} 之间",
            f"k must be between {K_RANGE.start} and {K_RANGE.stop - 1}",
        )
    x = unit_profiles(data, q, parts)
    # one BLAS/OpenMP thread: on a 2-core server shared with the app's other sessions, more
    # threads contend and make the fit several times slower
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _fit(data, x, parts, q, k, random_state, previous)


def _fit(data, x, parts, q, k, random_state, previous) -> tuple[dict, pd.Series]:
    if k is None:
        chosen, tried = choose_k(x, random_state)
    else:
        rng = np.random.default_rng(random_state)
        sample = x if len(x) <= STABILITY_SAMPLE else x[rng.choice(len(x), STABILITY_SAMPLE, replace=False)]
        stable, silhouette = stability(sample, k, random_state)
        chosen, tried = k, {k: {"stability": stable, "silhouette": silhouette}}
    structure = chosen is not None
    if chosen is not None:
        pipe = pipeline(chosen, random_state).fit(x)
        scaler, kmeans = pipe.named_steps["scale"], pipe.named_steps["kmeans"]
        centers_scaled, labels = kmeans.cluster_centers_, kmeans.labels_
        figures = tried[chosen]
    else:
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler(with_mean=False).fit(relative_profile(x))
        centers_scaled, labels = np.zeros((1, len(parts))), np.zeros(len(x), dtype=int)
        best = max(tried, key=lambda j: tried[j]["stability"]) if tried else None
        figures = tried[best] if best else {"stability": 0.0, "silhouette": None}
    n_clusters = len(centers_scaled)
    ids = _stable_ids(centers_scaled, previous, scaler, parts)
    short = part_names(q)
    levels = data["level"].to_numpy() if "level" in data else None
    taken: set[str] = set()
    archetypes: list[dict[str, Any]] = []
    for j in range(n_clusters):
        members = labels == j
        center_shape = scaler.inverse_transform(centers_scaled[j : j + 1])[0]
        shape, strengths, gaps = _profile(center_shape, parts)
        depth, name = 1, _name(strengths, gaps, short, 1)
        while name["zh"] in taken and depth < 3:
            depth += 1
            name = _name(strengths, gaps, short, depth)
        if name["zh"] in taken:
            n = 2
            while f"{name['zh']}{n}" in taken:
                n += 1
            name = {"zh": f"{name['zh']}{n}", "en": f"{name['en']} {n}"}
        taken.add(name["zh"])
        raw = data.loc[members, parts]
        entry = {
            "id": ids[j],
            "name": name,
            "description": _describe(shape, strengths, gaps, short, q),
            "size": int(members.sum()),
            "centroid": {p: float(v) for p, v in raw.mean().items()},
            "shape": shape,
            "strengths": strengths,
            "gaps": gaps,
            "service": part_service(gaps[0], q) if gaps else None,
            "actions": _actions(q, gaps),
            "center_scaled": [float(v) for v in centers_scaled[j]],
            "center_shape": [float(v) for v in center_shape],
        }
        if levels is not None:
            entry["levels"], entry["by_level"] = _by_level(raw, levels[members])
        archetypes.append(entry)
    model = {
        "method": METHOD,
        "questionnaire": q.id,
        "parts": parts,
        "lows": [part_min(q, p) for p in parts],
        "highs": [part_max(q, p) for p in parts],
        "k": n_clusters,
        "structure": structure,
        "stability": figures["stability"],
        "silhouette": figures["silhouette"],
        "stability_by_k": {str(j): f for j, f in tried.items()},
        "random_state": random_state,
        "scaler": {"mean": [0.0] * len(parts), "scale": scaler.scale_.tolist()},
        "archetypes": sorted(archetypes, key=lambda a: int(a["id"][1:])),
    }
    by_assessment = pd.Series([ids[j] for j in labels], index=data["assessment_id"].to_numpy(), name="archetype")
    return model, by_assessment


def _by_level(raw: pd.DataFrame, levels: np.ndarray) -> tuple[dict[str, int], dict[str, dict]]:
    """Members per overall level, and the median profile of each level with at least
    ``MIN_COHORT`` members (what the archetype looks like one level up)."""
    counts, medians = {}, {}
    for level in sorted(set(int(v) for v in levels)):
        here = raw[levels == level]
        counts[str(level)] = len(here)
        if len(here) >= MIN_COHORT:
            medians[str(level)] = {p: float(v) for p, v in here.median().items()}
    return counts, medians


def _stable_ids(centers_scaled: np.ndarray, previous: dict | None, scaler, parts: list[str]) -> list[str]:
    k = len(centers_scaled)
    usable = previous and previous.get("method") == METHOD and previous.get("parts") == parts
    if previous is None or not usable:
        return [f"A{j + 1}" for j in range(k)]
    old = previous["archetypes"]
    # compare in the new scaled space: the old centres (relative-profile units) scaled anew
    old_scaled = np.array([a["center_shape"] for a in old]) / scaler.scale_
    cost = np.sqrt(((centers_scaled[:, None, :] - old_scaled[None, :, :]) ** 2).sum(axis=2))
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(cost)
    ids: list[str | None] = [None] * k
    for r, c in zip(rows, cols):
        if cost[r, c] <= MATCH_DISTANCE:
            ids[r] = old[c]["id"]
    used = {int(a["id"][1:]) for a in old if a["id"][1:].isdigit()}
    nxt = max(used, default=0) + 1
    for j in range(k):
        if ids[j] is None:
            ids[j] = f"A{nxt}"
            nxt += 1
    return ids  # type: ignore[return-value]


def _scale_one(model: dict, parts: dict[str, float]) -> np.ndarray | None:
    try:
        x = np.array([[parts[p] for p in model["parts"]]], dtype=float)
    except KeyError:
        return None
    lows = np.array(model["lows"]) if "lows" in model else None
    highs = np.array(model["highs"]) if "highs" in model else None
    if lows is not None:
        x = (x - lows) / (highs - lows)
    return (relative_profile(x)[0] - np.array(model["scaler"]["mean"])) / np.array(model["scaler"]["scale"])


def place(model: dict, parts: dict[str, float]) -> str | None:
    """The archetype of one assessment: nearest centre in the model's scaled shape space."""
    if model.get("method") != METHOD:
        return None
    xs = _scale_one(model, parts)
    if xs is None:
        return None
    centers = np.array([a["center_scaled"] for a in model["archetypes"]])
    return model["archetypes"][int(np.argmin(((centers - xs) ** 2).sum(axis=1)))]["id"]


def placer(model: dict | None) -> Callable[[Any, dict], str | None] | None:
    """A ``place`` callback for ``lifecycle.submit``: the archetype of a fresh result."""
    if model is None:
        return None
    return lambda q, data: place(model, result_parts(data)) if q.id == model["questionnaire"] else None


def archetype_of(model: dict | None, archetype_id: str | None) -> dict | None:
    if not model or not archetype_id:
        return None
    return next((a for a in model["archetypes"] if a["id"] == archetype_id), None)


def pca_coordinates(frame: pd.DataFrame, model: dict, random_state: int = 0) -> pd.DataFrame:
    """2-D PCA coordinates of each assessment (in the model's scaled shape space), for plots."""
    parts = model["parts"]
    data = frame.dropna(subset=parts)
    x = data[parts].to_numpy(float)
    if "lows" in model:
        x = (x - np.array(model["lows"])) / (np.array(model["highs"]) - np.array(model["lows"]))
    xs = (relative_profile(x) - np.array(model["scaler"]["mean"])) / np.array(model["scaler"]["scale"])
    from sklearn.decomposition import PCA

    coords = PCA(n_components=2, random_state=random_state).fit_transform(xs)
    return pd.DataFrame({"assessment_id": data["assessment_id"].to_numpy(), "x": coords[:, 0], "y": coords[:, 1]})


def level_counts(archetype: dict) -> dict[str, int | None]:
    """An archetype's members per overall level, suppressed (``suppressed_counts``)."""
    return suppressed_counts(archetype.get("levels") or {})


def suppressed_counts(counts: dict) -> dict:
    """A row of counts whose total is known, with the cells ``hidden_groups`` hides (primary and
    secondary suppression, the one rule of every breakdown) as None; empty cells stay 0; a row whose
    total is under ``MIN_COHORT`` is hidden whole."""
    if sum(counts.values()) < MIN_COHORT:
        return {k: None for k in counts}
    hidden = hidden_groups({k: n for k, n in counts.items() if n > 0})
    return {k: (None if k in hidden else n) for k, n in counts.items()}


def public_model(model: dict) -> dict:
    """The model as the CLI prints it: k, stability, silhouette and the archetypes (without
    internals; member counts by level suppressed below 5)."""
    keep = ("id", "name", "description", "size", "centroid", "strengths", "gaps", "service")
    return {
        "k": model["k"],
        "stability": model.get("stability"),
        "silhouette": model.get("silhouette"),
        "structure": model.get("structure", True),
        "archetypes": [{**{f: a.get(f) for f in keep}, "levels": level_counts(a)} for a in model["archetypes"]],
        **{f: model[f] for f in ("questionnaire", "version", "fitted_at", "data_count") if f in model},
    }


def one_level_up(archetype: dict | None, result: dict | None) -> dict | None:
    """What enterprises of the same archetype one overall level higher look like: their median
    profile (only when at least ``MIN_COHORT`` of them were in the fit), and the parts where it
    exceeds this result most. None when there is no such group."""
    if not archetype or not result:
        return None
    level = int(result["overall"]["level"])
    median = (archetype.get("by_level") or {}).get(str(level + 1))
    if not median:
        return None
    own = result_parts(result)
    gaps = sorted(
        ({"part": p, "own": own[p], "median": m, "difference": m - own[p]} for p, m in median.items() if p in own),
        key=lambda g: -g["difference"],
    )
    return {"level": level + 1, "count": archetype["levels"].get(str(level + 1)), "median": median, "parts": gaps}
