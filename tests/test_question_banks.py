"""Every shipped question bank loads and is consistent (issue: foundation, Done when)."""

import math

import pytest
from pydantic import BaseModel

from questionnaires import available, get
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire, Text

BANKS = available()


def texts(node):
    """Every bilingual text in a model tree."""
    if isinstance(node, Text):
        yield node
    elif isinstance(node, list):
        for x in node:
            yield from texts(x)
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from texts(getattr(node, name))


def test_the_four_editions_ship():
    assert set(BANKS) == {"dcmm-2025", "dcmm-2018", "sme-2024", "cmmm-2020"}


# the model of GB/T 39116-2020 as /work/shared/reference/cmmm.md gives it: element -> domain -> sub-domains
CMMM_MODEL = {
    "人员": {"组织战略": ["组织战略"], "人员技能": ["人员技能"]},
    "技术": {"数据": ["数据"], "集成": ["集成"], "信息安全": ["信息安全"]},
    "资源": {"装备": ["装备"], "网络": ["网络"]},
    "制造": {
        "设计": ["产品设计", "工艺设计"],
        "生产": ["采购", "计划与调度", "生产作业", "设备管理", "仓储配送", "安全环保", "能源管理"],
        "物流": ["物流"],
        "销售": ["销售"],
        "服务": ["客户服务", "产品服务"],
    },
}


def test_cmmm_structure_follows_the_model():
    q = get("cmmm-2020")
    assert isinstance(q, CmmmQuestionnaire)
    assert (len(q.elements), len(q.domains), len(q.subdomains)) == (4, 12, 20)
    shipped = {e.name.zh: {d.name.zh: [s.name.zh for s in d.subdomains] for d in e.domains} for e in q.elements}
    assert shipped == CMMM_MODEL
    assert [(lv.level, lv.name.zh) for lv in q.levels] == [
        (1, "规划级"),
        (2, "规范级"),
        (3, "集成级"),
        (4, "优化级"),
        (5, "引领级"),
    ]
    assert q.level_name(0).zh == "一级以下"
    assert q.estimate_note is not None
    for sub in q.subdomains:
        assert [lv.level for lv in sub.levels] == [1, 2, 3, 4, 5], sub.id
        assert sorted({r.level for r in sub.requirements}) == [1, 2, 3, 4, 5], sub.id
        assert sorted(g.level for g in sub.guidance) == [1, 2, 3, 4, 5], sub.id
        assert all(q.plain_description(sub.id, lv) for lv in range(1, 6)), sub.id
        assert all(q.check_question(sub.id, lv) for lv in (3, 4, 5)), sub.id
        assert q.unsure_level(sub.id) == 0


def test_only_product_design_and_product_service_may_be_not_applicable_and_say_why():
    q = get("cmmm-2020")
    assert {s.id for s in q.subdomains if s.may_be_na} == {"design.product", "service.product"}
    for sub in q.subdomains:
        assert (sub.na_reason is not None) == sub.may_be_na, sub.id
    for sid in ("design.product", "service.product"):
        reason = q.subdomain_by_id[sid].na_reason
        assert "例如" in reason.zh and "e.g." in reason.en


@pytest.mark.parametrize("path", ["discrete", "process"])
def test_every_cmmm_domain_keeps_something_to_assess_on_each_path(path):
    q = get("cmmm-2020")
    assert path in q.paths and q.path_names[path].zh
    for domain in q.domains:
        kept = [s.id for s in domain.subdomains if q.applies(s.id, path) and not s.may_be_na]
        assert kept, (domain.id, path)


@pytest.mark.parametrize(("qid", "areas", "items"), [("dcmm-2025", 9, 33), ("dcmm-2018", 8, 28)])
def test_dcmm_structure(qid, areas, items):
    q = get(qid)
    assert (len(q.areas), len(q.items)) == (areas, items)
    for item in q.items:
        assert [lv.level for lv in item.levels] == [1, 2, 3, 4, 5]
        for level in (2, 3, 4, 5):
            assert sum(c.level == level for c in item.criteria) >= 3, (item.id, level)
        assert sorted(g.level for g in item.guidance) == [2, 3, 4, 5], item.id
        assert item.clause.startswith(q.areas[[a.id for a in q.areas].index(q.area_of_item[item.id])].clause)
    ids = [c for c in q.criterion_by_id] + [i.id for i in q.items] + [a.id for a in q.areas]
    assert len(ids) == len(set(ids))
    assert [lv.name.zh for lv in q.levels] == ["初始级", "受管理级", "稳健级", "量化管理级", "优化级"]
    assert any(c.red_line for c in q.criterion_by_id.values())
    assert "scoring-convention" in {n.id for n in q.notes}
    assert q.sources


def test_dcmm_2018_items_map_onto_2025_items():
    old, new = get("dcmm-2018"), get("dcmm-2025")
    assert old.maps_to_questionnaire == "dcmm-2025"
    covered = set()
    for item in old.items:
        assert item.maps_to, item.id
        for target in item.maps_to:
            assert target in new.item_by_id, (item.id, target)
            # area-by-area comparison: a 2018 item maps into the same area of 2025
            assert new.area_of_item[target] == old.area_of_item[item.id], (item.id, target)
            covered.add(target)
    assert {i.id for i in new.items} - covered == {
        "assets.ownership",
        "assets.valuation",
        "assets.operation",
        "application.external",
    }


def test_sme_structure():
    q = get("sme-2024")
    assert len(q.questions) == 15
    assert math.isclose(math.fsum(x.max_points for x in q.questions), 100)
    assert {d.id: d.max_points for d in q.dimensions} == {"foundation": 50, "management": 30, "results": 20}
    assert len(q.scenarios) == 16
    assert sum(s.constraint for s in q.scenarios) == 10
    assert all([lv.level for lv in s.levels] == [1, 2, 3, 4] for s in q.scenarios)
    assert all(sorted(g.level for g in s.guidance) == [1, 2, 3, 4] for s in q.scenarios)
    assert all(x.guidance for x in q.questions)
    rules = sorted(q.level_rules, key=lambda r: r.level)
    assert [(r.min_score, r.min_scenarios, r.min_constraint) for r in rules] == [
        (20, 6, 3),
        (40, 6, 3),
        (60, 8, 5),
        (80, 10, 6),
    ]
    for lower, higher in zip(rules, rules[1:]):
        assert higher.min_score > lower.min_score
        assert higher.min_scenarios >= lower.min_scenarios
    notes = {n.id for n in q.notes}
    assert {"level-rule-unconfirmed", "funding-bands-unconfirmed"} <= notes
    funding = q.question_by_id["management.funding"]
    assert funding.note is not None and funding.figures


@pytest.mark.parametrize("qid", sorted(BANKS))
def test_every_text_is_bilingual_and_single_line(qid):
    q = get(qid)
    for text in texts(q):
        assert text.zh.strip() and text.en.strip()
        assert "\n" not in text.zh and "\n" not in text.en
        # the Chinese side is Chinese (or a symbol such as '%')
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text.zh) or not any(c.isalpha() for c in text.zh)


@pytest.mark.parametrize("qid", sorted(BANKS))
def test_every_level_and_criterion_is_phrased_differently(qid):
    q = get(qid)
    if isinstance(q, DcmmQuestionnaire):
        criteria = [c.text.zh for c in q.criterion_by_id.values()]
    elif isinstance(q, CmmmQuestionnaire):
        criteria = [r.text.zh for r in q.requirement_by_id.values()]
        criteria += [lv.description.zh for s in q.subdomains for lv in s.levels]
    else:
        return
    assert len(set(criteria)) == len(criteria)
