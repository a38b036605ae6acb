"""How far the enterprises of a cohort filter got (started and submitted assessments), and a
cheap "generation" of the data, so that the bureau's pages can cache what they compute and
still show a new submission at once."""

from __future__ import annotations

from assessment.cohort import CohortFilter, enterprise_filter, filter_sql
from assessment.db import Store


def started_and_submitted(store: Store, flt: CohortFilter) -> tuple[int, int]:
    """Assessments of the filter that were started, and those of them that were submitted.

    One count per enterprise, questionnaire, round and source (the slot an assessment fills), so
    that a revision or a reopened draft does not count twice; a slot counts as submitted when
    it holds a submitted assessment.
    """
    where, params = filter_sql(flt)
    # the enterprises only when the filter asks about them: without, the index on the slot serves it all
    joins = " JOIN enterprises e ON e.credit_code = a.credit_code" if enterprise_filter(flt) else ""
    row = store.db.execute(
        "SELECT count(*), coalesce(sum(done), 0) FROM (SELECT max(a.status = 'submitted') AS done "
        f"FROM assessments a{joins} WHERE " + " AND ".join(where) + " GROUP BY a.credit_code, a.round, a.source)",
        params,
    ).fetchone()
    return int(row[0]), int(row[1])


# writes that change what the cohort pages show (answer saves, sign-ins and exports do not)
RELEVANT = (
    "assessment.start",
    "assessment.submit",
    "archetypes.fit",
    "enterprise.create",
    "enterprise.update",
    "enterprise.confirm",
    "benchmarks.snapshot",
    "register",
    "import",
    "demo.generate",
    "restore",
)


def generation(store: Store) -> tuple:
    """Changes whenever an assessment is started or submitted, archetypes are refitted, an
    enterprise is added or edited, or data is imported or restored: a cache key for figures
    computed from the store. Each of those writes an audit row in the same transaction; the
    newest of them is found from the end of the log, so this takes well under a millisecond
    (counting the results instead takes a third of a second at 100,000 assessments)."""
    marks = ", ".join("?" * len(RELEVANT))
    return tuple(
        store.db.execute(
            "SELECT (SELECT max(id) FROM assessments), (SELECT max(id) FROM archetype_models), "
            f"(SELECT id FROM audit WHERE action IN ({marks}) ORDER BY id DESC LIMIT 1)",
            RELEVANT,
        ).fetchone()
    )
