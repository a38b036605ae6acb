"""Progress since the previous round (an earlier edition mapped onto this one)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from assessment.lifecycle import result_parts
from questionnaires.parts import part_names
from reports.bundle import EnterpriseBundle
from reports.enterprise.common import EnterpriseText
from reports.layout import CONTENT_WIDTH, P, Styles, data_table, heading
from reports.text import fmt, fmt_date, fmt_part, fmt_signed, part_digits, score_digits


def progress(w: EnterpriseText, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
    q, prev = b.questionnaire, b.previous
    kind = b.result["kind"]
    digits = score_digits()
    pa, pr = prev["assessment"], prev["result"]
    out = [
        *heading(w.t("s_progress"), st, number),
        P(
            w.t(
                "previous_round",
                round=pa["round"],
                questionnaire=f"{prev['questionnaire'].id} {prev['questionnaire'].version}",
                id=pa["id"],
                date=fmt_date(pa.get("submitted_at"), w.lang),
            ),
            st.body,
        ),
    ]
    if prev["mapped"]:
        out.append(P(w.t("mapped_note", old=prev["questionnaire"].id), st.small))
    now_parts = result_parts(b.result)
    align = "LRRR"
    rows: list[list] = [[w.t("part"), w.t("before"), w.t("now"), w.t("change")]]
    before, after = pr["overall"]["score"], b.result["overall"]["score"]
    rows.append(
        [
            w.t("overall_score"),
            fmt(before, digits),
            fmt(after, digits),
            fmt_signed(after - before, digits),
        ]  # fmt: skip
    )
    lb, la = pr["overall"]["level"], b.result["overall"]["level"]
    rows.append(
        [
            w.t("overall_level"),
            w.level(prev["questionnaire"], lb),
            w.level(q, la),
            f"{la - lb:+d}" if la != lb else "±0",
        ]
    )
    for part, name in part_names(q):
        old = prev["parts"].get(part)
        change = fmt_signed(now_parts[part] - old, part_digits(kind, part)) if old is not None else "—"
        rows.append([w.name(name), fmt_part(old, kind, part), fmt_part(now_parts[part], kind, part), change])
    out.append(data_table(st, rows, [64 * mm, 36 * mm, 36 * mm, CONTENT_WIDTH - 136 * mm], align=align))
    return out
