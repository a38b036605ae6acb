"""Self-assessed and verified on site: both levels and the items found otherwise."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from assessment.verified_items import item_label, value_text
from reports.bundle import EnterpriseBundle
from reports.enterprise.common import EnterpriseText
from reports.layout import CONTENT_WIDTH, P, Styles, data_table, gap, heading
from reports.text import fmt, fmt_date, score_digits


def verified(w: EnterpriseText, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
    """Both levels, who verified and when, and the items where the assessor found otherwise."""
    v, q = b.verification, b.questionnaire
    signed = v["signed"]
    who = signed["name"] or signed["by"]
    if signed.get("agency"):
        who = f"{who}（{signed['agency']}）" if w.lang == "zh" else f"{who} ({signed['agency']})"
    out = [
        *heading(w.t("s_verified"), st, number),
        P(w.t("verified_by", who=who, date=fmt_date(signed["at"], w.lang), id=v["onsite_id"]), st.body),
    ]
    rows: list[list] = [[w.t("overall"), w.t("self_assessed"), w.t("verified")]]
    rows.append([w.t("overall_level"), w.level(q, v["self_level"]), w.level(q, v["verified_level"])])
    digits = score_digits()
    rows.append([w.t("overall_score"), fmt(v["self_score"], digits), fmt(v["verified_score"], digits)])
    out.append(data_table(st, rows, [CONTENT_WIDTH - 110 * mm, 55 * mm, 55 * mm], align="LRR"))
    differs = [i for i in v["items"] if i["differs"]]
    if not differs:
        return [*out, P(w.t("verified_same"), st.body)]
    out += [gap(2), P(w.t("verified_differs", n=len(differs)), st.body)]
    heads = [w.t("item"), w.t("self_assessed"), w.t("verified"), w.t("assessor_comment")]
    rows = [heads]
    for i in differs:
        label = w.name(item_label(q, i["id"]))
        rows.append([label, value_text(i["self"], w.lang), value_text(i["verified"], w.lang), i["comment"] or "—"])
    widths = [58 * mm, 25 * mm, 20 * mm, CONTENT_WIDTH - 103 * mm]
    out.append(data_table(st, rows, widths, align="LRRL"))
    return out
