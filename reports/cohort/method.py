"""The method note and the sources."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from reports.bundle import CohortBundle
from reports.layout import P, Styles, bullet, gap, heading, keep
from reports.text import Localised


def method(w: Localised, b: CohortBundle, st: Styles) -> list[Flowable]:
    q = b.questionnaire
    out: list[Flowable] = [*heading(w.t("s_method"), st)]
    out.append(bullet(w.t("m_cohort_method"), st.bullet))
    out.append(bullet(w.t("m_suppression"), st.bullet))
    for note in q.notes:  # how the bank scores (DCMM's convention; CMMM's estimate and reading)
        if note.id in ("scoring-convention", "estimate", "scoring-reading"):
            out.append(bullet(w.name(note.text.model_dump()), st.bullet))
    out.append(P(w.t("m_sources"), st.h2))
    out.append(P(f"{w.name(q.title.model_dump())} · {q.standard}", st.body))
    for source in q.sources:
        out.append(bullet(source.title + (f" — {source.url}" if source.url else ""), st.bullet_small))
    out += [gap(2), P(w.t("m_fallback"), st.small)]
    return [CondPageBreak(60 * mm), keep(*out)]  # a note, not to be torn over two pages
