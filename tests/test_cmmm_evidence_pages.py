"""AppTest: after submitting a cmmm-2020 self-assessment the enterprise attaches evidence to a
sub-domain or a requirement, and the bank's evidence hint of what it chose is shown."""

from __future__ import annotations

from assessment import evidence
from questionnaires import get
from tests import evidence_samples as samples
from tests.support.cmmm_records import CMMM, cmmm_self_assessed
from tests.support.pages import texts

ORG = "strategy.organisation"


def test_evidence_goes_on_a_requirement_with_its_hint_shown(app, store, enterprise):
    q = get(CMMM)
    requirement = q.subdomain_by_id[ORG].requirements[0]
    aid = cmmm_self_assessed(store, enterprise, level=2)
    at = app(enterprise, "zh", assessment_id=aid)
    at.switch_page("ui/pages/answer.py").run()
    assert not at.exception
    target = at.selectbox(key=f"ev_target_{aid}")
    assert len(target.options) == len(q.subdomains) + len(q.requirement_by_id)
    assert target.options[0] == "组织战略（整个子域）" and target.options[1].startswith("组织战略 · 1 级 · ")
    shown = texts(at)  # the sub-domain first: the evidence of its requirements by level
    assert "可作为佐证的材料：" in shown and f"1 级：{requirement.evidence.zh}" in shown
    target.set_value(requirement.id).run()
    assert f"可作为佐证的材料：{requirement.evidence.zh}" in texts(at)
    at.file_uploader(key=f"ev_file_{aid}_{requirement.id}_0").upload("规划.pdf", samples.pdf(), "application/pdf").run()
    at.text_input(key=f"ev_desc_{aid}_{requirement.id}").input("智能制造发展规划及审批记录").run()
    at.button(key=f"ev_add_{aid}_{requirement.id}").click().run()
    assert not at.exception
    assert [e["question_id"] for e in evidence.list_for(store, enterprise, aid)] == [requirement.id]


def test_the_hint_is_in_english_too(app, store, enterprise):
    q = get(CMMM)
    requirement = q.subdomain_by_id[ORG].requirements[0]
    aid = cmmm_self_assessed(store, enterprise, level=1)
    at = app(enterprise, "en", assessment_id=aid)
    at.switch_page("ui/pages/answer.py").run()
    at.selectbox(key=f"ev_target_{aid}").set_value(requirement.id).run()
    assert not at.exception
    assert f"Evidence that shows it: {requirement.evidence.en}" in texts(at)
    assert at.selectbox(key=f"ev_target_{aid}").options[0].endswith(" (whole sub-domain)")
