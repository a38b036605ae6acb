"""Text for the reports: escaping, the visible fallback for characters no font has, bilingual
labels and the display format of numbers.

Every string that reaches a ``Paragraph`` goes through ``markup``: reportlab paragraphs are
markup, so an enterprise called ``A&B <公司> <b>x</b>`` would otherwise be corrupted, made bold or
(with ``<img src=...>``) made to embed a file of the server. ``markup`` escapes it and, for a
character the main font lacks, switches to a second font or writes a red ``[U+XXXX]`` marker.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache
from xml.sax.saxutils import escape

from assessment.directory import INDUSTRIES, PARKS, SIZES, SOURCES
from questionnaires.schema import BELOW_LEVEL_1, CmmmQuestionnaire, SmeQuestionnaire
from reports.fonts import font_for, register

MARK_COLOR = "#B00020"
MARK_BACK = "#FDE7EA"


def marker(ch: str) -> str:
    """The visible stand-in for a character that no font can draw."""
    return f"[U+{ord(ch):04X}]"


@lru_cache(maxsize=8192)
def markup(text: object) -> str:
    """``text`` escaped for a reportlab paragraph, with font fallback for rare characters."""
    if text is None:
        return ""
    text = str(text)
    main = register().main
    out: list[str] = []
    run: list[str] = []
    run_font = main

    def flush():
        if run:
            chunk = escape("".join(run))
            out.append(chunk if run_font == main else f'<font name="{run_font}">{chunk}</font>')
            run.clear()

    for ch in text:
        if ch == "\n":
            flush()
            out.append("<br/>")
            continue
        if ch.isspace():
            ch = " "
        font = main if ch == " " else font_for(ch)
        if font is None:
            flush()
            out.append(f'<font color="{MARK_COLOR}" backColor="{MARK_BACK}">{marker(ch)}</font>')
            continue
        if font != run_font:
            flush()
            run_font = font
        run.append(ch)
    flush()
    return "".join(out)


def plain(text: object) -> str:
    """``text`` for a chart label or a table cell drawn as a plain string (no markup, one font):
    a character the main font lacks becomes its ``[U+XXXX]`` marker."""
    if text is None:
        return ""
    main = register().main
    return "".join(ch if ch.isspace() or font_for(ch) == main else marker(ch) for ch in str(text))


# ------------------------------------------------------------------------------------ numbers


def fmt(value: float | None, digits: int = 2) -> str:
    """A number as the reports print it; never ``-0.00``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def fmt_signed(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:+.{digits}f}"
    return text.replace("-", "+", 1) if float(text) == 0 else text


def fmt_band(band: list[int] | tuple[int, int], lang: str) -> str:
    """A percentile band as an enterprise reads it: zh from the top ("前 30%–40%"), en as
    percentiles ("60th–70th percentile")."""
    low, high = band
    if lang == "en":
        return f"{ordinal(str(low))}–{ordinal(str(high))} percentile"
    return "前 10%" if high >= 100 else f"前 {100 - high}%–{100 - low}%"


def fmt_moment(stamp: str | None, lang: str) -> str:
    """A stored time (ISO 8601, UTC) as a date and minute, saying UTC."""
    if not stamp:
        return "—"
    clock = stamp[11:16]
    return f"{fmt_date(stamp, lang)} {clock}" + (" UTC" if lang == "en" else "（UTC）")


def ordinal(number: str) -> str:
    """English ordinal of a whole number given as text: 1st, 2nd, 3rd, 11th, 21st."""
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{number}{suffix}"


def fmt_share(part: int, whole: int) -> str:
    return fmt(100.0 * part / whole, 1) + "%" if whole else "—"


def score_digits() -> int:
    """Scores with two decimals, as the pages show them (SME points come in steps as fine as
    0.025, so one decimal would round them differently from the screen)."""
    return 2


def fmt_score(value: float) -> str:
    """An overall score, with the digits of every bank (``score_digits``)."""
    return fmt(value, score_digits())


def part_digits(kind: str, part: str) -> int:
    """DCMM area and CMMM domain scores and the SME operations part (mean scenario level 0-4)
    with two decimals; SME dimension points with one."""
    return 1 if kind == "sme" and part != "operations" else 2


def part_kind(q) -> str:
    """The label key of a bank's compared parts: DCMM areas, SME dimensions, CMMM domains."""
    if isinstance(q, SmeQuestionnaire):
        return "dimension"
    return "domain" if isinstance(q, CmmmQuestionnaire) else "area"


def fmt_part(value: float | None, kind: str, part: str) -> str:
    return fmt(value, part_digits(kind, part))


MONTHS_EN = ("January February March April May June July August September October November December").split()


def fmt_date(day: date | str | None, lang: str) -> str:
    if day is None or day == "":
        return "—"
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    if lang == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


# ------------------------------------------------------------------------------------- labels


