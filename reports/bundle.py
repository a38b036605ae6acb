"""The data behind one enterprise report, assembled from the store.

The report builders are pure functions of the bundle; this module is the only part of
``reports`` that reads the store (through ``assessment`` and ``benchmarks``, never SQL). The
report date comes in as an argument, so that a report can be rebuilt byte for byte.

The peer figures are those of ``benchmarks.cohorts.peer_view`` (percentile bands, peer medians
and P75, archetype, improvement plan), computed the same way from the benchmark snapshot that a
``CohortCache`` loads once per questionnaire and round, so that a batch of hundreds of reports
reads each cohort once instead of once per report (a test keeps the two equal).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

import pandas as pd

from assessment import archetype_store, enterprises, lifecycle, verification
from assessment import credit_code as cc
from assessment.access import Actor, require_bureau
from assessment.answers import check_answers
from assessment.cohort import SOURCE_PRIORITY, CohortFilter, check_filter, cohort_frame
from assessment.db import Store
from assessment.directory import SIZES
from assessment.errors import AssessmentError
from assessment.programmes.standing import enterprise_programmes
from assessment.rounds import sort_key
from benchmarks import editions, progress
from benchmarks.cohorts import peer_frame, standing
from benchmarks.dashboard import archetype_by_level, archetype_mix, archetype_moves
from benchmarks.statistics import (
    MIN_COHORT,
    PEER_GROUPS,
    breakdown,
    cohort_statistics,
    furthest_below,
    level_range,
)
from questionnaires import get
from questionnaires.parts import part_max, part_min, part_names
from questionnaires.schema import DcmmQuestionnaire, SmeQuestionnaire


class ReportError(AssessmentError):
    """A report that cannot be made (no submitted assessment, an assessment of another firm)."""


@dataclass
class EnterpriseBundle:
    """Everything one enterprise report shows; plain data, no store."""

    enterprise: dict
    assessment: dict
    questionnaire: DcmmQuestionnaire | SmeQuestionnaire
    result: dict
    answers: dict
    peers: dict  # percentiles, peer_medians, peer_p75, archetype, plan (as peer_view)
    comparison: dict  # the cohort sizes behind each comparison, and the archetype model
    report_date: date
    previous: dict | None = None  # assessment, questionnaire, result, parts, mapped
    synthetic: bool = False
    verification: dict | None = None  # self and verified side by side (assessment.verification.comparison)
    programmes: dict | None = None  # what it qualifies for (assessment.programmes.standing.enterprise_programmes)

    def part_gaps(self) -> list[tuple[str, float, float]]:
        """(part, own value, gap to the peer median or, without peers, to the own mean) in units
        of the part's maximum, so that SME dimensions compare; the parts that apply (a CMMM domain
        may not), in the bank's order."""
        q = self.questionnaire
        own = lifecycle.result_parts(self.result)
        medians = self.peers.get("peer_medians")
        shown = [p for p, _ in part_names(q) if p in own]
        mean = sum(own[p] / part_max(q, p) for p in shown) / len(shown)
        out = []
        for part in shown:
            ref = medians[part] / part_max(q, part) if medians and part in medians else mean
            out.append((part, own[part], own[part] / part_max(q, part) - ref))
        return out

    def horizon_ends(self) -> list[tuple[int, int]]:
        """(months, how many of the roadmap's actions are done by then) for its 3, 6 and
        12-month horizons: the points of the what-if curve the report reads."""
        horizon_of = [int(m) for m, ids in self.peers["plan"]["roadmap"].items() for _ in ids]
        ends, done = [], 0
        for months in (3, 6, 12):
            done += horizon_of.count(months)
            ends.append((months, done))
        return ends

    def score_alone(self, action: dict) -> float:
        """The overall score after this one action of the plan and no other."""
        return self.peers["plan"]["what_if"][0]["score"] + action["gain"]


@dataclass
class CohortCache:
    """Cohort frames and archetype models, loaded once per questionnaire (and round)."""

    store: Store
    frames: dict = field(default_factory=dict)
    models: dict = field(default_factory=dict)

    def frame(self, questionnaire: str, round_: str, actor: Actor) -> tuple[pd.DataFrame, str]:
        """The round's peer cohort of the benchmark snapshot (``benchmarks.cohorts.peer_frame``)
        and when it was taken, with park, industry and size as categories: selecting peers
        from it is several times faster, for the same figures."""
        key = (questionnaire, round_)
        if key not in self.frames:
            frame, taken = peer_frame(self.store, actor, questionnaire, round_)
            slim = frame.copy()
            for column in PEER_GROUPS:
                if column in slim:
                    slim[column] = slim[column].astype("category")
            self.frames[key] = slim, taken
        return self.frames[key]

    def model(self, questionnaire: str) -> dict | None:
        if questionnaire not in self.models:
            self.models[questionnaire] = archetype_store.active_model(self.store, questionnaire)
        return self.models[questionnaire]


