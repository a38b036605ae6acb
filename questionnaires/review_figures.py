"""Figures for the written review of a DCMM question bank (questionnaires/REVIEW.md).

Mechanical proxies, stated so that anyone can recount them; they support the review, they do not
replace reading the criteria::

    .venv/bin/python -m questionnaires.review_figures FILE [AREA ...]

- concrete: the Chinese text names an artefact, a process or a measurable fact (one of
  ``ARTEFACT`` words, or a figure);
- at level: level 2 names an owner or a written record, level 3 an organisation-wide issued or
  common rule, level 4 a measure (``MEASURE``), level 5 an improvement of the organisation's own
  practice (``IMPROVE``) or, for at most one criterion per item, outside recognition;
- AI at level 4: a level-4 criterion or description naming AI, machine learning or "intelligent"
  tools; *hard* when the text offers no other way beside it (no 或 with a non-AI way, ``OTHER_WAY``);
- recognition at level 5: a level-5 criterion (or level description) about outside recognition
  (``RECOGNITION``);
- figures: a criterion with a number (%, days, months, staff …), and how many say 例如/如 (e.g.);
- duplicates: two criteria whose Chinese texts, without punctuation, are equal or at least 80 %
  alike (difflib ratio).
"""

from __future__ import annotations

import difflib
import re
import sys
from collections import Counter

import yaml

from questionnaires.review import AI, RECOGNITION, requires_ai_text

ARTEFACT = re.compile(
    r"文件|文档|书面|办法|制度|规范|规定|流程|程序|记录|纪要|清单|台账|目录|报告|计划|方案|模板|平台|工具|系统|"
    r"库|指标|目标|阈值|合同|协议|日志|工单|检查单|评分|模型|矩阵|岗位|负责人|团队|委员会|接口|脚本|"
    r"标准|路线图|预案|演练|培训|考核|审批|评审|复核|调查|核算|统计|度量|测算|比例|率|时长|登记|校验|检查|脱敏|备份|"
    r"加密|归档|销毁|签订|授权|审计|监控|告警|追溯|文本|交易所|产品|根因|容量|\d"
)
MEASURE = re.compile(r"度量|统计|量化|指标|目标|阈值|比例|率|时长|控制图|核算|评分|测算|趋势|分布|对比|偏差")
IMPROVE = re.compile(r"改进|优化|复盘|调整|修订|降低|下降|提高|提升|效果")
FIGURE = re.compile(
    r"至少每|每[年月周季]至少|\d+(\.\d+)?\s*(%|％|天|日|个月|月|分|名|人|次|小时|分钟)|不少于[一二三四五六七八九十]|六个月|三个月"
)
EXAMPLE = re.compile(r"例如|比如")


def criteria(bank: dict, areas: set[str] | None):
    for area in bank["areas"]:
        if areas and area["id"] not in areas:
            continue
        for item in area["items"]:
            for c in item["criteria"]:
                yield item, c


def level_descriptions(bank: dict, areas: set[str] | None):
    for area in bank["areas"]:
        if areas and area["id"] not in areas:
            continue
        for item in area["items"]:
            for lv in item["levels"]:
                yield item, lv


def hard_ai(zh: str) -> bool:
    """AI named with no other way offered beside it (the rule of ``questionnaires.review``)."""
    return requires_ai_text(zh)


def normalise(text: str) -> str:
    return re.sub(r"[\s，。、；：（）()“”,.;:]", "", text)


def at_level(c: dict) -> bool:
    zh, level = c["text"]["zh"], c["level"]
    if level == 2:
        return bool(re.search(r"部门|指定|书面|记录|登记|负责人|有|至少|主要|核心|重要|签订|签署", zh))
    if level == 3:
        return bool(re.search(r"全组织|统一|发布|正式|组织|各|所有|每|主要|核心|重要|规范|流程|制度|办法", zh))
    if level == 4:
        return bool(MEASURE.search(zh))
    return bool(IMPROVE.search(zh) or RECOGNITION.search(zh) or re.search(r"持续|逐年|每年|创新|新产品|实时", zh))


def figures(bank: dict, areas: set[str] | None = None) -> dict:
    crits = list(criteria(bank, areas))
    out: Counter = Counter()
    out["criteria"] = len(crits)
    out["concrete"] = sum(bool(ARTEFACT.search(c["text"]["zh"])) for _, c in crits)
    out["at_level"] = sum(at_level(c) for _, c in crits)
    l4 = [c for _, c in crits if c["level"] == 4]
    ai4 = [c for c in l4 if AI.search(c["text"]["zh"] + c["text"]["en"])]
    out["ai_l4_criteria"] = len(ai4)
    out["ai_l4_hard"] = sum(hard_ai(c["text"]["zh"]) for c in ai4)
    ai4_desc = [
        lv["description"]
        for _, lv in level_descriptions(bank, areas)
        if lv["level"] == 4 and AI.search(lv["description"]["zh"] + lv["description"]["en"])
    ]
    out["ai_l4_descriptions"] = len(ai4_desc)
    out["ai_l4_descriptions_hard"] = sum(hard_ai(d["zh"]) for d in ai4_desc)
    per_item: Counter = Counter()
    for item, c in crits:
        if c["level"] == 5 and RECOGNITION.search(c["text"]["zh"]):
            per_item[item["id"]] += 1
    out["l5_criteria"] = sum(c["level"] == 5 for _, c in crits)
    out["l5_recognition"] = sum(per_item.values())
    out["l5_descriptions_recognition"] = sum(
        lv["level"] == 5 and bool(RECOGNITION.search(lv["description"]["zh"]))
        for _, lv in level_descriptions(bank, areas)
    )
    out["items_with_over_one_recognition"] = sum(n > 1 for n in per_item.values())
    with_figure = [c for _, c in crits if FIGURE.search(c["text"]["zh"])]
    out["with_figure"] = len(with_figure)
    out["figure_marked_example"] = sum(bool(EXAMPLE.search(c["text"]["zh"])) for c in with_figure)
    texts = [(c["id"], normalise(c["text"]["zh"])) for _, c in crits]
    pairs = []
    for i, (a, ta) in enumerate(texts):
        for b, tb in texts[i + 1 :]:
            if ta == tb or difflib.SequenceMatcher(None, ta, tb).ratio() >= 0.8:
                pairs.append((a, b))
    out["near_duplicate_pairs"] = len(pairs)
    return {
        "figures": dict(out),
        "duplicates": pairs,
        "ai_l4": [c["id"] for c in ai4],
        "not_concrete": [c["id"] for _, c in crits if not ARTEFACT.search(c["text"]["zh"])],
        "not_at_level": [c["id"] for _, c in crits if not at_level(c)],
    }


def main(argv: list[str]) -> None:
    path, areas = argv[0], set(argv[1:]) or None
    with open(path, encoding="utf-8") as fh:
        bank = yaml.safe_load(fh)
    found = figures(bank, areas)
    for key, value in found["figures"].items():
        print(f"{key}: {value}")
    for a, b in found["duplicates"]:
        print(f"near-duplicate: {a} ~ {b}")
    for key in ("ai_l4", "not_concrete", "not_at_level"):
        for cid in found[key]:
            print(f"{key}: {cid}")


if __name__ == "__main__":
    main(sys.argv[1:])
