"""The mechanical part of the bank review (``questionnaires/REVIEW.md``): DCMM criteria and CMMM
requirements.

Reading a criterion decides whether it is concrete and at its level; what a program can check is
kept here, in one place, for the test (``tests/test_bank_review.py``) and for the review figures.
For a DCMM bank:

- two criteria of a bank never say the same thing word for word (after normalising);
- every item has 3 to 4 criteria at each level 2 to 5;
- no criterion is longer than ``MAX_ZH`` / ``MAX_EN`` characters;
- at level 5 at most one criterion per item is about outside recognition (publishing, awards,
  standards committees, being copied by peers);
- figures in a criterion are marked as examples, and level-4 criteria offer AI only as one way
  among automated or intelligent tools.

For a CMMM bank (``cmmm_problems``), the same rules read for requirements of levels 1-5: no two
requirements alike after normalising (zh or en), 2 to 4 requirements per sub-domain at each level
1-5, the same length limits for the text and at most ``MAX_EVIDENCE_ZH`` Chinese characters for the
evidence, figures marked as examples, level-4 AI only as one way among others (智能制造, the model's
own name, is not an AI mention), at most one outside-recognition requirement per sub-domain at
level 5; and for the quick companion, plain lines of at most ``MAX_PLAIN_ZH`` Chinese characters and
checks that are questions (ending with ？ / ?).

Run ``python -m questionnaires.review FILE [AREA ...]`` for the figures of a bank file (AREA: a
DCMM area or a CMMM domain).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable

from questionnaires.quick import QuickGuide, shipped_guide
from questionnaires.schema import CmmmQuestionnaire, Criterion, DcmmItem, DcmmQuestionnaire, Requirement, Subdomain

Statement = Criterion | Requirement  # a DCMM criterion or a CMMM requirement: id, level, text, evidence

# The longest criteria of the banks as shipped before this review were 65 characters (zh) and 287
# (en); a criterion is read and ticked in one glance, so the limit leaves a little room and no more.
MAX_ZH = 70
MAX_EN = 300
PER_LEVEL = range(3, 5)  # 3 or 4 criteria at each level
# CMMM: 2 to 4 requirements at each level 1-5 (the content brief aimed at 3); evidence is a short hint
CMMM_PER_LEVEL = range(2, 5)
CMMM_LEVELS = (1, 2, 3, 4, 5)
MAX_EVIDENCE_ZH = 60
MAX_PLAIN_ZH = 60  # a quick-mode plain line is read by an owner-manager at a glance
QUESTION_ENDS = ("？", "?")

# Outside recognition: standards work, publishing, awards, associations, being copied by peers.
RECOGNITION = re.compile(
    r"(参与|参编|起草).{0,20}(标准|规范|规则|指南)|(标准|规范|指南|规则)的?(编制|起草)|标准化组织|工作组"
    r"|示范案例|标杆案例|典型案例|入选.{0,8}案例|标杆|奖|表彰|评选|论文|公开课|行业会议|协会|同行|行业领先|领先水平"
    r"|借鉴|被.{0,12}(采纳|引用|采用|参考)|对外输出|对外发布|公开发布|行业内分享|在行业.{0,10}分享"
)
AI = re.compile(r"人工智能|AI|智能|机器学习|大模型|自然语言处理|算法")
# the CMMM model's own name (智能制造, smart manufacturing) is no AI technique
NOT_AI = re.compile(r"智能制造|智能工厂")
# what makes the AI part one way among others: "或" and a non-AI means (automation, rules, statistics
# ...) in the same sentence
AI_ALTERNATIVE = re.compile(
    r"自动化|自动分类|自动修复|统计分析|统计方法|统计模型|统计规则|统计或|规则|模糊匹配|高级分析|数据探查|历史数据|日志分析|系统或|检索|防泄漏|自助"
)
FIGURE = re.compile(r"\d")
EXAMPLE_ZH = "例如"
EXAMPLE_EN = re.compile(r"\be\.g\.|for example")


def normalised(text: str) -> str:
    """Text compared for duplicates: width-folded, lower case, without spaces or punctuation."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if ch.isalnum())


def is_recognition(c: Statement) -> bool:
    return bool(RECOGNITION.search(c.text.zh))


def mentions_ai_text(zh: str) -> bool:
    return bool(AI.search(NOT_AI.sub("", zh)))


def mentions_ai(c: Statement) -> bool:
    return mentions_ai_text(c.text.zh)


def requires_ai(c: Statement) -> bool:
    """An AI technique named with no equivalent way beside it."""
    return requires_ai_text(c.text.zh)


