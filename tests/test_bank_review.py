"""The mechanical part of the bank review (questionnaires/REVIEW.md), kept for every DCMM and CMMM bank."""

import pytest

from questionnaires import available, get
from questionnaires.quick import QuickGuide, QuickItem, shipped_guide
from questionnaires.review import (
    MAX_EN,
    MAX_EVIDENCE_ZH,
    MAX_PLAIN_ZH,
    MAX_ZH,
    cmmm_count_problems,
    cmmm_figures,
    cmmm_problems,
    cmmm_recognition_problems,
    count_problems,
    duplicates,
    evidence_problems,
    figure_marked_as_example,
    figure_problems,
    has_figure,
    is_recognition,
    items_of,
    level4_ai_problems,
    mentions_ai_text,
    normalised,
    quick_problems,
    quick_text_problems,
    recognition_problems,
    requires_ai,
    requires_ai_text,
    text_problems,
)
from questionnaires.schema import CmmmQuestionnaire, Criterion, DcmmQuestionnaire, Requirement, Text

DCMM_BANKS = sorted(qid for qid, q in available().items() if isinstance(q, DcmmQuestionnaire))
CMMM_BANKS = sorted(qid for qid, q in available().items() if isinstance(q, CmmmQuestionnaire))
QUICK_BANKS = sorted(qid for qid in available() if shipped_guide(qid) is not None)
DCMM_2025_AREAS = [a.id for a in get("dcmm-2025").areas]
# Areas revised in a parallel change (quality, security, lifecycle, application) that still fail a
# check here; each such case turns into a pass once that change is merged, and is then taken out.
PENDING: dict[str, set[str]] = {"recognition": set(), "figures": set(), "ai": set()}


def by_area(check):
    return [
        pytest.param(area, marks=pytest.mark.xfail(reason=f"area {area} is revised in a parallel change"))
        if area in PENDING[check]
        else area
        for area in DCMM_2025_AREAS
    ]


def criterion(zh: str, en: str = "Some text.", level: int = 5) -> Criterion:
    return Criterion(id="a.b.l5.1", level=level, text=Text(zh=zh, en=en), evidence=Text(zh="记录。", en="Records."))


# ------------------------------------------------------------------------------ every DCMM bank


def test_there_are_dcmm_banks_to_review():
    assert {"dcmm-2018", "dcmm-2025"} <= set(DCMM_BANKS)


@pytest.mark.parametrize("qid", DCMM_BANKS)
def test_no_two_criteria_say_the_same_thing(qid):
    assert duplicates(get(qid).criterion_by_id.values()) == []


@pytest.mark.parametrize("qid", DCMM_BANKS)
def test_every_item_has_three_or_four_criteria_at_each_level(qid):
    assert [p for item in get(qid).items for p in count_problems(item)] == []


@pytest.mark.parametrize("qid", DCMM_BANKS)
def test_every_criterion_has_both_languages_within_the_length_limit(qid):
    assert [p for c in get(qid).criterion_by_id.values() for p in text_problems(c)] == []


# ------------------------------------------------------------------ dcmm-2025, area by area


@pytest.mark.parametrize("area", by_area("recognition"))
def test_level_five_has_at_most_one_recognition_criterion_per_item(area):
    q = get("dcmm-2025")
    assert [p for item in items_of(q, [area]) for p in recognition_problems(item)] == []


@pytest.mark.parametrize("area", by_area("figures"))
def test_figures_in_criteria_are_marked_as_examples(area):
    q = get("dcmm-2025")
    unmarked = [c.id for item in items_of(q, [area]) for c in item.criteria if has_figure(c)]
    assert [cid for cid in unmarked if not figure_marked_as_example(q.criterion_by_id[cid])] == []


@pytest.mark.parametrize("area", by_area("ai"))
def test_level_four_offers_ai_as_one_way_among_others(area):
    q = get("dcmm-2025")
    assert [c.id for item in items_of(q, [area]) for c in item.criteria if c.level == 4 and requires_ai(c)] == []


# ------------------------------------------------------------------------------ the rules


