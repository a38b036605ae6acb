"""The result view of a cmmm-2020 assessment (AppTest of the results page): level and its
meaning, the estimate caveat, the path, the score's formula, the level scores, what stands between
the enterprise and the next level, every sub-domain (not applicable shown as such), the peers and
the plan."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from assessment import flag_store, lifecycle
from assessment.answers import UNSURE
from questionnaires import get
from tests.conftest import TEST_ROUNDS, make_enterprise
from tests.support.pages import texts

Q = get("cmmm-2020")
ROUND = TEST_ROUNDS[0]


@pytest.fixture(autouse=True)
def _no_doubt_flags(monkeypatch):
    # the doubt flags are not what these tests look at (they are computed on submit)
    monkeypatch.setattr(flag_store, "compute", lambda db, assessment_id: [])


def submitted(store, who, answers: dict, round_: str = ROUND) -> int:
    aid = lifecycle.start_or_resume(store, who, who.credit_code, Q.id, round_)
    for key, value in answers.items():
        lifecycle.save_answer(store, who, aid, key, value)
    lifecycle.submit(store, who, aid)
    return aid


def below_level_one() -> dict:
    answers: dict = {"path": "process"} | {s.id: 0 for s in Q.subdomains}
    return answers | {"design.product": "na", "strategy.organisation": UNSURE}


def level_two(higher: int = 0) -> dict:
    """Every sub-domain at level 2 (quick); production.operations at 3, its check "yes";
    production.scheduling at 3, its check "no" (counts 2); product design not applicable;
    sales.orders answered requirement by requirement: levels 1-2 fully, level 3 full / partly /
    not met. ``higher`` more sub-domains at level 3 (for peers that differ)."""
    answers: dict = {"path": "discrete"} | {s.id: 2 for s in Q.subdomains}
    for s in Q.subdomains[:higher]:
        answers |= {s.id: 3, f"{s.id}.check": True}
    answers |= {"design.product": "na", "production.operations": 3, "production.operations.check": True}
    answers |= {"production.scheduling": 3, "production.scheduling.check": False}
    del answers["sales.orders"]
    sales = Q.subdomain_by_id["sales.orders"].requirements_by_level
    answers |= {rid: 1 for lv in (1, 2) for rid in sales[lv]}
    answers |= dict(zip(sales[3], (1, 0.5, 0))) | {rid: 0 for lv in (4, 5) for rid in sales[lv]}
    return answers


def subdomain_table(at) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "方式" in d.value.columns or "Answered" in d.value.columns)


def open_results(app, who, aid, lang="zh"):
    at = app(who, lang, results_assessment=aid)
    at.switch_page("ui/pages/results.py").run()
    assert not at.exception
    return at


def test_below_level_one_reads_as_such_with_the_caveat_and_what_level_one_needs(app, store, enterprise):
    aid = submitted(store, enterprise, below_level_one())
    result = lifecycle.result(store, enterprise, aid)
    assert result["overall"]["level"] == 0
    at = open_results(app, enterprise, aid)
    shown = texts(at)
    assert [m.value for m in at.metric][:2] == ["一级以下", f"{result['overall']['score']:.2f} / 5"]
    assert Q.estimate_note.zh in [w.value for w in at.warning]  # prominent: a warning box
    assert "流程型制造" in shown  # the path
    assert "尚未达到第 1 级（规划级）的要求" in shown
    assert "得分 = A(1) = 0.00" in shown
    assert "距第 1 级（规划级）" in shown and "还差 **0.80**" in shown
    assert "组织战略：按第 0 级计" in shown  # "not sure": the sub-domain's conservative level
    table = subdomain_table(at).set_index("子域")
    product = table.loc["设计 · 产品设计"]
    assert product["等级"] == "不适用" and product["方式"] == "不适用（企业标记）"
    assert Q.subdomain_by_id["design.product"].na_reason.zh in shown  # with the reason
    assert product["A1"] == "—" and product["得分"] == "—"
    assert (table.drop(index="设计 · 产品设计")["等级"] == "一级以下").all()
    # the plan: the "not sure" sub-domain first, finding out where it stands
    plan = [e.label for e in at.expander if "投入" in e.label]
    assert plan[0].startswith("1. ") and "先弄清现状" in plan[0]
    english = open_results(app, enterprise, aid, "en")
    assert english.metric[0].value == "Below level 1"
    assert Q.estimate_note.en in [w.value for w in english.warning]


def test_level_two_explains_the_next_level_with_unmet_requirements_and_evidence(app, store):
    # six peers at the same park: the comparison is shown from the benchmark snapshot
    peers = [make_enterprise(store, n) for n in range(2, 8)]
    for n, peer in enumerate(peers):
        submitted(store, peer, level_two(higher=n))
    me = make_enterprise(store, 1)
    aid = submitted(store, me, level_two())
    result = lifecycle.result(store, me, aid)
    assert result["overall"]["level"] == 2
    at = open_results(app, me, aid)
    shown = texts(at)
    level_three = result["levels"]["3"]
    assert at.metric[0].value == "2 · 规范级"
    assert Q.estimate_note.zh in [w.value for w in at.warning]
    assert "离散型制造" in shown and Q.level_meaning(2).zh in shown
    assert f"得分 = n + A(n+1) = 2 + {level_three:.2f} = **{result['overall']['score']:.2f}**" in shown
    assert f"还差 **{0.8 - level_three:.2f}**" in shown
    # sales.orders: two of level 3's requirements unmet, named with their evidence and answer
    sales = Q.subdomain_by_id["sales.orders"]
    missing = [Q.requirement_by_id[rid] for rid in sales.requirements_by_level[3][1:]]
    assert result["subdomains"]["sales.orders"]["missing"] == [r.id for r in missing]
    assert f"- {missing[0].text.zh}（部分满足）" in shown and f"- {missing[1].text.zh}（未满足）" in shown
    assert missing[0].evidence.zh in shown
    # the check answered "no" explains a lower level
    assert "选择第 3 级，核对题答“否”，按第 2 级计" in shown
    table = subdomain_table(at).set_index("子域")
    assert table.loc["生产 · 生产作业", "等级"].startswith("3")  # production.operations
    assert table.loc["设计 · 产品设计", "等级"] == "不适用"
    assert table.loc["销售", "方式"] == "详细"
    assert table.loc["销售", "A3"] == "0.50"  # (1 + 0.5 + 0) / 3
    assert table.loc["生产 · 计划与调度", "等级"].startswith("2")  # 3 chosen, its check "no"
    # peers from the snapshot: a median for each domain, not "too few"
    assert "样本不足" not in shown and "同行不足 5 家" not in shown
    parts = subdomain_parts(at).set_index("部分")
    assert len(parts) == len(Q.domains) and (parts["同行中位数"] != "—").all()
    assert parts.loc["设计", "本企业"] == f"{result['domains']['design']['score']:.2f}"
    # the plan: actions for level 3, with the what-if
    at.slider(key="what_if").set_value(1).run()
    assert "完成前 1 项后" in texts(at)


def test_history_shows_the_cmmm_rounds_under_the_banks_title_and_its_domains(app, store, enterprise):
    submitted(store, enterprise, below_level_one(), TEST_ROUNDS[0])
    submitted(store, enterprise, level_two(), TEST_ROUNDS[1])
    at = app(enterprise)
    at.switch_page("ui/pages/history.py").run()
    assert not at.exception
    charts = {c.key: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
    rounds = charts[f"prog_{Q.id}"]
    assert rounds["layout"]["title"]["text"] == f"{Q.title.zh} 各轮得分"
    domains = charts[f"prog_parts_{Q.id}"]
    assert [t["name"] for t in domains["data"]] == list(TEST_ROUNDS[:2])
    assert domains["data"][0]["x"] == [d.name.zh for d in Q.domains]


def subdomain_parts(at) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "部分" in d.value.columns)
