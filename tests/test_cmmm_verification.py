"""Evidence and on-site verification of a cmmm-2020 self-assessment: evidence on sub-domains and
requirements with the bank's hints; the assessor verifies per sub-domain (a level, or refusing a
"not applicable") or requirement by requirement; the same scorer scores the verified record; self
and verified side by side per sub-domain; the bureau's gaps leave out what was not assessed."""

from __future__ import annotations

import pytest

from assessment import accounts, evidence, lifecycle, verification, verified_items
from assessment.access import CLI
from assessment.answers import check_answers, check_id
from assessment.cohort import CohortFilter
from assessment.evidence_files import EvidenceError
from assessment.scoring import score
from benchmarks import verification_gaps
from questionnaires import get
from tests import evidence_samples as samples
from tests.conftest import make_enterprise
from tests.support.cmmm_records import CMMM, cmmm_self_assessed
from tests.support.records import PASSWORD

pytestmark = pytest.mark.usefixtures("cheap_argon2")

DESIGN, SERVICE, ORG, OPS = "design.product", "service.product", "strategy.organisation", "production.operations"


@pytest.fixture
def setting(store, analyst):
    firm = make_enterprise(store, 1)
    assessor = accounts.add_user(store, CLI, "assessor1", "assessor", PASSWORD, agency="青岛评测中心")
    mine = cmmm_self_assessed(store, firm, level=3, na=(DESIGN, SERVICE))
    verification.assign(store, analyst, mine, assessor.username)
    return firm, assessor, mine


# ------------------------------------------------------------------------------------ evidence


def test_evidence_attaches_to_a_cmmm_sub_domain_and_to_a_requirement(store, setting):
    firm, assessor, mine = setting
    q = get(CMMM)
    requirement = q.subdomain_by_id[ORG].requirements[0]
    row = lifecycle.get(store, firm, mine)
    assert {ORG, requirement.id} <= evidence.targets(row)
    assert len(evidence.targets(row)) == len(q.subdomains) + len(q.requirement_by_id)
    other = make_enterprise(store, 2)
    theirs = cmmm_self_assessed(store, other, level=1)
    evidence.add(store, other, theirs, ORG, "规划.pdf", samples.pdf(), "智能制造发展规划")
    evidence.add(store, other, theirs, requirement.id, "审批.pdf", samples.pdf("approval"), "负责人审批记录")
    listed = [(e["question_id"], e["name"]) for e in evidence.list_for(store, other, theirs)]
    assert listed == [(ORG, "规划.pdf"), (requirement.id, "审批.pdf")]
    with pytest.raises(EvidenceError):
        evidence.add(store, other, theirs, "no.such.requirement", "x.pdf", samples.pdf("x"), "说明")


def test_the_evidence_hint_is_the_banks_for_a_requirement_and_by_level_for_a_sub_domain():
    q = get(CMMM)
    sub = q.subdomain_by_id[ORG]
    requirement = sub.requirements[0]
    assert evidence.evidence_hint(q, requirement.id) == [(requirement.level, requirement.evidence)]
    hints = evidence.evidence_hint(q, ORG)
    assert len(hints) == len(sub.requirements) and [lv for lv, _ in hints] == sorted(lv for lv, _ in hints)
    assert evidence.evidence_hint(q, "nothing") == []
    dcmm = get("dcmm-2025")
    item = dcmm.items[0]
    assert {t.zh for _, t in evidence.evidence_hint(dcmm, item.id)} == {c.evidence.zh for c in item.criteria}


# -------------------------------------------------------------------------------- what is compared


def test_cmmm_sub_domains_are_the_verified_items_and_not_applicable_compares_as_none():
    q = get(CMMM)
    assert verified_items.item_ids(q) == [s.id for s in q.subdomains]
    assert verified_items.item_label(q, ORG)["zh"] == "组织战略"  # a domain of one sub-domain
    assert verified_items.item_label(q, DESIGN)["zh"] == "设计 · 产品设计"
    answers = check_answers(q, {"path": "discrete", DESIGN: "na", ORG: 2})
    levels = verified_items.item_levels(q, score(q, answers))
    assert levels[DESIGN] is None and levels[ORG] == 2.0 and levels[OPS] == 0.0
    assert verified_items.value_text(None, "zh") == "不适用" and verified_items.value_text(2.0, "en") == "2"


# ------------------------------------------------------------------------------------ verification


