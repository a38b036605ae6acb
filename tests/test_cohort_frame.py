"""The cohort frame read in narrow queries equals the definition it stands for: the current
assessments of the view ``current_assessments`` joined with their enterprises, results and part
scores, one row per enterprise and round with the stronger source winning, for every filter."""

from __future__ import annotations

import itertools
import json

import pandas as pd
import pytest

from assessment import lifecycle
from assessment.access import CLI, Actor
from assessment.cohort import SOURCE_PRIORITY, CohortFilter, cohort_frame, filter_sql
from assessment.db import Store
from benchmarks.demo import generate
from questionnaires import get
from tests.conftest import open_rounds


def reference(store: Store, flt: CohortFilter) -> pd.DataFrame:
    """The frame as the view defines it, written the slow, obvious way."""
    where, params = filter_sql(flt)
    rows = store.db.execute(
        "SELECT a.id, a.credit_code, a.round, a.source, r.score, r.level, r.archetype, e.name, e.park "
        "FROM current_assessments a JOIN enterprises e ON e.credit_code = a.credit_code "
        "JOIN results r ON r.assessment_id = a.id WHERE " + " AND ".join(where),
        params,
    ).fetchall()
    best: dict = {}
    for row in rows:  # one per enterprise and round: on-site over import over self
        key = (row[1], row[2])
        if key not in best or SOURCE_PRIORITY[row[3]] < SOURCE_PRIORITY[best[key][3]]:
            best[key] = row
    frame = pd.DataFrame(
        sorted(best.values()),
        columns=["assessment_id", "credit_code", "round", "source", "score", "level", "archetype", "name", "park"],
    )
    parts = {}
    for aid in frame["assessment_id"]:
        parts[aid] = dict(
            store.db.execute("SELECT part, score FROM result_parts WHERE assessment_id = ?", [int(aid)]).fetchall()
        )
    return frame.join(pd.DataFrame.from_dict(parts, orient="index"), on="assessment_id")


@pytest.fixture(scope="module")
def busy_store(tmp_path_factory):
    """A demo cohort plus what the demo does not make: later submitted revisions of a slot, an
    open reopened draft, a second source in the same round, and drafts that never count."""
    store = open_rounds(Store(tmp_path_factory.mktemp("cohort") / "assessment.db"))
    generate(store, 60, seed=11)
    q = get("sme-2024")
    codes = [r[0] for r in store.db.execute("SELECT DISTINCT credit_code FROM assessments ORDER BY 1 LIMIT 3")]
    taken = store.db.execute(
        "SELECT id, credit_code, round, source FROM current_assessments WHERE questionnaire = 'sme-2024' "
        "ORDER BY id LIMIT 4"
    ).fetchall()
    for aid, code, round_, source in taken:
        given = {
            k: json.loads(v)
            for k, v in store.db.execute(
                "SELECT question_id, value FROM answers WHERE assessment_id = ?", [aid]
            ).fetchall()
        }
        first = next(x for x in q.questions if x.type == "single")
        given[first.id] = first.options[-1].id  # the revision scores differently
        with store.write() as db:
            lifecycle.record_submitted(db, CLI, code, q, round_, source, given)
            other = "onsite" if source != "onsite" else "import"
            lifecycle.record_submitted(db, CLI, code, q, round_, other, given)
    firm = taken[1][1]
    # the firm's current record is the bureau's (written last above): the bureau reopens it
    lifecycle.reopen(store, CLI, current_id(store, firm, taken[1][2]))
    for code in codes:
        lifecycle.start_or_resume(store, Actor(code, "enterprise", code), code, "sme-2024", "2031")
    yield store
    store.close()


def current_id(store: Store, code: str, round_: str) -> int:
    return store.db.execute(
        "SELECT max(id) FROM current_assessments WHERE credit_code = ? AND round = ? AND questionnaire = 'sme-2024'",
        [code, round_],
    ).fetchone()[0]


def filters(store: Store) -> list[CohortFilter]:
    def values(sql):
        return [None] + [r[0] for r in store.db.execute(sql).fetchall()][:2]

    parks = values("SELECT DISTINCT park FROM enterprises WHERE park IS NOT NULL ORDER BY 1")
    rounds = values("SELECT DISTINCT round FROM assessments ORDER BY 1")
    sources = [None, "self", "onsite"]
    sizes = [None, "small"]
    out = [
        CohortFilter("sme-2024", park=p, round=r, source=s, size=z)
        for p, r, s, z in itertools.product(parks, rounds, sources, sizes)
    ]
    return out + [CohortFilter("dcmm-2025"), CohortFilter("dcmm-2025", version=get("dcmm-2025").version)]


def test_the_frame_equals_the_view_for_every_filter(busy_store):
    for flt in filters(busy_store):
        frame = cohort_frame(busy_store, flt)
        expected = reference(busy_store, flt)
        assert list(frame["assessment_id"]) == list(expected["assessment_id"]), flt
        if frame.empty:
            continue
        for column in ["credit_code", "round", "source", "name", "park", "level", "score"]:
            assert list(frame[column]) == list(expected[column]), (flt, column)
        assert list(frame["archetype"].fillna("")) == list(expected["archetype"].fillna("")), flt
        for part in expected.columns[9:]:
            assert list(frame[part]) == list(expected[part]), (flt, part)
        assert set(frame.columns) >= {"industry", "size", "synthetic", "version", "completeness"}


def test_a_later_revision_and_a_stronger_source_replace_what_they_supersede(busy_store):
    frame = cohort_frame(busy_store, CohortFilter("sme-2024"))
    assert not frame.duplicated(["credit_code", "round"]).any()
    assert "onsite" in set(frame["source"])
    # the open draft of a reopened assessment changes nothing until it is submitted
    drafts = busy_store.db.execute("SELECT count(*) FROM assessments WHERE status = 'draft'").fetchone()[0]
    assert drafts >= 4
    assert "2031" not in set(frame["round"])


def test_an_empty_cohort_has_the_columns_and_no_rows(store):
    frame = cohort_frame(store, CohortFilter("sme-2024"))
    assert frame.empty
    assert {"assessment_id", "credit_code", "park", "score", "level"} <= set(frame.columns)
