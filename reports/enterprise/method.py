"""The method note: how the bank scores, the cohorts behind each comparison, sources and
glossary."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from questionnaires.glossary import glossary
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire
from reports.bundle import EnterpriseBundle
from reports.enterprise.common import GROUP_KEYS, EnterpriseText
from reports.layout import CONTENT_WIDTH, P, Styles, bullet, data_table, gap, heading, keep
from reports.text import fmt_date


def method(w: EnterpriseText, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
    q, comp = b.questionnaire, b.comparison
    out = [*heading(w.t("s_method"), st), P(w.t("m_scoring"), st.h2)]
    for note in q.notes:
        out.append(bullet(w.name(note.text.model_dump()), st.bullet))
    if isinstance(q, DcmmQuestionnaire):
        out.append(bullet(w.t("m_key_conditions"), st.bullet))
        out.append(bullet(w.t("m_quick"), st.bullet))
    if isinstance(q, CmmmQuestionnaire):
        out.append(bullet(w.t("m_quick_cmmm"), st.bullet))
    out.append(bullet(w.t("percentile_note"), st.bullet))
    out.append(P(w.t("m_cohorts"), st.h2))
    round_ = b.assessment["round"]
    lines = [w.t("m_round_cohort", round=round_, n=comp["round_count"])]
    for group in ("park", "industry", "size"):
        entry = b.peers["percentiles"][group]
        what = w.t("m_percentile_group", label=w.t(GROUP_KEYS[group]))
        label = w.group_label(group, entry.get("group"))
        if entry.get("suppressed"):
            label += " — " + w.t("m_none")
        lines.append(w.t("m_cohort_row", what=what, group=label, n=entry["count"]))
    group = comp["median_group"]
    group_text = {"park": w.t("m_median_park"), "all": w.t("m_median_all"), None: w.t("m_none")}[group]
    lines.append(w.t("m_cohort_row", what=w.t("m_median_group"), group=group_text, n=comp["median_count"]))
    model = comp.get("model")
    if model:
        lines.append(
            w.t(
                "m_archetypes",
                n=model.get("data_count") or "—",
                date=fmt_date(model.get("fitted_at"), w.lang),
                k=model.get("k") or "—",
            )
        )
    out += [bullet(line, st.bullet) for line in lines]
    out.append(bullet(w.t("m_suppression"), st.bullet))
    out.append(P(w.t("m_sources"), st.h2))
    out.append(P(f"{w.name(q.title.model_dump())} · {q.standard}", st.body))
    for source in q.sources:
        text = source.title + (f" — {source.url}" if source.url else "")
        out.append(bullet(text, st.bullet_small))
    out += [gap(2), P(w.t("m_fallback"), st.small), P(w.t("m_disclaimer"), st.small)]
    return [keep(*out), *glossary_table(w, q, st)]  # the note is not to be torn over two pages


def glossary_table(w: EnterpriseText, q, st: Styles) -> list[Flowable]:
    """The specialist terms the questionnaire's level descriptions use, explained."""
    if isinstance(q, DcmmQuestionnaire):
        texts = [lv.description.get(w.lang) for item in q.items for lv in item.levels]
    elif isinstance(q, CmmmQuestionnaire):
        texts = [lv.description.get(w.lang) for sub in q.subdomains for lv in sub.levels]
    else:
        return []
    terms = glossary().found_in(texts, w.lang)
    if not terms:
        return []
    rows = [[w.name(term.term.model_dump()), w.name(term.definition.model_dump())] for term in terms]
    table = data_table(st, rows, [36 * mm, CONTENT_WIDTH - 36 * mm], header_rows=0, label_column=True)
    return [P(w.t("m_glossary"), st.h2), table]
