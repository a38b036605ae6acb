"""Whether a programme changed anything, honestly measured.

Served enterprises (enrolled) and a comparison group (enterprises that meet the eligibility rules
but were not enrolled) are each followed from the programme's ``before`` round to its ``after``
round on the programme's questionnaire, paired per enterprise (only enterprises with a result in
both rounds). The difference is a difference in differences (the served group's mean change minus
the comparison group's), with percentile bootstrap intervals (``scipy.stats.bootstrap``, seeded)
and Wilson's interval for the share that reached the target. Groups of fewer than ``MIN_COHORT``
enterprises are suppressed, and a provider is not left the only suppressed one (its figure would
follow from the total by subtraction).

``impact_of`` is the pure computation on the pairs; ``impact`` reads them out of the store.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from assessment.access import Actor, require_bureau
from assessment.db import Store
from assessment.errors import AssessmentError
from assessment.programmes import versions
from assessment.programmes.eligibility import evaluate, result_frame
from assessment.programmes.enrolment import served as served_providers
from assessment.programmes.model import SOURCE_NAMES, STORED_SOURCE, Programme
from benchmarks.intervals import bootstrap_difference, bootstrap_mean, wilson
from benchmarks.statistics import MIN_COHORT

DEFAULT_RESAMPLES = 2000


class ImpactError(AssessmentError):
    """A programme whose impact cannot be measured (no target, bad options)."""


def round_values(store: Store, programme: Programme, source: str | None, measure: str) -> pd.DataFrame:
    """``before`` and ``after`` values of ``measure`` of every enterprise with a result in both of
    the programme's rounds, by credit code."""
    q, rounds = programme.target.questionnaire, programme.rounds  # type: ignore[union-attr]  # impact: a target
    before = result_frame(store, q, rounds.before, source)[measure].rename("before")
    after = result_frame(store, q, rounds.after, source)[measure].rename("after")
    return pd.concat([before, after], axis=1, join="inner").dropna().astype(float)


def pairs(both: pd.DataFrame, codes) -> pd.DataFrame:
    """The rows of ``both`` (``round_values``) of the enterprises of ``codes``."""
    return both[both.index.isin(list(codes))]


def group_summary(frame: pd.DataFrame, n_resamples: int, rng: np.random.Generator) -> dict:
    """``{n, before_mean, after_mean, change: {mean, ci95}}``, or ``{n, suppressed}`` below 5."""
    n = int(len(frame))
    if n < MIN_COHORT:
        return {"n": n, "suppressed": True}
    change = (frame["after"] - frame["before"]).to_numpy()
    return {
        "n": n,
        "before_mean": float(frame["before"].mean()),
        "after_mean": float(frame["after"].mean()),
        "change": {"mean": float(change.mean()), "ci95": list(bootstrap_mean(change, n_resamples, rng))},
    }


def provider_summaries(served: pd.DataFrame, n_resamples: int, rng: np.random.Generator) -> list[dict]:
    """The change per provider, by provider name; below 5 suppressed, and when exactly one
    provider would be suppressed, the next smallest too (no figure by subtraction)."""
    groups = sorted(served.groupby("provider"), key=lambda g: g[0])
    small = {name for name, g in groups if len(g) < MIN_COHORT}
    if len(small) == 1 and len(served) >= MIN_COHORT:
        shown = sorted(((len(g), name) for name, g in groups if name not in small))
        if shown:
            small.add(shown[0][1])
    out = []
    for name, group in groups:
        if name in small:
            out.append({"provider": name, "n": int(len(group)), "suppressed": True})
            continue
        change = (group["after"] - group["before"]).to_numpy()
        out.append(
            {
                "provider": name,
                "n": int(len(group)),
                "change": {"mean": float(change.mean()), "ci95": list(bootstrap_mean(change, n_resamples, rng))},
            }
        )
    return out


def impact_of(
    served: pd.DataFrame,
    comparison: pd.DataFrame,
    *,
    target_rule: dict,
    reached: int,
    enrolled: int,
    method: dict,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
) -> dict:
    """The impact JSON from the pairs: ``served`` (columns ``before``, ``after``, ``provider``) and
    ``comparison`` (``before``, ``after``); ``reached`` of the ``enrolled`` served enterprises met
    the target."""
    if n_resamples < 100:
        raise ImpactError("自助抽样次数至少为 100", "--bootstrap: at least 100 resamples")
    rng = np.random.default_rng(seed)
    out: dict[str, Any] = {
        "served": group_summary(served, n_resamples, rng),
        "comparison": group_summary(comparison, n_resamples, rng),
    }
    if out["served"].get("suppressed") or out["comparison"].get("suppressed"):
        out["difference"] = {"suppressed": True}
    else:
        served_change = (served["after"] - served["before"]).to_numpy()
        comparison_change = (comparison["after"] - comparison["before"]).to_numpy()
        out["difference"] = {
            "estimate": float(served_change.mean() - comparison_change.mean()),
            "ci95": list(bootstrap_difference(served_change, comparison_change, n_resamples, rng)),
        }
    if enrolled < MIN_COHORT:
        out["target"] = {"rule": target_rule, "suppressed": True}
    else:
        out["target"] = {
            "rule": target_rule,
            "reached": int(reached),
            "share": reached / enrolled,
            "ci95": list(wilson(reached, enrolled)),
        }
    out["by_provider"] = provider_summaries(served, n_resamples, rng)
    out["method"] = method
    return out