def test_the_assessor_refuses_a_not_applicable_lowers_a_level_and_rates_requirements(store, setting):
    firm, assessor, mine = setting
    q = get(CMMM)
    onsite = verification.start(store, assessor, mine)
    assert lifecycle.answers(store, assessor, onsite)[DESIGN] == "na"  # starts from the enterprise's answers
    verification.save_item(store, assessor, onsite, DESIGN, 1, "企业有自主产品，设计不应标为不适用")
    verification.save_item(store, assessor, onsite, ORG, 2, "未见跨部门推进小组")
    # operations requirement by requirement, starting from the self-assessed level 3
    values = verification.detail_subdomain(store, assessor, onsite, OPS)
    sub = q.subdomain_by_id[OPS]
    assert values == {r.id: 1.0 if r.level <= 3 else 0.0 for r in sub.requirements}
    given = lifecycle.answers(store, assessor, onsite)
    assert OPS not in given and check_id(OPS) not in given
    assert verification.detail_subdomain(store, assessor, onsite, OPS) == {}  # already detailed
    first_l3 = sub.requirements_by_level[3][0]
    for rid in sub.requirements_by_level[3]:  # level 3 of operations only partly met
        verification.save_item(store, assessor, onsite, rid, 0.5)
    with pytest.raises(verification.VerificationError):  # comments go on the sub-domain
        verification.save_item(store, assessor, onsite, first_l3, 0.5, "仅一条产线")
    verification.submit(store, assessor, onsite)

    verified = lifecycle.result(store, assessor, onsite)
    # the same scorer as every record
    assert {k: v for k, v in verified.items() if k != "archetype"} == score(
        q, check_answers(q, lifecycle.answers(store, assessor, onsite))
    )
    assert verified["subdomains"][OPS]["mode"] == "detailed" and verified["subdomains"][OPS]["level"] == 2
    both = verification.comparison(store, firm, mine)
    assert both["self_path"] == both["verified_path"] == "discrete"
    assert both["self_level"] == 3 and both["verified_level"] == verified["overall"]["level"]
    assert verified["levels"]["3"] < lifecycle.result(store, firm, mine)["levels"]["3"] == 1.0
    differs = {i["id"]: (i["self"], i["verified"], i["comment"]) for i in both["items"] if i["differs"]}
    assert differs == {
        DESIGN: (None, 1.0, "企业有自主产品，设计不应标为不适用"),
        ORG: (3.0, 2.0, "未见跨部门推进小组"),
        OPS: (3.0, 2.0, None),
    }
    assert SERVICE not in differs  # the other "na" the assessor left alone


def test_requirement_comments_are_refused_but_sub_domain_comments_kept(store, setting):
    firm, assessor, mine = setting
    q = get(CMMM)
    onsite = verification.start(store, assessor, mine)
    verification.save_comment(store, assessor, onsite, ORG, "看了规划文件")
    with pytest.raises(verification.VerificationError):
        verification.save_comment(store, assessor, onsite, q.subdomain_by_id[ORG].requirements[0].id, "x")
    assert verification.comments(store, assessor, onsite) == {ORG: "看了规划文件"}


def test_detailing_follows_what_the_quick_answer_counts_as(store, setting):
    firm, assessor, mine = setting
    q = get(CMMM)
    onsite = verification.start(store, assessor, mine)
    lifecycle.save_answer(store, assessor, onsite, ORG, 4)
    lifecycle.save_answer(store, assessor, onsite, check_id(ORG), False)  # a "no": counts as level 3
    lifecycle.save_answer(store, assessor, onsite, OPS, "unsure")  # the companion's unsure level
    org = verification.detail_subdomain(store, assessor, onsite, ORG)
    assert org == {r.id: 1.0 if r.level <= 3 else 0.0 for r in q.subdomain_by_id[ORG].requirements}
    ops = verification.detail_subdomain(store, assessor, onsite, OPS)
    unsure = q.unsure_level(OPS)
    assert ops == {r.id: 1.0 if r.level <= unsure else 0.0 for r in q.subdomain_by_id[OPS].requirements}
    design = verification.detail_subdomain(store, assessor, onsite, DESIGN)  # from "na": nothing met
    assert set(design.values()) == {0.0}
    with pytest.raises(verification.VerificationError):
        verification.detail_subdomain(store, assessor, onsite, "no.such")


def test_only_the_assigned_assessor_details_and_not_after_submitting(store, setting, analyst):
    firm, assessor, mine = setting
    onsite = verification.start(store, assessor, mine)
    with pytest.raises(Exception):  # noqa: B017  # the enterprise may not write the on-site record
        verification.detail_subdomain(store, firm, onsite, ORG)
    verification.submit(store, assessor, onsite)
    with pytest.raises(verification.VerificationError):
        verification.detail_subdomain(store, assessor, onsite, ORG)


# ------------------------------------------------------------------------------------ the bureau


def test_the_bureaus_gaps_work_for_cmmm_and_leave_out_what_was_not_assessed(store, setting, analyst):
    firm, assessor, mine = setting
    onsite = verification.start(store, assessor, mine)
    verification.save_item(store, assessor, onsite, ORG, 1)
    verification.save_item(store, assessor, onsite, DESIGN, 2)  # self "na": no gap to average
    verification.submit(store, assessor, onsite)
    found = verification_gaps.summary(store, analyst, CohortFilter(questionnaire=CMMM, round="2025"))
    assert found["pairs"] == 1 and found["verified"] == 1
    assert found["level_gap"] == 3 - lifecycle.result(store, analyst, onsite)["overall"]["level"]
    items = found["items"].set_index("item")
    assert items.loc[ORG, "mean_gap"] == 2.0 and items.loc[ORG, "overrated"] == 1
    assert DESIGN not in items.index and SERVICE not in items.index
    assert items.index[0] == ORG  # largest gap first
