"""No rank oracle: the peer figures an enterprise sees come from the benchmark snapshot the
bureau refreshes, in bands of 10, from groups of at least 5 confirmed enterprises other than
the viewer; resubmitting different scores shows the same figures until the next refresh."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assessment import snapshots
from assessment.access import CLI, Actor, PermissionDenied
from assessment.answers import check_answers
from assessment.db import Store
from assessment.lifecycle import record_submitted
from benchmarks import cohorts
from benchmarks.statistics import percentile_band
from cli import app
from questionnaires import get
from reports import enterprise_pdf
from reports.text import fmt_band
from tests.conftest import code, make_enterprise
from tests.support.reports import flat, pdf_text

Q = get("dcmm-2025")


pytestmark = pytest.mark.usefixtures("cheap_argon2")


def submit(store: Store, n: int, level: int, round_: str = "2025") -> int:
    """A submitted dcmm-2025 assessment of enterprise n, every item at ``level`` in quick mode (a
    new revision when it has one)."""
    given = check_answers(Q, {item.id: level for area in Q.areas for item in area.items})
    me = Actor(code(n), "enterprise", code(n))
    with store.write() as db:
        return record_submitted(db, me, code(n), Q, round_, "self", given)


def park_of(store: Store, levels: list[int], **profile) -> list[int]:
    """Enterprises 1.. in one park, each with a submitted assessment at the given level."""
    ids = []
    for n, level in enumerate(levels, start=1):
        make_enterprise(store, n, **profile)
        ids.append(submit(store, n, level))
    return ids


def figures(view: dict) -> dict:
    return {k: view[k] for k in ("percentiles", "peer_medians", "peer_p75", "snapshot_at")}


def test_resubmitting_shows_the_same_peer_figures_until_the_refresh(store):
    ids = park_of(store, [1, 2, 3, 4, 2, 3, 1])
    cohorts.refresh_snapshot(store, CLI)
    me = Actor(code(1), "enterprise", code(1))
    before = cohorts.peer_view(store, me, ids[0])
    assert before["percentiles"]["park"]["band"] == [0, 10]  # the lowest of seven
    assert before["percentiles"]["park"]["count"] == 6
    for level in (4, 3, 5):  # probing with other scores
        again = submit(store, 1, level)
        view = cohorts.peer_view(store, me, again)
        assert figures(view) == figures(before)
        assert view["snapshot_assessment"] == ids[0]  # the percentile is of the answers then
    submit(store, 4, 1)  # a peer changes its answers: nothing moves either
    assert figures(cohorts.peer_view(store, me, again)) == figures(before)
    cohorts.refresh_snapshot(store, CLI)
    after = cohorts.peer_view(store, me, again)
    assert after["snapshot_at"] >= before["snapshot_at"]
    assert after["snapshot_assessment"] == again
    assert after["peer_medians"] != before["peer_medians"]


def test_a_group_needs_five_other_than_the_viewer(store):
    ids = park_of(store, [1, 2, 3, 4, 2])  # five in the park: four others each
    cohorts.refresh_snapshot(store, CLI)
    view = cohorts.peer_view(store, CLI, ids[0])
    assert view["percentiles"]["park"] == {"group": "金水创新产业园", "count": 4, "suppressed": True}
    assert view["peer_medians"] is None and view["peer_p75"] is None
    make_enterprise(store, 6)
    submit(store, 6, 3)
    cohorts.refresh_snapshot(store, CLI)
    view = cohorts.peer_view(store, CLI, ids[0])
    assert view["percentiles"]["park"]["count"] == 5 and "band" in view["percentiles"]["park"]
    assert "percentile" not in view["percentiles"]["park"]  # never the exact rank


def test_unconfirmed_enterprise_sees_its_results_and_confirmed_peers_only(store):
    park_of(store, [1, 2, 3, 4, 2, 3])
    make_enterprise(store, 9, confirmed=False)
    mine = submit(store, 9, 4)
    me = Actor(code(9), "enterprise", code(9))
    view = cohorts.peer_view(store, me, mine)  # the first view of the round takes its snapshot
    assert view["in_benchmarks"] is False and view["snapshot_assessment"] is None
    assert view["percentiles"]["park"] == {"group": "金水创新产业园", "count": 6, "pending": True}
    assert view["peer_medians"] and view["plan"]["actions"]
    frame, _ = snapshots.load(store, "dcmm-2025", "2025")
    assert code(9) not in set(frame["credit_code"])
    first = store.db.execute("SELECT actor, detail FROM audit WHERE action = 'benchmarks.snapshot'").fetchall()
    assert first == [(code(9), json.dumps({"rounds": {"2025": 6}, "first": True}))]
    pdf = pdf_text(enterprise_pdf(store, me, code(9), lang="zh"))
    assert "暂未计入同行基准" in flat(pdf) and "下次基准更新后显示" in flat(pdf)
    assert "同行数据取自主管部门于" in flat(pdf)


def test_only_the_bureau_refreshes(store, enterprise):
    with pytest.raises(PermissionDenied):
        cohorts.refresh_snapshot(store, enterprise)
    with pytest.raises(PermissionDenied):
        cohorts.snapshot_listing(store, enterprise)
    assert snapshots.listing(store) == []


@pytest.mark.parametrize(
    ("percentile", "band", "zh", "en"),
    [
        (63.3, (60, 70), "前 30%–40%", "60th–70th percentile"),
        (0.0, (0, 10), "前 90%–100%", "0th–10th percentile"),
        (100.0, (90, 100), "前 10%", "90th–100th percentile"),
        (10.0, (10, 20), "前 80%–90%", "10th–20th percentile"),
    ],
)
def test_percentile_bands(percentile, band, zh, en):
    assert percentile_band(percentile) == band
    assert fmt_band(band, "zh") == zh and fmt_band(band, "en") == en


def test_cli_refreshes_and_shows_the_snapshot(tmp_path):
    path = str(tmp_path / "a.db")
    store = Store(path)
    park_of(store, [1, 2, 3, 4, 2, 3])
    runner = CliRunner()
    done = runner.invoke(app, ["snapshot", "refresh", "--json", "--db", path])
    assert done.exit_code == 0, done.stderr
    taken = json.loads(done.stdout)
    assert taken["dcmm-2025"]["rounds"] == {"2025": 6} and taken["sme-2024"]["rounds"] == {}
    shown = json.loads(runner.invoke(app, ["snapshot", "show", "--json", "--db", path]).stdout)
    assert [(r["questionnaire"], r["round"], r["enterprises"]) for r in shown] == [("dcmm-2025", "2025", 6)]
    assert shown[0]["taken_at"] == taken["dcmm-2025"]["taken_at"]
    bad = runner.invoke(app, ["snapshot", "refresh", "-q", "nope", "--db", path])
    assert bad.exit_code == 1 and "Traceback" not in bad.stderr


def results_page(store: Store, monkeypatch, who: Actor, aid: int, lang: str = "zh"):
    import time
    from pathlib import Path

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ASSESSMENT_DB", str(store.path))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["actor"] = who
    at.session_state["last_seen"] = time.time()
    at.session_state["results_assessment"] = aid
    at.switch_page("ui/pages/results.py").run()
    assert not at.exception
    return at


def test_results_page_shows_bands_the_snapshot_time_and_the_unconfirmed_note(store, monkeypatch):
    ids = park_of(store, [1, 2, 3, 4, 2, 3])
    make_enterprise(store, 9, confirmed=False)
    pending = submit(store, 9, 4)
    taken = cohorts.refresh_snapshot(store, CLI)["dcmm-2025"]["taken_at"]
    me = Actor(code(1), "enterprise", code(1))
    at = results_page(store, monkeypatch, me, ids[0])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["园区：金水创新产业园"] == fmt_band(
        cohorts.peer_view(store, me, ids[0])["percentiles"]["park"]["band"], "zh"
    )
    captions = "\n".join(c.value for c in at.caption)
    assert "同行数据取自主管部门于" in captions and taken[11:16] in captions
    assert not any("暂未计入同行基准" in i.value for i in at.info)
    other = Actor(code(9), "enterprise", code(9))
    at = results_page(store, monkeypatch, other, pending, lang="en")
    metrics = {m.label: m.value for m in at.metric}
    assert [v for k, v in metrics.items() if k.startswith("Park: ")] == ["After the next update"]
    assert any("not yet in the benchmarks" in i.value for i in at.info)