def method_text(programme: Programme, source: str, n_resamples: int, seed: int) -> dict:
    """The method and its assumptions in plain words, both languages."""
    r, q = programme.rounds, programme.target.questionnaire  # type: ignore[union-attr]  # impact: a target
    zh_measure, en_measure = {"score": ("总分", "overall score"), "level": ("等级", "level")}[programme.impact.measure]
    zh_src, en_src = SOURCE_NAMES[source]
    return {
        "zh": (
            f"前后配对：只计入在 {r.before} 轮和 {r.after} 轮都有 {q} 结果（{zh_src}）的企业，每家企业的变化 = "
            f"{r.after} 轮{zh_measure} − {r.before} 轮{zh_measure}。服务组 = 已参加本项目的企业；对照组 = 符合"
            "资格条件但未参加的企业。差异为双重差分：服务组平均变化减去对照组平均变化。它只有在以下假设成立时才是"
            "项目的效果：若没有本项目，服务组平均会与对照组变化得一样多（平行趋势）；谁被纳入与其本来会如何变化无关"
            "（例如服务商没有挑选最积极的企业）；两轮的评估方式相同。区间：95% 百分位自助法（bootstrap），"
            f"{n_resamples} 次重抽样，种子 {seed}，在各组内按企业重抽；达标比例的区间为 Wilson 区间，分母为全部"
            f"已参加企业（第 {r.after} 轮没有所要求结果的企业计为未达标）。少于 {MIN_COHORT} 家企业的组不显示。"
        ),
        "en": (
            f"Paired before and after: only enterprises with a {q} result ({en_src}) in both round {r.before} and "
            f"round {r.after} count; each enterprise's change is its {en_measure} in {r.after} minus its "
            f"{en_measure} in {r.before}. Served = enterprises enrolled in the programme; comparison = enterprises "
            "that meet the eligibility rules but were not enrolled. The difference is a difference in differences: "
            "the served group's mean change minus the comparison group's mean change. It is the programme's effect "
            "only if, without the programme, served enterprises would on average have changed as much as the "
            "comparison group (parallel trends), if who was enrolled is unrelated to how they would have changed "
            "anyway (e.g. providers did not pick the most willing), and if both rounds were assessed the same way. "
            f"Intervals: 95 % percentile bootstrap, {n_resamples} resamples, seed {seed}, resampling enterprises "
            "within each group; the target share's interval is Wilson's, over every enrolled enterprise (one "
            f"without the required result in round {r.after} counts as not reached). Groups of fewer than "
            f"{MIN_COHORT} enterprises are not shown."
        ),
    }


def impact(
    store: Store, actor: Actor, programme: Programme, *, n_resamples: int = DEFAULT_RESAMPLES, seed: int = 0
) -> dict:
    """The impact JSON of a programme (the bureau): served and comparison before/after, the
    difference in differences, the target share and the change by provider."""
    require_bureau(store, actor, "programme.impact")
    if programme.target is None:
        raise ImpactError(
            f"项目 {programme.id} 没有设定目标（target），无法衡量效果",
            f"programme {programme.id} sets no target: its impact cannot be measured",
        )
    source = programme.impact_source()
    measure = programme.impact.measure
    with store.read():
        providers = served_providers(store, programme.id)
        eligible = set(evaluate(store, programme).eligible_codes())
        both = round_values(store, programme, STORED_SOURCE[source], measure)
        served = pairs(both, providers).assign(provider=lambda f: f.index.map(providers))
        comparison = pairs(both, eligible - set(providers))
        target = programme.target
        target_round = programme.rounds.resolve(target.round)
        found = result_frame(
            store,
            target.questionnaire,
            target_round,
            STORED_SOURCE[target.source],
            [target.part] if target.part else [],
        )
    column = target.part if target.type == "part" else target.type
    values = found[column].reindex(list(providers)).to_numpy(dtype=float)
    reached = int(sum(target.met(None if np.isnan(v) else float(v)) for v in values))
    return impact_of(
        served,
        comparison,
        target_rule=programme.rule_label(target).model_dump(),
        reached=reached,
        enrolled=len(providers),
        method=method_text(programme, source, n_resamples, seed),
        n_resamples=n_resamples,
        seed=seed,
    )


def summaries(store: Store, actor: Actor, *, n_resamples: int = DEFAULT_RESAMPLES, seed: int = 0) -> list[dict]:
    """Every active programme for the cohort report (the bureau): ``{programme, version, name,
    example, eligible, enrolled, impact}`` — ``eligible`` how many qualify now, ``enrolled`` how
    many are enrolled, ``impact`` the ``impact`` JSON (None for a programme without a target)."""
    require_bureau(store, actor, "programme.summary")
    out = []
    for programme in versions.active(store):
        with store.read():
            eligible = len(evaluate(store, programme).eligible_codes())
            enrolled = len(served_providers(store, programme.id))
        out.append(
            {
                "programme": programme.id,
                "version": programme.version,
                "name": programme.name.model_dump(),
                "example": programme.example,
                "eligible": eligible,
                "enrolled": enrolled,
                "impact": None
                if programme.target is None
                else impact(store, actor, programme, n_resamples=n_resamples, seed=seed),
            }
        )
    return out
