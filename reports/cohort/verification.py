"""On-site verification: how much is verified, the items enterprises overrate, the flags
that proved right."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from assessment.verified_items import item_label
from reports.bundle import CohortBundle
from reports.layout import CONTENT_WIDTH, P, Styles, data_table, heading
from reports.text import Localised, fmt_signed

VERIFIED_ITEMS_SHOWN = 10  # items of the verification section, most overrated first


def verification(w: Localised, b: CohortBundle, st: Styles, number: int) -> list[Flowable]:
    """How much of the cohort is verified on site, the items enterprises overrate, and the
    flags that proved right (``benchmarks.verification_gaps``)."""
    v, q = b.verification, b.questionnaire
    out: list[Flowable] = [CondPageBreak(70 * mm), *heading(w.t("s_cohort_verification"), st, number)]
    share = "—" if v["share"] is None else f"{v['share']:.1%}"
    out.append(P(w.t("verified_share", verified=v["verified"], total=v["enterprises"], share=share), st.body))
    if not v["pairs"]:
        return [*out, P(w.t("verified_none"), st.body)]
    f = v["flags"]
    out.append(
        P(
            w.t(
                "verified_gaps",
                pairs=v["pairs"],
                gap=fmt_signed(v["level_gap"], 2),
                lower=v["lower"],
                flagged=f["flagged"],
                flagged_lower=f["flagged_lower"],
                unflagged=f["unflagged"],
                unflagged_lower=f["unflagged_lower"],
            ),
            st.body,
        )
    )
    heads = [w.t("item"), w.t("mean_gap"), w.t("overrated_by"), w.t("verified_pairs")]
    rows: list[list] = [heads]
    differing = v["items"][v["items"]["mean_gap"] != 0]  # items verified as self-assessed say nothing
    if differing.empty:
        return [*out, P(w.t("verified_no_gap"), st.body)]
    for r in differing.head(VERIFIED_ITEMS_SHOWN).itertuples():
        rows.append([w.name(item_label(q, r.item)), fmt_signed(r.mean_gap, 2), str(r.overrated), str(r.pairs)])
    widths = [CONTENT_WIDTH - 75 * mm, 25 * mm, 25 * mm, 25 * mm]
    out.append(data_table(st, rows, widths, align="LRRR"))
    return out
