"""The profile against the peers: a radar of the parts with the peer median and P75, and
the figures behind it as a table."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from assessment.lifecycle import result_parts
from questionnaires.parts import part_max, part_names
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire
from reports import charts
from reports.bundle import EnterpriseBundle
from reports.charts import Series
from reports.enterprise.common import EnterpriseText
from reports.layout import ACCENT, CONTENT_WIDTH, PEER, P, Styles, data_table, gap, heading
from reports.text import fmt_part, fmt_signed, part_digits, part_kind


def profile(w: EnterpriseText, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
    q = b.questionnaire
    dcmm = isinstance(q, DcmmQuestionnaire)
    on_levels = dcmm or isinstance(q, CmmmQuestionnaire)  # parts on the 0-5 scale of levels
    names = part_names(q)
    own = result_parts(b.result)

    def scaled(values: dict) -> list[float]:
        if on_levels:
            return [values.get(p) or 0.0 for p, _ in names]  # a domain that does not apply: 0
        return [100.0 * values[p] / part_max(q, p) for p, _ in names]

    series = []
    medians, p75 = b.peers.get("peer_medians"), b.peers.get("peer_p75")
    if p75:
        series.append(Series(w.t("series_p75"), scaled(p75), PEER, 1.0, dash=(1.5, 2)))
    if medians:
        series.append(Series(w.t("series_median"), scaled(medians), PEER, 1.3, dash=(4, 2)))
    series.append(Series(w.t("series_self"), scaled(own), ACCENT, 2.0, fill=_alpha(ACCENT), marker=True))
    if on_levels:
        vmax, rings, ring_labels = 5.0, [1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"]
    else:
        vmax, rings, ring_labels = 100.0, [20, 40, 60, 80, 100], ["20%", "40%", "60%", "80%", "100%"]
    chart = charts.radar(
        [w.name(n) for _, n in names],
        series,
        vmax=vmax,
        rings=rings,
        ring_labels=ring_labels,
        width=CONTENT_WIDTH,
        height=236 if len(names) > 5 else 215,
    )
    kind = b.result["kind"]
    notes = [w.t(f"radar_note_{kind}")]
    if not medians:
        notes.append(w.t("no_peers"))
    # the figures behind the radar, as a table (colour is not the only carrier)
    align = "LRRRR"
    labels = [part_kind(q), "series_self", "series_median", "series_p75", "gap_to_median"]
    rows: list[list] = [[w.t(k) for k in labels]]
    for part, name in names:
        med = medians.get(part) if medians else None
        mine = own.get(part)
        rows.append(
            [
                w.name(name),
                fmt_part(mine, kind, part) if mine is not None else w.t("mode_na"),
                fmt_part(med, kind, part),
                fmt_part(p75.get(part) if p75 else None, kind, part),
                fmt_signed(mine - med, part_digits(kind, part)) if med is not None and mine is not None else "—",
            ]
        )
    widths = [62 * mm, 27 * mm, 27 * mm, 27 * mm, CONTENT_WIDTH - 143 * mm]
    return [
        CondPageBreak(110 * mm),
        *heading(w.t({"dcmm": "s_profile", "sme": "s_profile_sme"}.get(kind, f"s_profile_{kind}")), st, number),
        chart,
        P(" ".join(notes), st.small),
        gap(2),
        data_table(st, rows, widths, align=align),
        gap(4),
    ]


def _alpha(color):
    from reportlab.lib.colors import Color

    return Color(color.red, color.green, color.blue, alpha=0.18)