def test_normalising_ignores_width_case_spaces_and_punctuation():
    assert normalised("数据 战略，（如每年）。") == normalised("数据战略(如每年)")
    assert normalised("Data Plan, e.g. yearly.") == normalised("data plan eg yearly")
    assert duplicates([criterion("甲方案。"), criterion("甲方案", en="Other.")]) == [["a.b.l5.1", "a.b.l5.1"]]


@pytest.mark.parametrize(
    ("zh", "recognition"),
    [
        ("参与编制行业数据模型标准，或公开发布行业参考模型。", True),
        ("数据文化建设案例获得行业表彰。", True),
        ("组织人员参与行业协会的数据治理工作组。", True),
        ("对模型缺陷做根因分析，据此修订建模规范，同类缺陷数量逐期下降。", False),
        ("每年依据战略指标趋势和外部对标结果确定改进事项。", False),
    ],
)
def test_recognition_keywords(zh, recognition):
    assert is_recognition(criterion(zh)) is recognition


@pytest.mark.parametrize(
    ("zh", "required"),
    [
        ("利用AI为未落标字段推荐匹配的数据元，并度量推荐采纳率。", True),
        ("利用自然语言处理或大模型识别候选术语，准确率有度量。", True),  # two AI ways are not a choice
        ("利用自动化或智能化工具推荐匹配的数据元，并度量推荐采纳率。", False),
        ("使用模糊匹配或机器学习算法发现疑似重复主数据。", False),
        ("按月统计主数据重复率。", False),
    ],
)
def test_ai_counts_as_required_only_without_an_equivalent_way(zh, required):
    assert requires_ai(criterion(zh, level=4)) is required


def test_a_figure_is_an_example_only_when_both_languages_say_so():
    assert figure_marked_as_example(criterion("设定目标（例如不低于95%）。", "A target (e.g. at least 95%)."))
    assert not figure_marked_as_example(criterion("设定目标（如不低于95%）。", "A target (such as 95%)."))
    assert not figure_marked_as_example(criterion("设定目标（例如不低于95%）。", "A target of 95%."))


def test_length_and_count_problems_name_the_criterion_and_item():
    long = criterion("长" * (MAX_ZH + 1), "x" * (MAX_EN + 1))
    assert text_problems(long) == [
        f"a.b.l5.1: zh text has {MAX_ZH + 1} characters (limit {MAX_ZH})",
        f"a.b.l5.1: en text has {MAX_EN + 1} characters (limit {MAX_EN})",
    ]
    item = get("dcmm-2025").item_by_id["strategy.planning"]
    thin = item.model_copy(update={"criteria": [c for c in item.criteria if c.id != "strategy.planning.l2.3"]})
    assert count_problems(thin) == ["strategy.planning: level 2 has 2 criteria"]


# ------------------------------------------------------------------------------ every CMMM bank


def requirement(zh: str, en: str = "Some text.", level: int = 5, evidence: str = "记录。") -> Requirement:
    return Requirement(
        id=f"a.b.l{level}.1", level=level, text=Text(zh=zh, en=en), evidence=Text(zh=evidence, en="Records.")
    )


def test_there_are_cmmm_banks_to_review():
    assert "cmmm-2020" in CMMM_BANKS


@pytest.mark.parametrize("qid", CMMM_BANKS)
def test_no_two_requirements_say_the_same_thing(qid):
    assert duplicates(get(qid).requirement_by_id.values()) == []


@pytest.mark.parametrize("qid", CMMM_BANKS)
def test_every_subdomain_has_two_to_four_requirements_at_each_level(qid):
    assert [p for sub in get(qid).subdomains for p in cmmm_count_problems(sub)] == []


@pytest.mark.parametrize("qid", CMMM_BANKS)
def test_every_requirement_and_its_evidence_fit_the_length_limits(qid):
    reqs = get(qid).requirement_by_id.values()
    assert [p for r in reqs for p in text_problems(r) + evidence_problems(r)] == []


@pytest.mark.parametrize("qid", CMMM_BANKS)
def test_figures_in_requirements_are_marked_as_examples(qid):
    assert figure_problems(get(qid).requirement_by_id.values()) == []


@pytest.mark.parametrize("qid", CMMM_BANKS)
def test_level_four_offers_ai_only_as_one_way_among_others(qid):
    assert [p for sub in get(qid).subdomains for p in level4_ai_problems(sub)] == []