def _choose_assessment(rows: list[dict], code: str) -> dict:
    submitted = [r for r in rows if r["status"] == "submitted"]
    if not submitted:
        raise ReportError(
            f"企业 {code} 尚无已提交的评估，无法出具报告",
            f"enterprise {code} has no submitted assessment to report on",
        )
    return max(submitted, key=lambda r: (r["round"], -SOURCE_PRIORITY.get(r["source"], 9), r["id"]))


def _previous(rows: list[dict], row: dict, q) -> dict | None:
    """The enterprise's assessment of the latest earlier round on this questionnaire, or on an
    earlier edition that maps onto it (dcmm-2018 -> dcmm-2025)."""

    def fits(r: dict) -> bool:
        if r["status"] != "submitted" or r["round"] >= row["round"]:
            return False
        return r["questionnaire"] == q.id or getattr(get(r["questionnaire"]), "maps_to_questionnaire", None) == q.id

    earlier = [r for r in rows if fits(r)]
    if not earlier:
        return None
    return max(
        earlier,
        key=lambda r: (r["round"], r["questionnaire"] == q.id, -SOURCE_PRIORITY.get(r["source"], 9), r["id"]),
    )


def _previous_bundle(store: Store, actor: Actor, prev: dict, q) -> dict:
    old_q = lifecycle.questionnaire_of(prev)
    result = lifecycle.result(store, actor, prev["id"])
    mapped = old_q.id != q.id
    parts = editions.map_result(old_q, q, result) if mapped else lifecycle.result_parts(result)
    return {"assessment": prev, "questionnaire": old_q, "result": result, "parts": parts, "mapped": mapped}


def peer_figures(
    cache: CohortCache, actor: Actor, q, row: dict, result: dict, given: dict, profile: dict
) -> tuple[dict, dict]:
    """``benchmarks.cohorts.peer_view`` on a cached snapshot, plus the sizes behind each figure."""
    frame, taken = cache.frame(q.id, row["round"], actor)
    model = cache.model(q.id)
    view, peers, me_row = standing(frame, q, model, row["id"], result, given, profile, taken)
    medians = view["peer_medians"]
    park_peers = int((peers["park"] == me_row.get("park")).sum()) if len(peers) else 0
    if medians is None:
        median_group, median_count = None, len(peers)
    elif park_peers >= MIN_COHORT:
        median_group, median_count = "park", park_peers
    else:
        median_group, median_count = "all", len(peers)
    comparison = {
        "round_count": int(len(frame)),
        "snapshot_at": taken,
        "median_group": median_group,
        "median_count": int(median_count),
        "model": None
        if model is None
        else {k: model.get(k) for k in ("data_count", "fitted_at", "k", "version", "questionnaire")},
    }
    return view, comparison


def enterprise_bundle(
    store: Store,
    actor: Actor,
    credit_code: str,
    assessment_id: int | None = None,
    *,
    report_date: date | None = None,
    cache: CohortCache | None = None,
) -> EnterpriseBundle:
    """The data of one enterprise report: its latest submitted assessment (the latest round)
    unless ``assessment_id`` names one. Raises a named error a user can read for a bad credit
    code, an unknown enterprise or assessment, or an assessment that is not submitted."""
    code = cc.validate(credit_code)
    profile = enterprises.get(store, actor, code)
    rows = lifecycle.assessments_of(store, actor, code)
    if assessment_id is None:
        row = _choose_assessment(rows, code)
    else:
        row = lifecycle.get(store, actor, assessment_id)
        if row["credit_code"] != code:
            raise ReportError(
                f"评估 {assessment_id} 不属于企业 {code}",
                f"assessment {assessment_id} does not belong to enterprise {code}",
            )
        if row["status"] != "submitted":
            raise ReportError(
                f"评估 {assessment_id} 尚未提交，无法出具报告",
                f"assessment {assessment_id} is not submitted yet, so there is no result to report",
            )
    q = lifecycle.questionnaire_of(row)
    result = lifecycle.result(store, actor, row["id"])
    given = check_answers(q, lifecycle.answers(store, actor, row["id"]))
    cache = cache or CohortCache(store)
    view, comparison = peer_figures(cache, actor, q, row, result, given, profile)
    prev = _previous(rows, row, q)
    return EnterpriseBundle(
        enterprise=profile,
        assessment=row,
        questionnaire=q,
        result=result,
        answers=given,
        peers=view,
        comparison=comparison,
        report_date=report_date or date.today(),
        previous=_previous_bundle(store, actor, prev, q) if prev else None,
        synthetic=bool(profile.get("synthetic") or row.get("synthetic")),
        verification=verification.comparison(store, actor, row["id"]),
        programmes=enterprise_programmes(store, actor, code, view["plan"]),
    )


# ------------------------------------------------------------------------------------- cohort