def requires_ai_text(zh: str) -> bool:
    sentences = [s for s in re.split(r"[。；]", NOT_AI.sub("", zh)) if AI.search(s)]
    return bool(sentences) and not any("或" in s and AI_ALTERNATIVE.search(s) for s in sentences)


def has_figure(c: Statement) -> bool:
    return bool(FIGURE.search(c.text.zh))


def figure_marked_as_example(c: Statement) -> bool:
    return EXAMPLE_ZH in c.text.zh and bool(EXAMPLE_EN.search(c.text.en))


def duplicates(criteria: Iterable[Statement]) -> list[list[str]]:
    """Groups of criterion ids whose zh or en text is the same after normalising."""
    groups: list[list[str]] = []
    for lang in ("zh", "en"):
        by_text: dict[str, list[str]] = {}
        for c in criteria:
            by_text.setdefault(normalised(getattr(c.text, lang)), []).append(c.id)
        groups += [ids for ids in by_text.values() if len(ids) > 1 and ids not in groups]
    return groups


def count_problems(item: DcmmItem) -> list[str]:
    counts = Counter(c.level for c in item.criteria)
    return [f"{item.id}: level {lv} has {counts[lv]} criteria" for lv in (2, 3, 4, 5) if counts[lv] not in PER_LEVEL]


def text_problems(c: Statement) -> list[str]:
    out = []
    for lang, limit in (("zh", MAX_ZH), ("en", MAX_EN)):
        text = getattr(c.text, lang)
        if not text.strip():
            out.append(f"{c.id}: no {lang} text")
        elif len(text) > limit:
            out.append(f"{c.id}: {lang} text has {len(text)} characters (limit {limit})")
    return out


def recognition_problems(item: DcmmItem) -> list[str]:
    found = [c.id for c in item.criteria if c.level == 5 and is_recognition(c)]
    return [f"{item.id}: {len(found)} level-5 criteria about outside recognition: {found}"] if len(found) > 1 else []


def items_of(q: DcmmQuestionnaire, areas: Iterable[str] | None = None) -> list[DcmmItem]:
    wanted = set(areas) if areas else {a.id for a in q.areas}
    return [item for a in q.areas if a.id in wanted for item in a.items]


def statement_counts(statements: list) -> dict[str, int]:
    """The mechanical counts shared by DCMM criteria and CMMM requirements: figures (and those not
    marked as examples), duplicate groups, AI at level 4 (and where it is required), recognition
    at level 5."""
    level4 = [c for c in statements if c.level == 4]
    with_figure = [c for c in statements if has_figure(c)]
    return {
        "with_figure": len(with_figure),
        "figure_not_marked": sum(not figure_marked_as_example(c) for c in with_figure),
        "duplicate_groups": len(duplicates(statements)),
        "level4_ai": sum(mentions_ai(c) for c in level4),
        "level4_ai_required": sum(requires_ai(c) for c in level4),
        "level5_recognition": sum(is_recognition(c) for c in statements if c.level == 5),
    }


def figures(q: DcmmQuestionnaire, areas: Iterable[str] | None = None) -> dict[str, int]:
    """The review's mechanical counts over the items of ``areas`` (all when not given)."""
    items = items_of(q, areas)
    criteria = [c for item in items for c in item.criteria]
    counts = statement_counts(criteria)
    return {
        "items": len(items),
        "criteria": len(criteria),
        **{k: counts[k] for k in ("with_figure", "figure_not_marked", "duplicate_groups")},
        "level4": sum(c.level == 4 for c in criteria),
        **{k: counts[k] for k in ("level4_ai", "level4_ai_required")},
        "level5": sum(c.level == 5 for c in criteria),
        "level5_recognition": counts["level5_recognition"],
        "items_over_one_recognition": sum(bool(recognition_problems(item)) for item in items),
        "over_length": sum(bool(text_problems(c)) for c in criteria),
    }


# ------------------------------------------------------------------------------------- CMMM


def cmmm_count_problems(sub: Subdomain) -> list[str]:
    counts = Counter(r.level for r in sub.requirements)
    return [
        f"{sub.id}: level {lv} has {counts[lv]} requirements" for lv in CMMM_LEVELS if counts[lv] not in CMMM_PER_LEVEL
    ]


def evidence_problems(r: Requirement) -> list[str]:
    n = len(r.evidence.zh)
    return [f"{r.id}: zh evidence has {n} characters (limit {MAX_EVIDENCE_ZH})"] if n > MAX_EVIDENCE_ZH else []


