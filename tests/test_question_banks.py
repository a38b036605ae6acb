"""Every shipped question bank loads and is consistent (issue: foundation, Done when)."""

import math

import pytest
from pydantic import BaseModel

from questionnaires import available, get
from questionnaires.schema import DcmmQuestionnaire, Text

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


def test_the_three_editions_ship():
    assert set(BANKS) == {"dcmm-2025", "dcmm-2018", "sme-2024"}


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
    if not isinstance(q, DcmmQuestionnaire):
        return
    criteria = [c.text.zh for c in q.criterion_by_id.values()]
    assert len(set(criteria)) == len(criteria)
