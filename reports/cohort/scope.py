"""The title and the scope: the filter, the rounds present, counts, mean and median."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from reports.bundle import CohortBundle
from reports.layout import P, Styles, banner, facts_table, gap, heading
from reports.text import Localised, fmt_date, fmt_score, industry_label, park_label, size_label, source_label


def scope(w: Localised, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
    stats = b.statistics
    flt, q = b.filter, b.questionnaire
    everyone = w.t("all")
    rounds = w.sep().join(f"{r} ({n})" for r, n in b.per_round().items()) or "—"
    pairs = [
        (w.t("questionnaire"), f"{w.name(q.title.model_dump())} · {q.id}"),
        (w.t("edition"), flt.version or everyone),
        (w.t("park"), park_label(flt.park, w.lang) if flt.park else everyone),
        (w.t("industry"), industry_label(flt.industry, w.lang) if flt.industry else everyone),
        (w.t("size"), size_label(flt.size, w.lang) if flt.size else everyone),
        (w.t("source"), source_label(flt.source, w.lang) if flt.source else everyone),
        (w.t("rounds_present"), rounds),
        (w.t("cross_round"), b.round or "—"),
        (w.t("enterprises"), str(stats["count"])),
        (w.t("assessments"), str(len(b.frame))),
        (w.t("synthetic_count"), str(b.synthetic_count)),
        (w.t("report_date"), fmt_date(b.report_date, w.lang)),
    ]
    if not stats.get("suppressed"):
        o = stats["overall"]
        pairs.append((w.t("mean"), fmt_score(o["mean"])))
        pairs.append((w.t("median"), fmt_score(o["p50"])))
    return [*heading(w.t("s_scope"), st, number), facts_table(pairs, st, label_width=45 * mm), gap(3)]


def cover(w: Localised, b: CohortBundle, st: Styles) -> list[Flowable]:
    """The title block at the top of the first page, with the synthetic-data box when it applies."""
    out: list[Flowable] = [
        P(w.t("tool"), st.subtitle),
        P(w.t("cohort_title"), st.title),
        P(w.name(b.questionnaire.title.model_dump()), st.subtitle),
        gap(2),
    ]
    if b.synthetic:
        out += [banner(w.t("synthetic_banner_cohort"), st), gap(3)]
    return out
