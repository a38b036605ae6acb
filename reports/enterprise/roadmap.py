"""The 3/6/12-month roadmap of actions, and the what-if curve of the overall score."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from questionnaires.parts import overall_range, part_names
from reports import charts
from reports.bundle import EnterpriseBundle
from reports.enterprise.common import NUMBERS, EnterpriseText
from reports.layout import CONTENT_WIDTH, RULE, P, Styles, data_table, gap, heading
from reports.text import fmt, fmt_signed, part_kind, score_digits

MAX_STEPS_SHOWN = 3
STEPS_FOR_FIRST = 12  # the first actions of the roadmap come with their steps, the rest by name


def action_title(w: EnterpriseText, a: dict) -> str:
    name = w.name(a["name"])
    if a["kind"] == "scenario":
        text = w.t("action_scenario", name=name, n=a["to_level"])
    elif a.get("to_level") is not None:  # a DCMM item or a CMMM sub-domain one level up
        text = w.t("action_item", name=name, n=a["to_level"])
    else:
        text = w.t("action_question", name=name)
    return text + (w.t("red_line_cleared") if a.get("clears_red_line") else "")


def part_label(w: EnterpriseText, q, part: str) -> str:
    return w.name(dict(part_names(q)).get(part))


def roadmap(w: EnterpriseText, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
    q, plan = b.questionnaire, b.peers["plan"]
    digits = score_digits()
    out = [*heading(w.t("s_roadmap"), st, number), P(w.t("roadmap_intro"), st.body)]
    actions = {a["id"]: a for a in plan["actions"]}
    if not actions:
        out.append(P(w.t("no_actions_at_all"), st.body))
        return out
    widths = [8 * mm, CONTENT_WIDTH - 92 * mm, 30 * mm, 14 * mm, 18 * mm, 22 * mm]
    align = "LLLCRR"
    rank = {a["id"]: n for n, a in enumerate(plan["actions"], 1)}
    for months in ("3", "6", "12"):
        ids = plan["roadmap"].get(months, [])
        title = P(w.t("horizon", m=months), st.h2)
        if not ids:
            out += [title, P(w.t("no_actions"), st.small)]
            continue
        heads = ["#", w.t("action"), w.t(part_kind(q))]
        heads += [w.t("effort"), w.t("gain"), w.t("after_alone")]
        rows: list[list] = [heads]
        extra: list[tuple] = []
        for action_id in ids:
            a = actions[action_id]
            alone = b.score_alone(a)
            rows.append(
                [
                    str(rank[action_id]),
                    action_title(w, a),
                    part_label(w, q, a["part"]),
                    w.t(f"effort_{a['effort']}"),
                    fmt_signed(a["gain"], digits),
                    f"{fmt(alone, digits)} · {w.t('level_n', n=a['level_after'])}",
                ]
            )
            steps = a["steps"][:MAX_STEPS_SHOWN] if rank[action_id] <= STEPS_FOR_FIRST else []
            if steps:  # the steps on a row of their own, under the action, across the columns
                text = w.gap_join(f"{NUMBERS[k]} {w.name(step)}" for k, step in enumerate(steps))
                rows.append(["", P(text, st.cell_small), "", "", "", ""])
                r = len(rows) - 1
                extra += [("SPAN", (1, r), (-1, r)), ("TOPPADDING", (0, r), (-1, r), 0)]
            extra.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.4, RULE))
        table = data_table(st, rows, widths, align=align, extra=extra, zebra=False, rules=False)
        out += [title, table]
    if len(actions) > STEPS_FOR_FIRST:
        out.append(P(w.t("steps_first", n=STEPS_FOR_FIRST), st.small))
    out += what_if(w, b, st)
    return out


def what_if(w: EnterpriseText, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
    q, plan = b.questionnaire, b.peers["plan"]
    kind = b.result["kind"]
    digits = score_digits()
    curve = plan["what_if"]
    ends = b.horizon_ends()
    points = [(p["n"], p["score"], p["level"]) for p in curve]
    vmin, vmax = overall_range(q)
    if kind == "sme":  # the level rules' score minimums
        thresholds = sorted({r.min_score for r in q.level_rules} | {0, 100})
    else:
        thresholds = list(range(int(vmin), int(vmax) + 1))
    marks = [(n, w.t("horizon", m=m).replace("内", "")) for m, n in ends if n > 0]
    marks = _distinct_marks(marks)
    chart = charts.what_if_chart(
        points,
        vmin=vmin,
        vmax=vmax,
        thresholds=thresholds,
        marks=marks,
        width=CONTENT_WIDTH,
        y_label=w.t("overall_score"),
        x_label=w.t("actions_done"),
        digits=digits,
    )
    heads = ["", w.t("actions_done"), w.t("overall_score"), w.t("overall_level")]
    rows: list[list] = [heads]
    rows.append([w.t("what_if_now"), "0", fmt(curve[0]["score"], digits), w.level(q, curve[0]["level"])])
    for months, n in ends:
        point = curve[n]
        rows.append(
            [
                w.t("what_if_after", m=months, n=n),
                str(n),
                fmt(point["score"], digits),
                w.level(q, point["level"]),
            ]
        )
    return [
        CondPageBreak(95 * mm),
        P(w.t("s_what_if"), st.h2),
        P(w.t("what_if_intro"), st.body),
        chart,
        gap(2),
        data_table(st, rows, [60 * mm, 30 * mm, 30 * mm, CONTENT_WIDTH - 120 * mm], align="LRRL"),
    ]


def _distinct_marks(marks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """One label per position: when two horizons end at the same action count, keep the later."""
    by_n: dict[int, str] = {}
    for n, text in marks:
        by_n[n] = text
    return sorted(by_n.items())