def cmmm_recognition_problems(sub: Subdomain) -> list[str]:
    found = [r.id for r in sub.requirements if r.level == 5 and is_recognition(r)]
    return [f"{sub.id}: {len(found)} level-5 requirements about outside recognition: {found}"] if len(found) > 1 else []


def level4_ai_problems(sub: Subdomain) -> list[str]:
    """Level-4 requirements and the level-4 description that name AI with no other way beside it."""
    out = [f"{r.id}: level-4 requirement requires AI" for r in sub.requirements if r.level == 4 and requires_ai(r)]
    out += [
        f"{sub.id}: level-4 description requires AI"
        for d in sub.levels
        if d.level == 4 and requires_ai_text(d.description.zh)
    ]
    return out


def figure_problems(statements: Iterable[Statement]) -> list[str]:
    return [
        f"{c.id}: a figure not marked 例如 / e.g."
        for c in statements
        if has_figure(c) and not figure_marked_as_example(c)
    ]


def quick_problems(q: DcmmQuestionnaire | CmmmQuestionnaire) -> list[str]:
    """The bank's quick companion: plain lines short enough for an owner-manager, checks that ask."""
    guide = shipped_guide(q.id)
    return quick_text_problems(guide) if guide is not None else [f"{q.id}: no quick companion"]


def quick_text_problems(guide: QuickGuide) -> list[str]:
    out = []
    for item_id, entry in guide.items.items():
        for level, text in sorted(entry.plain.items()):
            if len(text.zh) > MAX_PLAIN_ZH:
                out.append(f"{item_id}: plain line {level} has {len(text.zh)} characters (limit {MAX_PLAIN_ZH})")
        for level, text in sorted(entry.checks.items()):
            for lang in ("zh", "en"):
                if not getattr(text, lang).rstrip().endswith(QUESTION_ENDS):
                    out.append(f"{item_id}: check {level} ({lang}) does not end with a question mark")
    return out


def subdomains_of(q: CmmmQuestionnaire, domains: Iterable[str] | None = None) -> list[Subdomain]:
    wanted = set(domains) if domains else {d.id for d in q.domains}
    return [s for d in q.domains if d.id in wanted for s in d.subdomains]


def cmmm_problems(q: CmmmQuestionnaire) -> list[str]:
    """Every mechanical finding on a CMMM bank and its quick companion (empty when it passes)."""
    requirements = list(q.requirement_by_id.values())
    out = [f"same text: {ids}" for ids in duplicates(requirements)]
    for sub in q.subdomains:
        out += cmmm_count_problems(sub) + cmmm_recognition_problems(sub) + level4_ai_problems(sub)
    for r in requirements:
        out += text_problems(r) + evidence_problems(r)
    return out + figure_problems(requirements) + quick_problems(q)


def cmmm_figures(q: CmmmQuestionnaire, domains: Iterable[str] | None = None) -> dict[str, int]:
    """The review's mechanical counts over the sub-domains of ``domains`` (all when not given)."""
    subs = subdomains_of(q, domains)
    reqs = [r for s in subs for r in s.requirements]
    return {
        "subdomains": len(subs),
        "requirements": len(reqs),
        **{f"level{lv}": sum(r.level == lv for r in reqs) for lv in CMMM_LEVELS},
        **statement_counts(reqs),
        "subdomains_over_one_recognition": sum(bool(cmmm_recognition_problems(s)) for s in subs),
        "over_length": sum(bool(text_problems(r) or evidence_problems(r)) for r in reqs),
        "longest_zh": max((len(r.text.zh) for r in reqs), default=0),
        "longest_en": max((len(r.text.en) for r in reqs), default=0),
        "longest_evidence_zh": max((len(r.evidence.zh) for r in reqs), default=0),
    }


def main(argv: list[str]) -> int:
    from questionnaires.loader import load_file

    if not argv:
        print("usage: python -m questionnaires.review FILE [AREA ...]", file=sys.stderr)
        return 2
    q = load_file(argv[0])
    if isinstance(q, CmmmQuestionnaire):
        for name, value in cmmm_figures(q, argv[1:] or None).items():
            print(f"{name}\t{value}")
        return 0
    if not isinstance(q, DcmmQuestionnaire):
        print(f"{argv[0]}: neither a DCMM nor a CMMM questionnaire (the review counts their criteria)", file=sys.stderr)
        return 2
    for name, value in figures(q, argv[1:] or None).items():
        print(f"{name}\t{value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
