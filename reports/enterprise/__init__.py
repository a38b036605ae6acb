"""The enterprise improvement report: what an enterprise hands to its management.

``EnterpriseReport(lang).build(bundle)`` is a pure function of an ``EnterpriseBundle``
(``reports.bundle``): the same bundle gives the same bytes in invariant mode. Each section is a
module of this package, a function ``section(w, bundle, styles, number)`` that lays out figures
the bundle holds: cover, executive summary (``summary``), radar against the peers
(``profile``), a table per area or dimension (``levels``), why this level and what stands before
the next (``why``), the 3/6/12-month roadmap with its what-if (``roadmap``), self-assessed and
verified (``verified``), progress since the previous round (``progress``), programmes, the
answers, and a method note. This module puts them in order.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from reports.bundle import EnterpriseBundle
from reports.enterprise import (
    answers,
    cover,
    levels,
    method,
    profile,
    programmes,
    progress,
    roadmap,
    summary,
    verified,
    why,
)
from reports.enterprise.common import EnterpriseText
from reports.layout import Styles, render_report, styles


class EnterpriseReport(EnterpriseText):
    """Builds the enterprise report PDF in one language ('zh' by default, or 'en')."""

    def build(self, b: EnterpriseBundle) -> bytes:
        st = styles(self.lang)
        story = self.story(b, st)
        name = b.enterprise["name"]
        title = f"{self.t('enterprise_title')} · {name}"
        header = f"{self.t('enterprise_title')} · {name} · {b.assessment['round']}"
        return render_report(
            story,
            lang=self.lang,
            report_date=b.report_date,
            header=header,
            synthetic=b.synthetic,
            title=title,
            invariant=self.invariant,
            skip_header_on_first=True,
        )

    def story(self, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
        story: list[Flowable] = []
        story += cover.cover(self, b, st)
        story.append(PageBreak())
        story += summary.summary(self, b, st, 1)
        story += profile.profile(self, b, st, 2)
        story.append(CondPageBreak(60 * mm))
        story += levels.parts(self, b, st, 3)
        story.append(CondPageBreak(80 * mm))
        story += why.why(self, b, st, 4)
        story.append(CondPageBreak(120 * mm))
        story += roadmap.roadmap(self, b, st, 5)
        number = 6
        if b.verification:
            story.append(CondPageBreak(80 * mm))
            story += verified.verified(self, b, st, number)
            number += 1
        if b.previous:
            story.append(CondPageBreak(80 * mm))
            story += progress.progress(self, b, st, number)
            number += 1
        if b.programmes and b.programmes["active"]:
            story.append(CondPageBreak(60 * mm))
            story += programmes.programmes(self, b, st, number)
            number += 1
        story.append(PageBreak())
        story += answers.answers(self, b, st)
        story.append(CondPageBreak(90 * mm))
        story += method.method(self, b, st)
        return story


__all__ = ["EnterpriseReport", "EnterpriseText"]
