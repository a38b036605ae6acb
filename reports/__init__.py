"""PDF reports (reportlab): the enterprise improvement report, the bureau's cohort report, and
ZIP batches of enterprise reports. The builders are pure functions of a data bundle
(``reports.bundle``); the functions here assemble the bundle from the store and build."""

from __future__ import annotations

from datetime import date

from assessment.access import Actor
from assessment.cohort import CohortFilter
from assessment.db import Store

LANGS = ("zh", "en")


def enterprise_pdf(
    store: Store,
    actor: Actor,
    credit_code: str,
    assessment_id: int | None = None,
    *,
    lang: str = "zh",
    report_date: date | None = None,
) -> bytes:
    """The enterprise report of an enterprise's latest submitted assessment, or of
    ``assessment_id``."""
    from reports.bundle import enterprise_bundle
    from reports.enterprise import EnterpriseReport

    bundle = enterprise_bundle(store, actor, credit_code, assessment_id, report_date=report_date)
    return EnterpriseReport(lang).build(bundle)


def cohort_pdf(
    store: Store, actor: Actor, flt: CohortFilter, *, lang: str = "zh", report_date: date | None = None
) -> bytes:
    """The bureau's cohort report for a filter."""
    from reports.bundle import cohort_bundle
    from reports.cohort import CohortReport

    return CohortReport(lang).build(cohort_bundle(store, actor, flt, report_date=report_date))


def batch_zip(store: Store, actor: Actor, flt: CohortFilter, **kw) -> bytes:
    """A ZIP of the enterprise reports of a filter (see ``reports.batch.build_zip``)."""
    from reports.batch import build_zip

    return build_zip(store, actor, flt, **kw)