@dataclass
class CohortBundle:
    """Everything the cohort report shows, before statistics: the filtered frames."""

    filter: CohortFilter
    questionnaire: DcmmQuestionnaire | SmeQuestionnaire
    frame: pd.DataFrame  # every round of the filter
    round: str | None  # the round of the cross-section (the filter's, else the latest)
    earlier: pd.DataFrame  # earlier editions mapped onto this one (dcmm-2018 for dcmm-2025)
    model: dict | None
    report_date: date
    verification: dict | None = None  # benchmarks.verification_gaps.summary of the filter
    programmes: list | None = None  # the active programmes (benchmarks.programme_impact.summaries)

    @property
    def cross(self) -> pd.DataFrame:
        """One row per enterprise: the assessments of the cross-section round."""
        if self.frame.empty or self.round is None:
            return self.frame.iloc[0:0]
        return self.frame[self.frame["round"] == self.round]

    # the figures the report shows, each from the function that the CLI and the pages call

    @property
    def synthetic(self) -> bool:
        """Whether any assessment of the filter is synthetic (the report then says so)."""
        return bool(not self.frame.empty and self.frame["synthetic"].astype(bool).any())

    @property
    def synthetic_count(self) -> int:
        """The synthetic enterprises of the cross-section."""
        cross = self.cross
        return int(cross["synthetic"].astype(bool).sum()) if not cross.empty else 0

    def per_round(self) -> pd.Series:
        """Assessments of the filter per round."""
        return self.frame.groupby("round").size() if not self.frame.empty else pd.Series(dtype=int)

    @cached_property
    def statistics(self) -> dict:
        """``benchmarks.statistics.cohort_statistics`` of the cross-section."""
        return cohort_statistics(self.cross, self.questionnaire)

    def breakdown(self, column: str) -> tuple[pd.DataFrame, int]:
        """``benchmarks.statistics.breakdown`` of the cross-section by park, industry or size
        (size classes from micro to large, not alphabetical), and how many groups are hidden."""
        table, hidden = breakdown(self.cross, self.questionnaire, by=column)
        if column == "size" and not table.empty:
            table = table.assign(_o=table["size"].map({k: i for i, k in enumerate(SIZES)})).sort_values("_o")
        return table, hidden

    def level_counts(self, column: str, value) -> tuple[list[int], int]:
        """The enterprises of a group (``column`` == ``value``) at each overall level of the
        bank, and the group's size."""
        group = self.cross[self.cross[column] == value]
        counts = group["level"].value_counts()
        return [int(counts.get(lv, 0)) for lv in level_range(self.questionnaire)], len(group)

    def part_means(self) -> dict[str, float]:
        """The cross-section's mean of each part it holds."""
        cross = self.cross
        return {p: cross[p].mean() for p, _ in part_names(self.questionnaire) if p in cross}

    def archetype_counts(self) -> tuple[pd.Series, int]:
        """The cross-section's members of each archetype, and how many are placed in none."""
        cross = self.cross
        if "archetype" not in cross:
            return pd.Series(dtype=int), len(cross)
        return cross["archetype"].value_counts(), int(cross["archetype"].isna().sum())

    def archetype_tables(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, tuple[str, str] | None]:
        """Archetype × level and × park of the cross-section, and the moves between the two
        latest rounds with those rounds (``benchmarks.dashboard``, as on the Archetypes page)."""
        moves, rounds = archetype_moves(self.frame, self.model)
        by_level = archetype_by_level(self.cross, self.model)
        return by_level, archetype_mix(self.cross, self.model, "park"), moves, rounds

    @cached_property
    def progress(self) -> dict:
        """``benchmarks.progress.compare`` up to the cross-section round (``first`` None when
        there is no round to compare)."""
        if self.round is None:
            return {"first": None}
        return progress.compare(self.frame, self.earlier, self.questionnaire, second=self.round)

    def lagging(self, n: int) -> pd.DataFrame:
        """The ``n`` enterprises furthest below their park's median (``furthest_below``)."""
        return furthest_below(self.cross, "park", n)


def scale_share(q, part: str, value: float) -> float:
    """Where ``value`` lies on the part's scale, from 0 (its minimum) to 1 (its maximum)."""
    return (value - part_min(q, part)) / (part_max(q, part) - part_min(q, part))


def cohort_bundle(store: Store, actor: Actor, flt: CohortFilter, *, report_date: date | None = None) -> CohortBundle:
    """The data of a cohort report for the bureau. Raises a named error for a filter naming
    an unknown questionnaire, park, industry, size, round or source, and for a non-bureau user."""
    from benchmarks import cohorts, programme_impact, verification_gaps

    require_bureau(store, actor, "report.cohort")
    q = get(flt.questionnaire, flt.version) if flt.version else get(flt.questionnaire)
    check_filter(store, flt, cohorts.KNOWN)
    every_round = replace(flt, round=None)
    frame = cohort_frame(store, every_round)
    rounds = sorted(frame["round"].unique(), key=sort_key) if not frame.empty else []
    round_ = flt.round or (rounds[-1] if rounds else None)
    return CohortBundle(
        filter=flt,
        questionnaire=q,
        frame=frame,
        round=round_,
        earlier=editions.earlier_frame(store, every_round),
        model=archetype_store.active_model(store, q.id),
        report_date=report_date or date.today(),
        verification=verification_gaps.summary(store, actor, flt),
        programmes=programme_impact.summaries(store, actor),
    )
