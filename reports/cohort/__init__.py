"""The bureau's cohort report: what the bureau hands to district leadership.

``CohortReport(lang).build(bundle)`` is a pure function of a ``CohortBundle``: every figure comes
from the bundle, which takes it from ``benchmarks`` (the functions behind the CLI ``benchmark``
and ``progress`` commands and the dashboards), so the PDF shows the same numbers. Each section
is a module of this package, a function ``section(w, bundle, styles, number)``: scope and counts
(``scope``), level distribution (``levels``), parks, industries and size classes compared
(``comparisons``), a park × part heat map (``heatmap``), percentiles, archetypes, progress
between rounds, the enterprises furthest below their park (``lagging``), verification,
programmes, and the method note. This module puts them in order. Groups of fewer than 5
enterprises are never described, and a breakdown beside its total hides enough groups that none
follows by subtraction (``benchmarks.statistics.hidden_groups``).
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.bundle import CohortBundle
from reports.cohort import (
    archetypes,
    comparisons,
    heatmap,
    lagging,
    levels,
    method,
    percentiles,
    programmes,
    progress,
    scope,
    verification,
)
from reports.layout import P, Styles, render_report, styles
from reports.text import Localised


class CohortReport(Localised):
    """Builds the cohort report PDF in one language ('zh' by default, or 'en')."""

    def build(self, b: CohortBundle) -> bytes:
        st = styles(self.lang)
        story = self.story(b, st)
        title = f"{self.t('cohort_title')} · {self.name(b.questionnaire.title.model_dump())}"
        header = f"{self.t('cohort_title')} · {b.questionnaire.id} · {b.round or '—'}"
        return render_report(
            story,
            lang=self.lang,
            report_date=b.report_date,
            header=header,
            synthetic=b.synthetic,
            title=title,
            invariant=self.invariant,
        )

    def story(self, b: CohortBundle, st: Styles) -> list[Flowable]:
        stats = b.statistics
        story = scope.cover(self, b, st) + scope.scope(self, b, st, 1)
        if stats.get("suppressed"):
            story.append(P(self.t("cohort_suppressed", n=stats["count"]), st.body))
            return story
        story += levels.levels(self, b, st, 2)
        story += comparisons.comparisons(self, b, st, 3)
        story += heatmap.heatmap(self, b, st, 4)
        story += percentiles.percentiles(self, b, st, 5)
        story += archetypes.archetypes(self, b, st, 6)
        story += progress.progress(self, b, st, 7)
        story += lagging.lagging(self, b, st, 8)
        number = 9
        if b.verification is not None:
            story += verification.verification(self, b, st, number)
            number += 1
        if b.programmes:
            story += programmes.programmes(self, b, st, number)
        story += method.method(self, b, st)
        return story


__all__ = ["CohortReport"]
