"""The cover: the enterprise's facts, its level and score, and (CMMM) the estimate note."""

from __future__ import annotations

from reportlab.platypus import Flowable, Table

from questionnaires.schema import CmmmQuestionnaire
from reports.bundle import EnterpriseBundle
from reports.enterprise.common import EnterpriseText
from reports.layout import ACCENT, CONTENT_WIDTH, PRIMARY, RULE, P, Styles, banner, facts_table, gap, table_style
from reports.text import fmt_date, industry_label, park_label, size_label, source_label


def estimate(w: EnterpriseText, q, st: Styles) -> list[Flowable]:
    """The box saying that a CMMM level is a self-assessment estimate that prepares a formal
    assessment, never a certified level (the bank's own note); nothing for other banks."""
    note = getattr(q, "estimate_note", None)
    if note is None:
        return []
    box = Table([[P(w.t("estimate_title"), st.h2)], [P(w.name(note.model_dump()), st.body)]],
                colWidths=[CONTENT_WIDTH])  # fmt: skip
    box.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1, ACCENT),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return [gap(3), box]


def cover(w: EnterpriseText, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
    q, row, ent = b.questionnaire, b.assessment, b.enterprise
    out: list[Flowable] = [
        gap(14),
        P(w.t("tool"), st.subtitle),
        P(w.t("enterprise_title"), st.title),
        P(w.name(q.title.model_dump()), st.subtitle),
        P(ent["name"], st.name),
    ]
    if b.synthetic:
        out += [banner(w.t("synthetic_banner"), st), gap(4)]
    facts = [
        (w.t("credit_code"), ent["credit_code"]),
        (w.t("park"), park_label(ent.get("park"), w.lang)),
        (w.t("industry"), industry_label(ent.get("industry"), w.lang)),
        (w.t("size"), size_label(ent.get("size"), w.lang)),
        (w.t("edition"), w.t("edition_value", id=q.id, version=q.version)),
        (w.t("standard"), q.standard),
        (w.t("round"), row["round"]),
        *([(w.t("path"), w.path_text(b))] if isinstance(q, CmmmQuestionnaire) else []),
        (w.t("source"), source_label(row.get("source"), w.lang)),
        (w.t("assessment_id"), str(row["id"])),
        (w.t("submitted"), fmt_date(row.get("submitted_at"), w.lang)),
        (w.t("report_date"), fmt_date(b.report_date, w.lang)),
    ]
    out += [gap(2), facts_table(facts, st), gap(10)]
    overall = b.result["overall"]
    box = Table(
        [
            [P(w.t("overall_level"), st.cell_head), P(w.t("overall_score"), st.cell_head)],
            [P(w.level(q, overall["level"]), st.big), P(w.score_text(b), st.big)],
        ],
        colWidths=[CONTENT_WIDTH / 2] * 2,
    )
    box.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1, PRIMARY),
                ("LINEAFTER", (0, 0), (0, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    out.append(box)
    return out + estimate(w, q, st)