def tr(key: str, lang: str, **values) -> str:
    """The label ``key`` in ``lang`` ('zh' or 'en'), with ``{placeholders}`` filled in."""
    zh, en = LABELS[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def pick(text: dict | None, lang: str) -> str:
    """One language of a bilingual ``{zh, en}`` text."""
    if not text:
        return "—"
    return text.get("en" if lang == "en" else "zh") or text.get("zh") or "—"


_PARK_EN = {p["name"]: p["en"] for p in PARKS}
_INDUSTRY_EN = {i["name"]: i["en"] for i in INDUSTRIES}


def park_label(name: str | None, lang: str) -> str:
    """A park's name; in English the directory's English name when the park is known."""
    if not name:
        return "—"
    return _PARK_EN.get(name, name) if lang == "en" else name


def industry_label(name: str | None, lang: str) -> str:
    if not name:
        return "—"
    return _INDUSTRY_EN.get(name, name) if lang == "en" else name


def size_label(size: str | None, lang: str) -> str:
    if not size:
        return "—"
    zh, en = SIZES.get(size, (size, size))
    return en if lang == "en" else zh


def source_label(source: str | None, lang: str) -> str:
    if not source:
        return "—"
    zh, en = SOURCES.get(source, (source, source))
    return en if lang == "en" else zh


def level_text(level: int, name: dict | None, lang: str) -> str:
    """A level written out in words, never only as a colour: "3 级 · 稳健级" / "Level 3 · Robust"."""
    return tr("level_n", lang, n=level) + (f" · {pick(name, lang)}" if name else "")


class Localised:
    """What the reports share: their language, and labels, names and levels written in it."""

    def __init__(self, lang: str = "zh", *, invariant: bool | None = None):
        if lang not in ("zh", "en"):
            raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
        self.lang = lang
        self.invariant = invariant

    def t(self, key: str, **values) -> str:
        return tr(key, self.lang, **values)

    def name(self, text: dict | None) -> str:
        return pick(text, self.lang)

    def level_short(self, q, level: int) -> str:
        """A level as a column head: "3 级" / "Level 3"; CMMM's level 0 by its name ("一级以下")."""
        name = q.level_name(level)
        return self.name(name.model_dump()) if name == BELOW_LEVEL_1 else tr("level_n", self.lang, n=level)

    def level(self, q, level: int) -> str:
        """A level in words: "3 级 · 稳健级" for DCMM and CMMM; the SME level names already carry
        the number ("三级", "Level 3"; 0 is "未达一级" / "Not rated"), and so does CMMM's level 0
        ("一级以下" / "Below level 1")."""
        name = q.level_name(level)
        if name and (isinstance(q, SmeQuestionnaire) or name == BELOW_LEVEL_1):
            return self.name(name.model_dump())
        return level_text(level, name.model_dump() if name else None, self.lang)

    def group_label(self, column: str, value) -> str:
        """A peer group's name: a park, an industry or a size class (others as they are)."""
        if column == "park":
            return park_label(value, self.lang)
        if column == "industry":
            return industry_label(value, self.lang)
        if column == "size":
            return size_label(value, self.lang)
        return str(value)

    def sep(self) -> str:
        """Between the items of a list run on in a sentence: "、" / ", "."""
        return "、" if self.lang == "zh" else ", "


LABELS: dict[str, tuple[str, str]] = {
    # the tool and the documents
    "tool": ("数字化转型评估工具箱", "Digital Transformation Assessment Toolkit"),
    "enterprise_title": ("数字化转型评估报告", "Digital Transformation Assessment Report"),
    "cohort_title": ("区域数字化转型评估分析报告", "District Digital Transformation Cohort Report"),
    "page": ("第 {n} 页", "Page {n}"),
    "generated": ("报告日期 {date}", "Report date {date}"),
    "synthetic_banner": (
        "合成演示数据 · 本报告中的企业与数据均为虚构，不代表任何真实企业",
        "SYNTHETIC DEMO DATA · the enterprise and all figures in this report are invented",
    ),
    "synthetic_banner_cohort": (
        "含合成演示数据 · 本报告的统计全部或部分基于虚构企业，不代表真实情况",
        "CONTAINS SYNTHETIC DEMO DATA · some or all enterprises in these figures are invented",
    ),
    "synthetic_footer": ("合成演示数据", "SYNTHETIC DEMO DATA"),
    # enterprise facts
    "credit_code": ("统一社会信用代码", "Unified social credit code"),
    "enterprise": ("企业", "Enterprise"),
    "park": ("所在园区", "Park"),
    "industry": ("所属行业", "Industry"),
    "size": ("企业规模", "Size class"),
    "region": ("街道/区域", "Street / region"),
    "questionnaire": ("问卷", "Questionnaire"),
    "edition": ("问卷版本", "Edition and version"),
    "edition_value": ("{id}，版本 {version}", "{id}, version {version}"),
    "standard": ("依据", "Basis"),
    "round": ("评估轮次", "Round"),
    "source": ("数据来源", "Source"),
    "submitted": ("提交日期", "Submitted"),
    "report_date": ("报告日期", "Report date"),
    "assessment_id": ("评估编号", "Assessment no."),
    "overall_level": ("总体等级", "Overall level"),
    "overall_score": ("总分", "Overall score"),
    "score_of_dcmm": ("{score}（满分 5）", "{score} of 5"),
    "score_of_sme": ("{score} 分（满分 100）", "{score} of 100 points"),
    "level_n": ("{n} 级", "Level {n}"),
    # summary
    "s_summary": ("摘要", "Executive summary"),
    "percentile_in": ("在{group}中的百分位", "Percentile in {group}"),
    "group_park": ("园区", "park"),
    "group_industry": ("行业", "industry"),
    "group_size": ("规模", "size class"),
    "percentile_value": ("{p}（同组其他 {n} 家企业）", "{p} ({n} other enterprises)"),
    "percentile_pending": (
        "下次基准更新后显示（同组其他 {n} 家企业）",
        "shown after the next benchmark update ({n} other enterprises)",
    ),
    "too_few": (
        "样本过少，不作比较（同组其他企业 {n} 家，少于 5 家）",
        "too few to compare ({n} other enterprises, fewer than 5)",
    ),
    "benchmark_as_of": (
        "同行数据取自主管部门于 {at} 更新的基准，下次更新前保持不变。",
        "Peer figures come from the benchmarks the bureau updated on {at}; they stay the same until the next update.",
    ),
    "benchmark_own_entry": (
        "百分位按基准更新时本企业已提交的答卷计算。",
        "The percentile is that of the answers this enterprise had submitted when the benchmarks were updated.",
    ),
    "not_in_benchmarks": (
        "本企业尚待主管部门确认，其答卷暂未计入同行基准；同行数据只基于已确认的企业。",
        "This enterprise awaits the bureau's confirmation: its own answers are not yet in the benchmarks; "
        "peer figures are computed on confirmed enterprises only.",
    ),
    "archetype": ("所属类型", "Archetype"),
    "no_archetype": ("尚未聚类", "not yet clustered"),
    "archetype_next": (
        "同类型中 {level} 级企业的中位数领先您最多的部分：{parts}。",
        "Enterprises of this archetype at level {level} (median) are furthest ahead of you in: {parts}.",
    ),
    "completeness": ("答题完整度", "Completeness"),
    "strongest": ("相对强项", "Relative strengths"),
    "weakest": ("相对短板", "Relative weaknesses"),
    "percentile_note": (
        "百分位表示同组其他企业中得分低于本企业者所占比例（得分相同者计一半），按 10 个百分点分段显示，"
        "“前 30%–40%”即第 60–70 百分位。",
        "A percentile is the share of the group's other enterprises scoring below this enterprise (ties "
        "count half), shown in bands of 10 points.",
    ),
    "summary_next": ("距离 {n} 级", "Towards level {n}"),
    "summary_top": ("已达最高等级", "Already at the top level"),
    # radar and areas
    "s_profile": ("各能力域对比", "Area profile against peers"),
    "s_profile_sme": ("各维度对比", "Dimension profile against peers"),
    "series_self": ("本企业", "This enterprise"),
    "series_median": ("同组中位数", "Peer median"),
    "series_p75": ("同组 P75", "Peer P75"),
    "radar_note_dcmm": ("刻度为能力域得分 0–5。", "The scale is the area score, 0–5."),
    "radar_note_sme": (
        "刻度为各维度得分占满分的百分比；数字化经营为场景平均等级（0–4）折算。",
        "The scale is each dimension's score as a share of its maximum; operations is the mean "
        "scenario level (0–4) on the same scale.",
    ),
    "no_peers": (
        "同组企业少于 5 家，图中不显示同组中位数与 P75。",
        "Fewer than 5 peers: the peer median and P75 are not shown.",
    ),
    "s_areas": ("各能力域结果", "Results by area"),
    "s_dimensions": ("各维度结果", "Results by dimension"),
    "area": ("能力域", "Area"),
    "dimension": ("维度", "Dimension"),
    "part": ("部分", "Part"),
    "clause": ("条款", "Clause"),
    "item": ("能力项", "Capability item"),
    "mode": ("方式", "Mode"),
    "mode_quick": ("快速", "quick"),
    "mode_detailed": ("详细", "detailed"),
    "level": ("等级", "Level"),
    "score": ("得分", "Score"),
    "points": ("得分", "Points"),
    "max_points": ("满分", "Max."),
    "next_met": ("下一级已满足", "Next level met"),
    "met_of": ("{met}/{total}", "{met}/{total}"),
    "area_heading": (
        "{name} · 得分 {score} · {level}",
        "{name} · score {score} · {level}",
    ),
    "peer_median_of": ("同组中位数 {value}", "peer median {value}"),
    "question": ("题目", "Question"),
    "answer": ("回答", "Answer"),
    "unanswered": ("未作答", "not answered"),
    "scenarios": ("业务场景", "Business scenarios"),
    "scenario": ("场景", "Scenario"),
    "scenario_group": ("环节", "Stage"),
    "constraint": ("约束性", "Constraint"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "scenario_level": ("场景等级", "Scenario level"),
    "operations": ("数字化经营", "Digital operations"),
    "operations_value": ("场景平均等级 {value}", "mean scenario level {value}"),
    # why this level
    "s_why": ("等级判定与晋级差距", "Why this level, and what stands before the next"),
    "why_dcmm": (
        "总分 {score} 为各能力域得分的加权平均，取整数部分得到 {level} 级。",
        "The overall score {score} is the weighted mean of the area scores; its integer part gives level {level}.",
    ),
    "why_capped": (
        "按得分应为 {uncapped} 级，但以下本工具设定的关键条件未满足，总体等级限定为 {level} 级：",
        "The score alone would give level {uncapped}, but these key conditions set by this tool are unmet, "
        "which caps the overall level at {level}:",
    ),
    "key_conditions_note": (
        "关键条件是本工具为各等级选定的少数必备标准，不是标准公布的“红线”（正式评估的否决项未公开），"
        "详见附录 B 方法说明。",
        "Key conditions are a few criteria this tool treats as indispensable at their level; they are not red "
        "lines published by the standard (the formal assessment's veto items are not public). "
        "See Appendix B, Method.",
    ),
    "red_line_row": ("{item}：{text}（第 {n} 级关键条件）", "{item}: {text} (key condition of level {n})"),
    "next_dcmm": (
        "要达到 {n} 级：总分还需提高 {needed}；有 {count} 个能力项低于 {n} 级"
        "（见下表，列出各项下一级尚未满足的标准）。",
        "To reach level {n}: the overall score must rise by {needed}; {count} items are below level {n} "
        "(below, with the unmet criteria of each item's next level).",
    ),
    "next_dcmm_short": (
        "总分还需提高 {needed}；{count} 个能力项低于 {n} 级。",
        "The overall score must rise by {needed}; {count} items are below level {n}.",
    ),
    "next_red_count": (
        "另有 {count} 条本工具设定的关键条件须满足。",
        "{count} key conditions set by this tool must also be met.",
    ),
    "next_red": (
        "还须满足以下本工具设定的关键条件：{list}。",
        "These key conditions set by this tool must also be met: {list}.",
    ),
    "top_level": ("已达最高等级，继续保持并持续优化。", "This is the top level: keep it and keep improving."),
    "unmet_criteria": ("下一级尚未满足的标准", "Unmet criteria of the next level"),
    "more_criteria": ("……另有 {n} 条", "… and {n} more"),
    "why_sme": (
        "基础分 {score}（满分 100）与各业务场景等级共同决定总体等级："
        "达到某一等级须同时满足分数、场景数和约束性场景数三项条件。",
        "The base score {score} (of 100) and the scenario levels together decide the level: each "
        "level needs its score, its number of scenarios and its number of constraint scenarios.",
    ),
    "check_level": ("等级", "Level"),
    "check_met": ("结论", "Result"),
    "check_score_head": ("基础分", "Base score"),
    "check_scen_head": ("达到该级的场景数", "Scenarios at the level"),
    "check_cons_head": ("其中约束性场景", "of them constraint"),
    "check_note": (
        "每格为“实际 / 要求”；场景数指等级不低于该级的场景。",
        "Each cell is 'actual / required'; scenarios count those at that level or above.",
    ),
    "met": ("达到", "met"),
    "not_met": ("未达到", "not met"),
    "check_cell": ("{value}（差 {short}）", "{value} (short {short})"),
    "next_sme": (
        "要达到 {n} 级：{items}。",
        "To reach level {n}: {items}.",
    ),
    "need_points": ("基础分再提高 {value} 分", "{value} more base points"),
    "need_scenarios": ("再有 {value} 个场景达到 {n} 级及以上", "{value} more scenarios at level {n} or above"),
    "need_constraint": ("其中再有 {value} 个约束性场景", "{value} more of them constraint scenarios"),
    "sme_not_rated": ("未达到一级的条件", "the conditions of level 1 are not met"),
    # roadmap
    "s_roadmap": ("改进路线图", "Improvement roadmap"),
    "roadmap_intro": (
        "按优先级排序的行动，按投入分入 3、6、12 个月。优先级综合考虑对总分的提升、是否满足关键条件，"
        "以及与同组中位数的差距；“单项后”是仅完成该项行动时的总分与等级。",
        "Actions ranked by priority and grouped into 3, 6 and 12 months by effort. Priority weighs the gain "
        "in overall score, whether a key condition is met, and the gap to the peer median; 'alone' is the "
        "overall score and level after that action only.",
    ),
    "horizon": ("{m} 个月内", "Within {m} months"),
    "no_actions": ("本期无行动。", "No actions in this period."),
    "no_actions_at_all": ("没有可提升的行动：已满分。", "No action can raise the result: it is at the maximum."),
    "action": ("行动", "Action"),
    "effort": ("投入", "Effort"),
    "effort_low": ("低", "low"),
    "effort_medium": ("中", "medium"),
    "effort_high": ("高", "high"),
    "gain": ("总分提升", "Gain"),
    "after_alone": ("单项后", "Alone"),
    "action_item": ("{name}：达到 {n} 级", "{name}: reach level {n}"),
    "action_question": ("{name}：提高得分", "{name}: gain points"),
    "action_scenario": ("{name}：场景提升到 {n} 级", "{name}: scenario to level {n}"),
    "red_line_cleared": ("（满足关键条件）", " (meets a key condition)"),
    "steps_first": (
        "前 {n} 项行动附有具体步骤；其余步骤见评估系统中的改进计划。",
        "The first {n} actions come with their steps; the steps of the others are in the plan in the app.",
    ),
    "gap_to_median": ("与中位数之差", "Gap to median"),
    "s_what_if": ("如果按计划完成", "What if the plan is carried out"),
    "what_if_intro": (
        "按上述顺序依次完成行动后的总分与等级，由评分引擎对修改后的答案重新计算得出。",
        "Overall score and level after the actions in the order above, recomputed by the scoring engine "
        "on the changed answers.",
    ),
    "what_if_now": ("当前", "Now"),
    "what_if_after": ("{m} 个月后（完成 {n} 项）", "After {m} months ({n} actions)"),
    "actions_done": ("已完成行动数", "Actions done"),
    # self-assessed and verified
    "s_verified": ("自评与现场核查", "Self-assessed and verified on site"),
    "verified_by": (
        "现场核查：{who}，{date} 提交（核查记录编号 {id}，来源：现场评测）。核查结果是一条独立的记录，企业不能修改。",
        "Verified on site by {who}, submitted {date} (on-site record no. {id}). The verification is a record of its "
        "own; the enterprise cannot change it.",
    ),
    "self_assessed": ("自评", "Self-assessed"),
    "verified": ("核查", "Verified"),
    "assessor_comment": ("核查意见", "Assessor's comment"),
    "verified_differs": ("以下 {n} 项核查结果与自评不同：", "{n} items were verified differently:"),
    "verified_same": ("核查结果与自评逐项一致。", "The verification agrees with the self-assessment item by item."),
    # the cohort's verification
    "s_cohort_verification": ("现场核查", "Verification on site"),
    "verified_share": (
        "本范围 {total} 家企业中，{verified} 家的结果来自现场核查（{share}）。",
        "Of the {total} enterprises in this view, {verified} have an on-site result ({share}).",
    ),
    "verified_none": ("本范围内尚无提交的核查。", "No verification has been submitted in this view."),
    "verified_gaps": (
        "已核查 {pairs} 份自评：自评等级平均比核查等级高 {gap} 级，{lower} 份核查等级更低。"
        "有疑点的 {flagged} 份中 {flagged_lower} 份核查更低（疑点得到印证）；"
        "无疑点的 {unflagged} 份中 {unflagged_lower} 份更低。",
        "{pairs} self-assessments verified: the self-assessed level is on average {gap} above the verified one; "
        "{lower} were verified lower. Of {flagged} flagged, {flagged_lower} were verified lower (the flags proved "
        "right); of {unflagged} without flags, {unflagged_lower}.",
    ),
    "mean_gap": ("平均差（自评−核查）", "Mean gap (self − verified)"),
    "verified_no_gap": ("各项核查结果与自评一致。", "Every item was verified as self-assessed."),
    "overrated_by": ("高估企业数", "Overrated by"),
    "verified_pairs": ("已核查", "Verified"),
    # progress
    "s_progress": ("与上一轮相比", "Progress since the previous round"),
    "previous_round": (
        "上一轮：{round} 轮（{questionnaire}，评估编号 {id}，{date} 提交）。",
        "Previous round: {round} ({questionnaire}, assessment no. {id}, submitted {date}).",
    ),
    "mapped_note": (
        "上一轮使用 {old} 版问卷，其能力项已按对照关系折算到本版能力域；本版新增、无对应项的能力域不作比较。",
        "The previous round used the {old} questionnaire; its items are mapped onto this edition's areas. "
        "Areas with no mapped item are not compared.",
    ),
    "before": ("上一轮", "Previous"),
    "now": ("本轮", "This round"),
    "change": ("变化", "Change"),
    "overall": ("总体", "Overall"),
    # appendix
    "s_answers": ("附录 A　答题记录", "Appendix A  Answers"),
    "answers_intro_dcmm": (
        "每个能力项在各等级标准上的回答：● 满足，○ 不满足，– 未作答；快速模式的能力项给出所选等级。",
        "Each item's answers per level: ● met, ○ not met, – not answered; an item answered in quick mode "
        "shows the level chosen.",
    ),
    "quick_choice": ("选择 {n} 级", "chose level {n}"),
    "quick_unsure": ("不确定，按 {n} 级计", "not sure, counted as level {n}"),
    "quick_check_failed": (
        "选择 {n} 级，核对题答“否”，按 {level} 级计",
        "chose level {n}, answered 'no' at its check, counted as level {level}",
    ),
    "mode_unsure": ("不确定", "not sure"),
    "mode_check_failed": ("核对未过", "check failed"),
    "answers_intro_sme": (
        "每道计分题的回答与得分，以及各业务场景所选等级。",
        "The answer and points of each scored question, and the level chosen for each scenario.",
    ),
    "not_digitised": ("尚未数字化", "not yet digitised"),
    # method
    "s_method": ("附录 B　方法说明", "Appendix B  Method"),
    "m_scoring": ("计分规则", "Scoring"),
    "m_key_conditions": (
        "关键条件：问卷把少数标准标为“关键条件”，未满足时总体等级不高于该条件所在等级减一。"
        "这是本工具的设定，不是标准公布的红线；正式评估的否决项未公开，结论以正式评估为准。",
        "Key conditions: the questionnaire marks a few criteria as key conditions; while one is unmet, the overall "
        "level stays below that condition's level. This is this tool's choice, not a red line published by the "
        "standard; the formal assessment's veto items are not public, and its conclusion prevails.",
    ),
    "m_quick": (
        "快速模式：等级是累进的，应选择本级及以下各级描述如今都已做到（不是计划中）的最高等级；"
        "“不确定”按问卷为该项设定的保守等级计（该项可能的最低等级）；选择第 3 级及以上时须回答一道核对题，"
        "答“否”时该项按所选等级减一计。",
        "Quick mode: levels are cumulative; the level to choose is the highest one whose description and every "
        "lower one are true today, not planned. 'Not sure' counts as the conservative level the questionnaire "
        "sets for the item (its lowest plausible level). A level of 3 or more comes with a yes/no check; a 'no' "
        "counts the item one level below the level chosen.",
    ),
    "m_glossary": ("术语解释", "Glossary"),
    "m_cohorts": ("比较所用的样本", "The cohorts behind each comparison"),
    "m_cohort_row": ("{what}：{group}，{n} 家企业", "{what}: {group}, {n} enterprises"),
    "m_percentile_group": ("百分位（{label}）", "Percentile ({label})"),
    "m_median_group": ("同组中位数与 P75", "Peer median and P75"),
    "m_median_park": ("本园区同轮其他企业", "other enterprises of this park and round"),
    "m_median_all": (
        "本园区不足 5 家，改用本轮全部其他企业",
        "the park has fewer than 5, so all other enterprises of the round",
    ),
    "m_none": ("样本不足 5 家，未作比较", "fewer than 5, not compared"),
    "m_round_cohort": (
        "基准快照中 {round} 轮本问卷的评估（已确认的企业）：{n} 份",
        "{round} assessments on this questionnaire in the benchmark snapshot (confirmed enterprises): {n}",
    ),
    "m_archetypes": (
        "所属类型：对 {n} 份评估的能力域得分聚类（{date} 拟合，{k} 类）",
        "Archetype: clusters of the area scores of {n} assessments (fitted {date}, {k} types)",
    ),
    "m_suppression": (
        "少于 5 家企业的组一律不作统计，以免识别出个别企业。",
        "A group of fewer than 5 enterprises is never described, so that no enterprise can be singled out.",
    ),
    "m_sources": ("问卷来源", "Sources of the question bank"),
    "m_fallback": (
        "字体无法显示的生僻字以红色 [U+编码] 标出。",
        "A character the fonts cannot print is shown in red as [U+code].",
    ),
    "m_disclaimer": (
        "本报告为自评结果，仅供企业自我诊断和改进参考，不构成正式评估或认定结论。",
        "This report is a self-assessment for diagnosis and improvement; it is not a formal assessment "
        "or recognition decision.",
    ),
    # cohort report
    "s_scope": ("范围与数量", "Scope and counts"),
    "filter": ("筛选条件", "Filter"),
    "all": ("全部", "all"),
    "total": ("合计", "Total"),
    "all_parks": ("全部园区", "All parks"),
    "rounds_present": ("包含的轮次", "Rounds present"),
    "cross_round": ("横向统计所用轮次", "Round of the cross-section"),
    "enterprises": ("企业数", "Enterprises"),
    "assessments": ("评估数", "Assessments"),
    "synthetic_count": ("其中合成演示企业", "of them synthetic (demo)"),
    "cohort_suppressed": (
        "该范围内仅有 {n} 家企业，少于 5 家，不作统计。",
        "This scope holds only {n} enterprises, fewer than 5: no statistics are shown.",
    ),
    "s_levels": ("等级分布", "Level distribution"),
    "share": ("占比", "Share"),
    "count": ("数量", "Count"),
    "s_parks": ("园区对比", "Parks compared"),
    "s_industries": ("行业对比", "Industries compared"),
    "s_sizes": ("规模对比", "Size classes compared"),
    "archetype_profile_note": (
        "各类型在各部分的平均得分（模型基于 {n} 份评估，{date} 拟合；少于 5 家的类型不显示画像）。",
        "Each archetype's mean score per part (model fitted on {n} assessments on {date}; types of "
        "fewer than 5 are not profiled).",
    ),
    "progress_mapped": (
        "上一轮部分企业使用 {old} 版问卷，其总分直接比较（两版刻度相同）。",
        "Some enterprises answered the {old} edition in the earlier round; their overall scores are "
        "compared directly (both editions share the scale).",
    ),
    "progress_by_park": ("各园区的进展", "Progress by park"),
    "mean": ("平均", "Mean"),
    "median": ("中位数", "Median"),
    "groups_hidden": (
        "{n} 个组未单独列出（少于 5 家企业，或列出后可由合计推算出其他组），仍计入合计。",
        "{n} groups hidden (fewer than 5 enterprises, or listing them would let another be worked out "
        "from the total); they still count in the total.",
    ),
    "s_heatmap": ("园区 × 能力域热力图", "Heat map: park × area"),
    "s_heatmap_sme": ("园区 × 维度热力图", "Heat map: park × dimension"),
    "heatmap_note_dcmm": (
        "格中数字为平均得分（1–5）；颜色深浅在本表最低与最高值之间分布，越深越高（色标见上）。",
        "Each cell is the mean score (1–5); shades spread between the lowest and highest value in this "
        "table, darker is higher (scale above).",
    ),
    "heatmap_note_sme": (
        "格中数字为平均得分（数字化经营为场景平均等级 0–4）；颜色按占满分的比例，"
        "在本表最低与最高值之间分布，越深越高。",
        "Each cell is the mean score (operations: mean scenario level, 0–4); shades follow the share of "
        "the maximum, spread between the lowest and highest in this table, darker is higher.",
    ),
    "s_percentiles": ("分位数分布", "Percentiles"),
    "percentiles_note": (
        "横条为 P25–P75，细线为 P10–P90，竖线为中位数。",
        "The bar spans P25–P75, the thin line P10–P90, the tick is the median.",
    ),
    "s_archetypes": ("企业类型画像", "Archetypes: profiles and sizes"),
    "archetype_size": ("本范围内", "In scope"),
    "archetype_model_size": ("模型内", "In model"),
    "archetype_none": (
        "尚未对本问卷聚类（命令 clusters fit）。",
        "No archetypes fitted for this questionnaire yet (command clusters fit).",
    ),
    "archetype_small": ("少于 5 家，不显示画像", "fewer than 5, profile not shown"),
    "archetype_method": (
        "类型按“形状”划分：各部分相对企业自身平均水平的长板与短板，与整体等级无关；类型数按稳定性选定"
        "（自助重抽样下分组一致程度，本模型 {stability}，要求不低于 0.8）。",
        "Archetypes group enterprises by shape — each part's strength or gap relative to the "
        "enterprise's own average — whatever their overall level; the number of archetypes is chosen "
        "by stability (agreement of groupings across bootstrap resamples: {stability} here, 0.8 "
        "required).",
    ),
    "archetype_no_structure": (
        "这些企业的长板与短板没有形成稳定的共同类型，因此不划分类型：差异主要在整体水平上。",
        "These enterprises' strengths and gaps form no stable common shapes, so no archetypes are "
        "drawn: they differ mainly in overall level.",
    ),
    "archetype_by_level": ("类型 × 等级（企业数）", "Archetype × level (enterprises)"),
    "archetype_by_park": ("类型 × 园区（企业数）", "Archetype × park (enterprises)"),
    "archetype_moves": (
        "类型变化：行为 {before} 年的类型，列为 {after} 年的类型（两轮都参评的企业）",
        "Moves: rows are the archetype in {before}, columns in {after} (enterprises assessed in both)",
    ),
    "archetype_cells_note": (
        "少于 5 家的格子记为“<5”；一行只有一个格子隐去时，次小的格子也隐去，以免相减得出。",
        "Cells under 5 show as “<5”; when only one cell of a row would be hidden, the next smallest is "
        "hidden too, so that it cannot be worked out by subtraction.",
    ),
    "unplaced": ("未归类", "Not placed"),
    "s_cohort_progress": ("两轮之间的进展", "Progress between rounds"),
    "progress_scope": (
        "{first} 轮与 {second} 轮均有评估的企业：{n} 家。",
        "Enterprises assessed in both {first} and {second}: {n}.",
    ),
    "progress_none": ("没有可比较的两轮评估。", "There are no two rounds to compare."),
    "progress_too_few": (
        "两轮均有评估的企业少于 5 家，不作统计。",
        "Fewer than 5 enterprises were assessed in both rounds: not shown.",
    ),
    "mean_before": ("上一轮平均", "Mean before"),
    "mean_after": ("本轮平均", "Mean after"),
    "mean_change": ("平均变化", "Mean change"),
    "improved": ("提高", "Improved"),
    "declined": ("下降", "Declined"),
    "level_up": ("等级提升", "Level up"),
    "level_down": ("等级下降", "Level down"),
    "transitions": ("等级变化（行：上一轮，列：本轮）", "Level changes (rows: before, columns: after)"),
    "s_lagging": ("低于所在园区中位数最多的企业", "Enterprises furthest below their park"),
    "lagging_note": (
        "按得分与所在园区中位数之差排序（园区不足 5 家的企业不列入）。",
        "Ordered by the gap between the score and the park median (parks with fewer than 5 are left out).",
    ),
    "gap": ("差距", "Gap"),
    "group_median": ("园区中位数", "Park median"),
    "rank": ("序号", "No."),
    "name": ("企业名称", "Name"),
    "m_cohort_method": (
        "每家企业每轮取一份当前评估（同一轮有多种来源时，现场评测优先于导入，导入优先于自评）。百分位采用线性插值。",
        "Each enterprise counts once per round with its current assessment (on-site rating before import "
        "before self-assessment). Percentiles use linear interpolation.",
    ),
}


# programmes (``assessment.programmes``): the enterprise's standing and the cohort's programmes
LABELS.update(
    {
        "s_programmes": ("扶持项目（免申即享）", "Programmes (no application needed)"),
        "programmes_intro": (
            "在办项目中本企业目前符合条件的项目，以及最接近的一个项目还差哪些条件；“路线图第 N 项”指上文"
            "改进路线图中能补上该差距的行动。是否符合条件以主管部门的名单为准。",
            "The current programmes this enterprise qualifies for, and what stands between it and the nearest "
            'one; "roadmap action N" is the action of the improvement roadmap above that closes the gap. The '
            "bureau's list is authoritative.",
        ),
        "programmes_none": ("目前尚不符合任何在办项目的条件。", "It does not qualify for any current programme yet."),
        "programme_eligible": ("符合条件：{name}（{benefit}）", "Qualifies: {name} ({benefit})"),
        "programme_basis": ("依据：{basis}", "Basis: {basis}"),
        "programme_nearest": (
            "最接近的项目：{name}（还差 {n} 项条件）",
            "Nearest programme: {name} ({n} condition(s) to go)",
        ),
        "programme_action": ("路线图第 {n} 项：{name}", "roadmap action {n}: {name}"),
        "s_programmes_cohort": ("惠企项目", "Programmes"),
        "programmes_cohort_intro": (
            "每个在办项目：目前符合条件的企业数、已参加的企业数，以及参加企业与符合条件但未参加企业的前后变化"
            "（方括号内为 95% 置信区间）。项目数字覆盖全区企业，不受本报告筛选条件限制。",
            "Each current programme: how many enterprises qualify now, how many are enrolled, and how the "
            "enrolled and the eligible but not enrolled changed between its rounds (95 % confidence intervals in "
            "brackets). Programme figures cover every enterprise of the district, not only this report's filter.",
        ),
        "programme_example": ("示例项目，不是区政策。", "An example programme, not district policy."),
        "programme_counts": (
            "符合条件：{eligible} 家；已参加：{enrolled} 家。",
            "Eligible now: {eligible}; enrolled: {enrolled}.",
        ),
        "programme_no_target": (
            "本项目未设定目标，不衡量效果。",
            "The programme sets no target: no impact is measured.",
        ),
        "programme_group": ("组", "Group"),
        "programme_before": ("项目前平均", "Mean before"),
        "programme_after": ("项目后平均", "Mean after"),
        "programme_served": ("参加企业", "Served"),
        "programme_comparison": ("对照（符合条件未参加）", "Comparison (eligible, not served)"),
        "programme_difference": ("差异（双重差分）", "Difference (difference in differences)"),
        "change_ci": ("变化 [95% 区间]", "Change [95 % CI]"),
        "too_few_short": ("少于 5 家，不显示", "fewer than 5: not shown"),
        "programme_target": (
            "达到目标（{rule}）：{reached} 家，占参加企业 {share}%（95% 区间 {lo}%–{hi}%）。",
            "Reached the target ({rule}): {reached}, {share} % of the enrolled (95 % CI {lo} %–{hi} %).",
        ),
        "programme_target_suppressed": (
            "达到目标（{rule}）：参加企业少于 5 家，不显示。",
            "Reached the target ({rule}): fewer than 5 enrolled, not shown.",
        ),
        "provider": ("服务商", "Provider"),
    }
)


# smart-manufacturing capability maturity (cmmm): the estimate, the path, the level scores, the
# sub-domains and their requirements
LABELS.update(
    {
        "score_of_cmmm": ("{score}（满分 5）", "{score} of 5"),
        "estimate_title": ("自评估算，不是认证等级", "A self-assessment estimate, not a certified level"),
        "estimate_level": ("（自评估算）", " (self-assessment estimate)"),
        "path": ("制造类型", "Manufacturing path"),
        "level_meaning": ("等级含义", "What the level means"),
        "formula": ("得分公式", "Score formula"),
        "formula_n_plus_next": ("n + A(n+1)", "n + A(n+1)"),
        "formula_n_minus_1_plus_current_plus_next": ("(n − 1) + A(n) + A(n+1)", "(n − 1) + A(n) + A(n+1)"),
        "s_profile_cmmm": ("各能力域对比", "Domain profile against peers"),
        "radar_note_cmmm": (
            "刻度为能力域得分 0–5（与总分同一公式）。",
            "The scale is the domain score, 0–5 (the same formula as the overall score).",
        ),
        "domain": ("能力域", "Domain"),
        "subdomain": ("能力子域", "Sub-domain"),
        "s_subdomains": ("各能力子域结果", "Results by sub-domain"),
        "subdomains_intro": (
            "每个能力子域的等级、得分，以及各等级要求的平均满足程度 A(1)–A(5)（0–1，达到 {threshold} 即该级满足）。"
            "标为“不适用”的子域不计入，其余子域的权重按比例重新分配。",
            "Each sub-domain's level and score, and how far the requirements of each level are met, A(1)–A(5) "
            "(0–1; {threshold} meets the level). Sub-domains marked not applicable drop out and the weights of "
            "the rest are scaled up.",
        ),
        "mode_na": ("不适用", "not applicable"),
        "not_applicable": ("不适用", "Not applicable"),
        "na_reason": ("不适用的依据：{reason}", "Why it may be not applicable: {reason}"),
        "level_scores": ("各等级得分 A(1)–A(5)", "Level scores A(1)–A(5)"),
        "level_scores_note": (
            "A(L) 为第 L 级全部要求的加权平均满足程度（0–1）；虚线为达标线 {threshold}。"
            "达到某级须该级及以下各级的 A 都不低于达标线。",
            "A(L) is the weighted mean of how far the requirements of level L are met (0–1); the dashed line is "
            "the threshold {threshold}. A level is reached when its A and that of every lower level reach it.",
        ),
        "why_cmmm": (
            "达到的最高等级 n = {n}：{reached}。总分按问卷规定的公式 {formula} 计算：{worked}。",
            "The highest level reached is n = {n}: {reached}. The overall score follows the bank's formula "
            "{formula}: {worked}.",
        ),
        "why_cmmm_reached": ("A(1)…A({n}) 均不低于 {threshold}", "A(1)…A({n}) are all at least {threshold}"),
        "why_cmmm_none": ("A(1) = {a1}，低于 {threshold}", "A(1) = {a1} is below {threshold}"),
        "next_cmmm": (
            "要达到 {n} 级：A({n}) 需从 {score} 提高到 {threshold}（差 {short}）；"
            "{count} 个能力子域在第 {n} 级的得分低于 {threshold}，其尚未全部满足的要求见下表。",
            "To reach level {n}: A({n}) must rise from {score} to {threshold} (short {short}); {count} "
            "sub-domains score below {threshold} at level {n}; their requirements not yet fully met are below.",
        ),
        "next_cmmm_short": (
            "A({n}) 需提高 {short}；{count} 个能力子域低于达标线。",
            "A({n}) must rise by {short}; {count} sub-domains are below the threshold.",
        ),
        "next_cmmm_lower": (
            "另外，以下更低等级尚未达标：{levels}。",
            "Lower levels not yet reached as well: {levels}.",
        ),
        "unmet_requirements": (
            "第 {n} 级尚未全部满足的要求（及证明材料）",
            "Requirements of level {n} not fully met (and evidence)",
        ),
        "evidence": ("证明材料：{text}", "Evidence: {text}"),
        "answered_as": ("（现答：{answer}）", " (answered: {answer})"),
        "more_requirements": ("……另有 {n} 条", "… and {n} more"),
        "action_domain": ("能力域", "Domain"),
        "answers_intro_cmmm": (
            "每个能力子域的回答：快速模式给出所选等级；详细模式列出各等级每条要求的满足程度（全部、大部分、部分、不满足，"
            "– 为未作答）。",
            "Each sub-domain's answers: in quick mode the level chosen; in detailed mode how far each requirement of "
            "each level is met (fully, mostly, partly, not; – not answered).",
        ),
        "answer_full": ("全部", "fully"),
        "answer_mostly": ("大部分", "mostly"),
        "answer_partly": ("部分", "partly"),
        "answer_none": ("不满足", "not"),
        "quick_zero": ("选择“尚未达到一级”", "chose below level 1"),
        "s_heatmap_cmmm": ("园区 × 能力域热力图", "Heat map: park × domain"),
        "heatmap_note_cmmm": (
            "格中数字为平均得分（0–5）；颜色深浅在本表最低与最高值之间分布，越深越高（色标见上）。",
            "Each cell is the mean score (0–5); shades spread between the lowest and highest value in this "
            "table, darker is higher (scale above).",
        ),
        "m_quick_cmmm": (
            "快速模式：每个能力子域选择本级及以下各级描述如今都已做到的最高等级，按该级及以下要求全部满足、"
            "更高等级均不满足计；“不确定”按问卷为该子域设定的保守等级计；选择第 3 级及以上时须回答一道核对题，"
            "答“否”时按所选等级减一计。",
            "Quick mode: each sub-domain takes the highest level whose description and every lower one are true "
            "today, counted as every requirement up to that level fully met and none above. 'Not sure' counts as "
            "the conservative level the bank sets for the sub-domain; a level of 3 or more comes with a yes/no "
            "check, and a 'no' counts one level below.",
        ),
    }
)