@pytest.mark.parametrize("qid", CMMM_BANKS)
def test_level_five_has_at_most_one_recognition_requirement_per_subdomain(qid):
    assert [p for sub in get(qid).subdomains for p in cmmm_recognition_problems(sub)] == []


@pytest.mark.parametrize("qid", QUICK_BANKS)
def test_quick_plain_lines_are_short_and_checks_are_questions(qid):
    assert quick_problems(get(qid)) == []


@pytest.mark.parametrize("qid", CMMM_BANKS)
def test_the_whole_cmmm_review_passes_and_its_figures_add_up(qid):
    q = get(qid)
    assert cmmm_problems(q) == []
    figures = cmmm_figures(q)
    assert figures["requirements"] == sum(figures[f"level{lv}"] for lv in range(1, 6)) == len(q.requirement_by_id)
    assert figures["longest_zh"] <= MAX_ZH and figures["longest_en"] <= MAX_EN
    assert figures["longest_evidence_zh"] <= MAX_EVIDENCE_ZH
    assert cmmm_figures(q, ["design"])["subdomains"] == 2


# ------------------------------------------------------------------------------ the CMMM rules


@pytest.mark.parametrize(
    ("zh", "mentioned", "required"),
    [
        ("制定了智能制造发展规划并经批准。", False, False),  # the model's own name
        ("建设智能工厂的年度项目清单。", False, False),
        ("用算法模型或规则引擎优化排产方案。", True, False),
        ("用机器学习模型预测设备故障。", True, True),
        ("智能制造推进中用人工智能识别缺陷。", True, True),
    ],
)
def test_smart_manufacturing_is_not_an_ai_mention(zh, mentioned, required):
    assert mentions_ai_text(zh) is mentioned
    assert requires_ai_text(zh) is required


def test_a_level_four_requirement_or_description_that_requires_ai_is_named():
    sub = get("cmmm-2020").subdomain_by_id["production.energy"]
    ai_only = requirement("用机器学习模型优化空压站运行参数。", level=4)
    broken = sub.model_copy(update={"requirements": [*sub.requirements, ai_only]})
    assert level4_ai_problems(broken) == ["a.b.l4.1: level-4 requirement requires AI"]


def test_cmmm_counts_lengths_and_recognition_name_the_subdomain_and_requirement():
    sub = get("cmmm-2020").subdomain_by_id["skills.workforce"]
    thin = sub.model_copy(update={"requirements": [r for r in sub.requirements if r.level != 2 or r.id.endswith(".1")]})
    assert cmmm_count_problems(thin) == ["skills.workforce: level 2 has 1 requirements"]
    prize = requirement("创新成果获得行业表彰。")
    twice = sub.model_copy(update={"requirements": [*sub.requirements, prize]})
    assert cmmm_recognition_problems(twice) == [
        "skills.workforce: 2 level-5 requirements about outside recognition: ['skills.workforce.l5.3', 'a.b.l5.1']"
    ]
    wordy = requirement("建立台账。", evidence="证" * (MAX_EVIDENCE_ZH + 1))
    assert evidence_problems(wordy) == [
        f"a.b.l5.1: zh evidence has {MAX_EVIDENCE_ZH + 1} characters (limit {MAX_EVIDENCE_ZH})"
    ]
    assert figure_problems([requirement("联网率达到80%。", "Networking rate of 80%.")]) == [
        "a.b.l5.1: a figure not marked 例如 / e.g."
    ]


def test_quick_text_problems_name_the_item_and_level():
    text = Text(zh="是否有台账？", en="Is there a register?")
    item = QuickItem(
        unsure_level=0,
        plain={lv: Text(zh="台" * (MAX_PLAIN_ZH + (lv == 2)), en="A line.") for lv in range(1, 6)},
        checks={
            3: text,
            4: Text(zh="有台账。", en="Is there a register?"),
            5: Text(zh="是否有台账?", en="A register."),
        },
    )
    guide = QuickGuide(questionnaire="cmmm-2020", items={"a.b": item})
    assert quick_text_problems(guide) == [
        f"a.b: plain line 2 has {MAX_PLAIN_ZH + 1} characters (limit {MAX_PLAIN_ZH})",
        "a.b: check 4 (zh) does not end with a question mark",
        "a.b: check 5 (en) does not end with a question mark",
    ]
