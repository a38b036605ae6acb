"""What the bank review (questionnaires/REVIEW.md, second part) fixed stays fixed: the 2018 edition's
level 4 is quantitative management without AI, level 5 is mostly about improving the
organisation's own practice, and the bank's own figures read as examples."""

import pytest

from questionnaires import get
from questionnaires.review_figures import AI, EXAMPLE, FIGURE, RECOGNITION, hard_ai

# the areas of dcmm-2025 reviewed together with the whole 2018 edition
REVIEWED_2025 = {"quality", "security", "lifecycle", "application"}
# figures that are not the bank's own example: a legal minimum, and a basic condition quoted from a source
STATED_FIGURES = {"security.audit.l2.1", "governance.organization.l3.4"}


def reviewed_items(qid):
    q = get(qid)
    return [item for item in q.items if qid == "dcmm-2018" or q.area_of_item[item.id] in REVIEWED_2025]


def test_the_2018_level_4_asks_for_no_ai():
    for item in get("dcmm-2018").items:
        texts = [lv.description for lv in item.levels if lv.level == 4]
        texts += [c.text for c in item.criteria if c.level == 4]
        texts += [step for g in item.guidance if g.level == 4 for step in g.steps]
        for text in texts:
            assert not AI.search(text.zh + text.en), (item.id, text.zh)


def test_where_2025_level_4_names_ai_it_offers_another_way():
    for item in reviewed_items("dcmm-2025"):
        texts = [lv.description for lv in item.levels if lv.level == 4]
        texts += [c.text for c in item.criteria if c.level == 4]
        for text in texts:
            if AI.search(text.zh):
                assert not hard_ai(text.zh), (item.id, text.zh)


@pytest.mark.parametrize("qid", ["dcmm-2018", "dcmm-2025"])
def test_at_most_one_level_5_criterion_per_item_is_outside_recognition(qid):
    for item in reviewed_items(qid):
        fame = [c.id for c in item.criteria if c.level == 5 and RECOGNITION.search(c.text.zh)]
        assert len(fame) <= 1, fame


@pytest.mark.parametrize("qid", ["dcmm-2018", "dcmm-2025"])
def test_the_banks_own_figures_read_as_examples(qid):
    for item in reviewed_items(qid):
        for c in item.criteria:
            if FIGURE.search(c.text.zh) and c.id not in STATED_FIGURES:
                assert EXAMPLE.search(c.text.zh), c.id
                assert "e.g." in c.text.en or "for example" in c.text.en, c.id


def test_the_2018_item_9_2_is_opening_and_sharing():
    item = get("dcmm-2018").item_by_id["application.opening"]
    assert (item.clause, item.name.zh) == ("9.2", "数据开放共享")


def test_the_sme_energy_note_says_what_the_score_does():
    from assessment.answers import check_answers
    from assessment.scoring import score

    q = get("sme-2024")
    assert "不参与计分" in q.question_by_id["results.energy"].note.zh
    # energy per unit of revenue fell by half, yet the score follows the option picked
    figures = {
        "results.energy.energy_last_year": 50,
        "results.energy.energy_year_before": 100,
        "results.energy.revenue_last_year": 1000,
        "results.energy.revenue_year_before": 1000,
    }
    picked_up = score(q, check_answers(q, {"results.energy": "up", **figures}))
    picked_down = score(q, check_answers(q, {"results.energy": "down", **figures}))
    assert (picked_up["questions"]["results.energy"], picked_down["questions"]["results.energy"]) == (0, 7)


def test_the_sme_bank_says_one_thing_about_specialised_and_innovative_recognition():
    q = get("sme-2024")
    note = next(n for n in q.notes if n.id == "recognition-2026")
    assert "尚未确认" in note.text.zh and "尚未确认" in q.description.zh
    assert "not been confirmed" in note.text.en and "not been confirmed" in q.description.en
    assert "准备申报专精特新" not in q.description.zh
