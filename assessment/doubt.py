"""Doubt flags: answer patterns that make a self-assessment worth checking on site. Pure rules
over one assessment's answers, timing and previous round; the bureau's verification queue ranks
by them. A flag is a reason to look, not a verdict: each says what it saw, in both languages.

Rules and thresholds (the README states them too):

* ``straight_line`` — of the answers on one scale (DCMM criteria met / not met, DCMM item levels
  in quick mode, SME scenario levels, CMMM requirement values 0 / 0.5 / 0.8 / 1, CMMM sub-domain
  levels 0-5 in quick mode; "not applicable" and "not sure" are no value on a scale), at least
  ``STRAIGHT_LINE_MIN_ANSWERS`` and at least
  ``STRAIGHT_LINE_SHARE`` of them the same value. High when that value is the top of the scale
  (everything met), medium in between, low at the bottom (nothing met: a beginner may answer so).
* ``not_cumulative`` — a DCMM item answered criterion by criterion where some criterion of level
  L is met while fewer than half of the criteria of a lower level of the same item are. Low for
  one or two such items, medium from ``NOT_CUMULATIVE_MEDIUM`` items, high when they are at least
  ``NOT_CUMULATIVE_HIGH_SHARE`` of the items answered criterion by criterion. CMMM: a sub-domain
  answered requirement by requirement where every requirement of some level is fully met while
  the requirements of a lower level score under half on average (``cmmm_non_cumulative``); quick
  answers are cumulative by rule and never flagged.
* ``too_fast`` — the time between opening the draft and its last answer (summed over the
  revisions of a correction) is under ``TOO_FAST_SECONDS`` per answer: medium; under
  ``TOO_FAST_HIGH_SECONDS``: high. Only for the enterprise's own form: imports, on-site records
  and the synthetic demo cohort (whose times are invented) are exempt.
* ``jump`` — the overall level is more than one level above the enterprise's previous round of
  the same questionnaire (or of an edition mapped onto it): high; or the overall score rose by
  at least ``JUMP_POINTS`` of its kind: medium (CMMM: one point on its 0-5 scale, the width of a
  level, as for DCMM).
* ``contradiction`` — SME answers that cannot both be true, kept as bank data
  (``questionnaires/vocabulary/contradictions.yaml``); the most severe pair found sets the
  severity.
* ``peer_outlier`` — needs the cohort: ``benchmarks.verification.peer_outliers``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime

from questionnaires.contradictions import Condition, contradictions
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire

SEVERITIES = ("high", "medium", "low")
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
SEVERITY_POINTS = {"high": 3, "medium": 2, "low": 1}  # the queue's flag score
CODES = ("straight_line", "not_cumulative", "too_fast", "jump", "contradiction", "peer_outlier")
RULES_VERSION = "1"  # stored with each check; raise it when a rule changes, then `flags refresh --all`

STRAIGHT_LINE_MIN_ANSWERS = 10
STRAIGHT_LINE_SHARE = 0.9
NOT_CUMULATIVE_MEDIUM = 3
NOT_CUMULATIVE_HIGH_SHARE = 0.25
TOO_FAST_SECONDS = 2.0  # per answer: a criterion or question cannot be read faster
TOO_FAST_HIGH_SECONDS = 0.5
JUMP_LEVELS = 2  # "more than one level"
JUMP_POINTS = {"dcmm": 1.0, "sme": 20.0, "cmmm": 1.0}  # overall score points (DCMM 1-5, SME 0-100, CMMM 0-5)

SEVERITY_NAMES = {
    "high": {"zh": "高", "en": "high"},
    "medium": {"zh": "中", "en": "medium"},
    "low": {"zh": "低", "en": "low"},
}
FLAG_NAMES = {
    "straight_line": {"zh": "答案一律", "en": "Straight line"},
    "not_cumulative": {"zh": "等级不连贯", "en": "Not cumulative"},
    "too_fast": {"zh": "填写过快", "en": "Too fast"},
    "jump": {"zh": "等级跳升", "en": "Jump"},
    "contradiction": {"zh": "答案矛盾", "en": "Contradiction"},
    "peer_outlier": {"zh": "远超同行", "en": "Peer outlier"},
}


def rules() -> dict[str, dict[str, str]]:
    """Each stored flag's rule in one line per language, with the thresholds in force (the page
    shows them; ``benchmarks.verification.rules`` adds ``peer_outlier``)."""
    share, fast, high = f"{STRAIGHT_LINE_SHARE:.0%}", f"{TOO_FAST_SECONDS:g}", f"{TOO_FAST_HIGH_SECONDS:g}"
    return {
        "straight_line": {
            "zh": f"同一量表上至少 {STRAIGHT_LINE_MIN_ANSWERS} 个答案、其中 {share} 及以上相同（全部符合为高）",
            "en": f"at least {STRAIGHT_LINE_MIN_ANSWERS} answers on one scale, {share} or more of them the same "
            "(all met: high)",
        },
        "not_cumulative": {
            "zh": "某级标准符合，而同一事项低一级的标准多数不符合（CMMM：某级要求全部满足，"
            "而同一子域低一级的要求平均不足一半）",
            "en": "criteria met at a level while most criteria of a lower level of the same item are not "
            "(CMMM: every requirement of a level fully met while a lower level of the same sub-domain "
            "scores under half)",
        },
        "too_fast": {
            "zh": f"从开始填写到最后一个答案，平均每题不足 {fast} 秒（不足 {high} 秒为高；导入与演示数据除外）",
            "en": f"less than {fast} s per answer from opening the draft to its last answer "
            f"(under {high} s: high; imports and demo data exempt)",
        },
        "jump": {
            "zh": f"比上一轮高出 {JUMP_LEVELS} 级及以上（高），或总分升高 DCMM {JUMP_POINTS['dcmm']:g} 分、"
            f"CMMM {JUMP_POINTS['cmmm']:g} 分、SME {JUMP_POINTS['sme']:g} 分及以上（中）",
            "en": f"{JUMP_LEVELS} or more levels above the previous round (high), or the overall score up by "
            f"{JUMP_POINTS['dcmm']:g} (DCMM), {JUMP_POINTS['cmmm']:g} (CMMM) or {JUMP_POINTS['sme']:g} (SME) "
            "points or more (medium)",
        },
        "contradiction": {
            "zh": "两个答案不可能同时成立（见 questionnaires/vocabulary/contradictions.yaml）",
            "en": "two answers that cannot both be true (see questionnaires/vocabulary/contradictions.yaml)",
        },
    }


@dataclass(frozen=True)
class Flag:
    code: str
    severity: str
    zh: str
    en: str
    detail: dict = field(default_factory=dict, compare=False)

    def public(self) -> dict:
        """The CLI's and the page's shape: ``{code, severity, message: {zh, en}}``."""
        return {"code": self.code, "severity": self.severity, "message": {"zh": self.zh, "en": self.en}}

    def as_dict(self) -> dict:
        return asdict(self)


def by_severity(flags: list[Flag]) -> list[Flag]:
    """Most severe first; equal severities in the order of ``CODES``."""
    return sorted(flags, key=lambda f: (SEVERITY_RANK[f.severity], CODES.index(f.code)))


# ------------------------------------------------------------------------------ straight_line


def _scales(q, answers: dict) -> list[tuple[str, list, object, object]]:
    """The answers that share one scale: (name, values, bottom, top)."""
    if isinstance(q, DcmmQuestionnaire):
        criteria = [v for k, v in answers.items() if k in q.criterion_by_id]
        items = [v for k, v in answers.items() if k in q.item_by_id]
        return [("criteria", criteria, False, True), ("items", items, 1, 5)]
    if isinstance(q, CmmmQuestionnaire):
        values = q.answer_values
        requirements = [v for k, v in answers.items() if k in q.requirement_by_id]
        # a quick level is a number; "na" and "unsure" are not on the scale
        subdomains = [
            v for k, v in answers.items() if k in q.subdomain_by_id and isinstance(v, int) and not isinstance(v, bool)
        ]
        return [("requirements", requirements, values[0], values[-1]), ("subdomains", subdomains, 0, 5)]
    return [("scenarios", [v for k, v in answers.items() if k in q.scenario_by_id], 0, 4)]


def straight_line(q, answers: dict) -> Flag | None:
    for scale, values, bottom, top in _scales(q, answers):
        if len(values) < STRAIGHT_LINE_MIN_ANSWERS:
            continue
        value, count = Counter(values).most_common(1)[0]
        share = count / len(values)
        if share < STRAIGHT_LINE_SHARE:
            continue
        severity = "high" if value == top else "low" if value == bottom else "medium"
        if isinstance(value, bool):
            shown = ("符合", "met") if value else ("不符合", "not met")
        elif scale == "requirements":
            shown = (f"满足程度 {value:g}", f"satisfied {value:g}")
        else:
            shown = (f"{value} 级", f"level {value}")
        what = {
            "criteria": ("条标准", "criteria"),
            "items": ("个事项", "items"),
            "scenarios": ("个场景", "scenarios"),
            "requirements": ("条要求", "requirements"),
            "subdomains": ("个子域", "sub-domains"),
        }
        return Flag(
            "straight_line",
            severity,
            f"{len(values)} {what[scale][0]}中有 {count} 个答案相同（{shown[0]}），占 {share:.0%}",
            f"{count} of {len(values)} {what[scale][1]} answered the same ({shown[1]}), {share:.0%}",
            {"scale": scale, "value": value, "count": count, "answers": len(values)},
        )
    return None


# ----------------------------------------------------------------------------- not_cumulative


def non_cumulative_items(q: DcmmQuestionnaire, answers: dict) -> list[str]:
    """Items answered criterion by criterion where a criterion of some level is met while fewer
    than half of the criteria of a lower level are."""
    found = []
    for item in q.items:
        if item.id in answers:  # quick mode: one level, cumulative by construction
            continue
        met: dict[int, list[bool]] = {}
        for c in item.criteria:
            met.setdefault(c.level, []).append(answers.get(c.id) is True)
        levels = sorted(met)
        highest_met = max((lv for lv in levels if any(met[lv])), default=None)
        if highest_met is None:
            continue
        if any(sum(met[lv]) * 2 < len(met[lv]) for lv in levels if lv < highest_met):
            found.append(item.id)
    return found


def cmmm_non_cumulative(q: CmmmQuestionnaire, answers: dict) -> list[str]:
    """Sub-domains answered requirement by requirement where every requirement of some level is
    fully met while the requirements of a lower level score under half on average (unanswered:
    0). A quick level is cumulative by rule; a sub-domain marked not applicable has no answers."""
    full = q.answer_values[-1]
    found = []
    for sub in q.subdomains:
        if sub.id in answers or not any(r in answers for r in sub.requirement_ids):
            continue
        mean, complete = {}, {}
        for level, ids in sub.requirements_by_level.items():
            if ids:
                values = [float(answers.get(r, 0.0)) for r in ids]
                mean[level] = sum(values) / len(values)
                complete[level] = all(v >= full for v in values)
        top = max((lv for lv, done in complete.items() if done), default=None)
        if top is not None and any(mean[lv] < 0.5 for lv in mean if lv < top):
            found.append(sub.id)
    return found


# (unit, what was seen) of the not_cumulative message, per kind
_NOT_CUMULATIVE_WORDS = {
    "dcmm": (
        ("个事项", "item(s)"),
        ("高一级的标准符合，低一级的标准却大多不符合", "criteria met at a level while most of a lower level are not"),
    ),
    "cmmm": (
        ("个子域", "sub-domain(s)"),
        (
            "高一级的要求全部满足，低一级的要求却平均不足一半",
            "every requirement of a level fully met while a lower level scores under half",
        ),
    ),
}


def not_cumulative(q, answers: dict) -> Flag | None:
    if isinstance(q, CmmmQuestionnaire):
        items = cmmm_non_cumulative(q, answers)
        detailed = sum(1 for s in q.subdomains if s.id not in answers and any(r in answers for r in s.requirement_ids))
        first = q.subdomain_by_id[items[0]].name if items else None
    elif isinstance(q, DcmmQuestionnaire):
        items = non_cumulative_items(q, answers)
        detailed = sum(1 for item in q.items if item.id not in answers and any(c.id in answers for c in item.criteria))
        first = q.item_by_id[items[0]].name if items else None
    else:
        return None  # SME has no levels answered criterion by criterion
    if first is None:
        return None
    share = len(items) / max(detailed, 1)
    severity = (
        "high" if share >= NOT_CUMULATIVE_HIGH_SHARE else "medium" if len(items) >= NOT_CUMULATIVE_MEDIUM else "low"
    )
    (unit_zh, unit_en), (what_zh, what_en) = _NOT_CUMULATIVE_WORDS[q.kind]
    more_zh = f"等 {len(items)} {unit_zh}" if len(items) > 1 else ""
    more_en = f" and {len(items) - 1} more {unit_en}" if len(items) > 1 else ""
    return Flag(
        "not_cumulative",
        severity,
        f"{first.zh}{more_zh}：{what_zh}",
        f"{first.en}{more_en}: {what_en}",
        {"items": items},
    )


# ----------------------------------------------------------------------------------- too_fast


def seconds_between(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def too_fast(elapsed_seconds: float, answer_count: int) -> Flag | None:
    """``elapsed_seconds`` from opening the draft to its last answer; ``answer_count`` answers."""
    if answer_count <= 0:
        return None
    per_answer = max(elapsed_seconds, 0.0) / answer_count
    if per_answer >= TOO_FAST_SECONDS:
        return None
    severity = "high" if per_answer < TOO_FAST_HIGH_SECONDS else "medium"
    minutes = max(elapsed_seconds, 0.0) / 60
    return Flag(
        "too_fast",
        severity,
        f"{answer_count} 个答案用时 {minutes:.1f} 分钟，每题 {per_answer:.1f} 秒（阅读至少需 {TOO_FAST_SECONDS:g} 秒）",
        f"{answer_count} answers in {minutes:.1f} min, {per_answer:.1f} s each "
        f"(reading takes at least {TOO_FAST_SECONDS:g} s)",
        {"seconds": elapsed_seconds, "answers": answer_count},
    )


# --------------------------------------------------------------------------------------- jump


@dataclass(frozen=True)
class Standing:
    """An overall result: its round, level and score (the previous round's, for ``jump``)."""

    round: str
    level: int
    score: float


def jump(kind: str, now: Standing, previous: Standing | None) -> Flag | None:
    if previous is None:
        return None
    levels, points = now.level - previous.level, now.score - previous.score
    if levels >= JUMP_LEVELS:
        severity = "high"
    elif points >= JUMP_POINTS.get(kind, JUMP_POINTS["dcmm"]):
        severity = "medium"
    else:
        return None
    return Flag(
        "jump",
        severity,
        f"比上一轮（{previous.round}）高 {levels} 级、{points:.1f} 分（{previous.level} 级 → {now.level} 级）",
        f"{levels} level(s) and {points:.1f} points above the previous round ({previous.round}): "
        f"level {previous.level} → {now.level}",
        {"previous_round": previous.round, "levels": levels, "points": points},
    )


# ------------------------------------------------------------------------------ contradiction


def _holds(q, cond: Condition, answers: dict) -> bool:
    if cond.any_scenario:
        values = [answers[s.id] for s in q.scenarios if s.id in answers]
    elif cond.question in answers:
        values = [answers[cond.question]]
    else:
        return False
    for value in values:
        if cond.any_of is not None or cond.none_of is not None:
            chosen = set(value) if isinstance(value, list) else {value}
            if cond.any_of is not None and chosen & set(cond.any_of):
                return True
            if cond.none_of is not None and not chosen & set(cond.none_of):
                return True
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if (cond.at_least is None or value >= cond.at_least) and (cond.at_most is None or value <= cond.at_most):
                return True
    return False


def contradiction(q, answers: dict) -> Flag | None:
    found = [p for p in contradictions(q.id) if _holds(q, p.when, answers) and _holds(q, p.and_, answers)]
    if not found:
        return None
    found.sort(key=lambda p: SEVERITY_RANK[p.severity])
    more_zh = f"（另有 {len(found) - 1} 处）" if len(found) > 1 else ""
    more_en = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return Flag(
        "contradiction",
        found[0].severity,
        found[0].message.zh + more_zh,
        found[0].message.en + more_en,
        {"pairs": [p.id for p in found]},
    )


# -------------------------------------------------------------------------------- all of them


@dataclass(frozen=True)
class Timing:
    """How an assessment came to be: its source, whether it is synthetic, and the seconds spent
    answering (None when unknown)."""

    source: str
    synthetic: bool
    elapsed_seconds: float | None


def assessment_flags(
    q, answers: dict, result: dict, timing: Timing, previous: Standing | None, round_: str
) -> list[Flag]:
    """The stored doubt flags of one submitted assessment, most severe first."""
    flags = [straight_line(q, answers), not_cumulative(q, answers), contradiction(q, answers)]
    if timing.source == "self" and not timing.synthetic and timing.elapsed_seconds is not None:
        flags.append(too_fast(timing.elapsed_seconds, len(answers)))
    overall = result["overall"]
    flags.append(jump(q.kind, Standing(round_, overall["level"], overall["score"]), previous))
    return by_severity([f for f in flags if f is not None])
