"""Why this level, and what stands before the next: DCMM items and key conditions, the CMMM
level scores and formula, the SME level checks."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire
from reports import charts
from reports.bundle import EnterpriseBundle
from reports.enterprise.common import NUMBERS, EnterpriseText
from reports.layout import CONTENT_WIDTH, WARN, P, Styles, bullet, data_table, gap, heading, keep
from reports.text import fmt

MAX_CRITERIA_SHOWN = 4


def why(w: EnterpriseText, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
    out = heading(w.t("s_why"), st, number)
    if isinstance(b.questionnaire, DcmmQuestionnaire):
        return out + why_dcmm(w, b, st)
    if isinstance(b.questionnaire, CmmmQuestionnaire):
        return out + why_cmmm(w, b, st)
    return out + why_sme(w, b, st)


def criterion_text(w: EnterpriseText, q, cid: str) -> str:
    return w.name(q.criterion_by_id[cid].text.model_dump())


def why_dcmm(w: EnterpriseText, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
    q, r = b.questionnaire, b.result
    overall = r["overall"]
    out: list[Flowable] = [P(w.t("why_dcmm", score=fmt(overall["score"], 2), level=overall["uncapped_level"]), st.body)]
    if overall["uncapped_level"] > overall["level"]:
        out.append(P(w.t("why_capped", uncapped=overall["uncapped_level"], level=overall["level"]), st.body))
        capping = [x for x in r["red_lines"] if x["cap"] < overall["uncapped_level"]]
        for x in capping:
            item = w.name(q.item_by_id[x["item"]].name.model_dump())
            text = w.t("red_line_row", item=item, text=criterion_text(w, q, x["criterion"]), n=x["level"])
            out.append(bullet(text, st.bullet))
    nxt = r.get("next_level")
    if overall["uncapped_level"] > overall["level"] or (nxt and nxt["red_lines"]):
        out.append(P(w.t("key_conditions_note"), st.small))
    if not nxt:
        return [*out, P(w.t("top_level"), st.body)]
    target = nxt["level"]
    out.append(
        P(
            w.t("next_dcmm", n=target, needed=fmt(nxt["score_needed"], 2), count=len(nxt["items_below"])),
            st.body,
        )
    )
    if nxt["red_lines"]:
        names = [criterion_text(w, q, c) for c in nxt["red_lines"]]
        out.append(P(w.t("next_red", list=("；" if w.lang == "zh" else "; ").join(names)), st.body))
    rows: list[list] = [[w.t("item"), w.t("level"), w.t("unmet_criteria")]]
    for item_id in nxt["items_below"]:
        item = q.item_by_id[item_id]
        ir = r["items"][item_id]
        missing = ir["missing"]
        # one single-run paragraph per item (numbered, not a list of paragraphs or <br/>
        # lines): reportlab wraps it several times faster
        texts = [f"{NUMBERS[k]} {criterion_text(w, q, c)}" for k, c in enumerate(missing[:MAX_CRITERIA_SHOWN])]
        if len(missing) > MAX_CRITERIA_SHOWN:
            texts.append(w.t("more_criteria", n=len(missing) - MAX_CRITERIA_SHOWN))
        rows.append(
            [
                f"{item.clause} {w.name(item.name.model_dump())}",
                w.t("level_n", n=ir["level"]),
                P(w.gap_join(texts), st.cell) if texts else "—",
            ]
        )
    out += [gap(1), data_table(st, rows, [48 * mm, 18 * mm, CONTENT_WIDTH - 66 * mm])]
    return out


def worked_score(w: EnterpriseText, b: EnterpriseBundle) -> str:
    """The final score with the numbers of the formula the bank names."""
    r = b.result
    n, score = r["overall"]["level"], r["overall"]["score"]
    a = {lv: r["levels"].get(str(lv), 0.0) for lv in range(0, 7)}  # A(6) = 0
    if n == 0:
        return f"A(1) = {fmt(score, 2)}"
    if r["overall"]["formula"] == "n_plus_next":
        return f"{n} + A({n + 1}) = {n} + {fmt(a[n + 1], 2)} = {fmt(score, 2)}"
    return f"({n} − 1) + A({n}) + A({n + 1}) = {n - 1} + {fmt(a[n], 2)} + {fmt(a[n + 1], 2)} = {fmt(score, 2)}"


def requirement_text(w: EnterpriseText, b: EnterpriseBundle, rid: str) -> str:
    """A requirement in the bank's words, with the evidence that shows it and, when it was
    answered in part, how far it is met now."""
    req = b.questionnaire.requirement_by_id[rid]
    text = w.name(req.text.model_dump()) + " " + w.t("evidence", text=w.name(req.evidence.model_dump()))
    value = b.answers.get(rid)
    if value:
        text += w.t("answered_as", answer=w.requirement_answer(b.questionnaire, value))
    return text


def why_cmmm(w: EnterpriseText, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
    q, r = b.questionnaire, b.result
    overall, threshold = r["overall"], q.scoring.threshold
    n = overall["level"]
    if n:
        reached = w.t("why_cmmm_reached", n=n, threshold=fmt(threshold, 1))
    else:
        reached = w.t("why_cmmm_none", a1=fmt(r["levels"]["1"], 2), threshold=fmt(threshold, 1))
    meaning = q.level_meaning(n)
    level = w.level(q, n) + w.t("estimate_level")
    if meaning:
        level += ("：" if w.lang == "zh" else ": ") + w.name(meaning.model_dump())
    bars = []
    for lv in range(1, 6):
        ok = lv <= n
        label = w.t("level_n", n=lv)
        bars.append((label, r["levels"][str(lv)], w.t("met") if ok else w.t("not_met"), ok))
    chart = charts.level_scores_chart(
        bars, threshold=threshold, width=CONTENT_WIDTH, threshold_label=f"{fmt(threshold, 1)}"
    )
    out: list[Flowable] = [
        P(level, st.h2),
        P(w.t("estimate_title"), st.small),
        P(
            w.t("why_cmmm", n=n, reached=reached, formula=w.formula_text(b), worked=worked_score(w, b)),
            st.body,
        ),
        keep(
            P(w.t("level_scores"), st.h2),
            chart,
            P(w.t("level_scores_note", threshold=fmt(threshold, 1)), st.small),
        ),
    ]
    nxt = r.get("next_level")
    if not nxt:
        return [*out, P(w.t("top_level"), st.body)]
    target = nxt["level"]
    below = nxt["subdomains_below"]
    out.append(
        P(
            w.t(
                "next_cmmm",
                n=target,
                score=fmt(nxt["score"], 2),
                threshold=fmt(nxt["threshold"], 1),
                short=fmt(nxt["short"], 2),
                count=len(below),
            ),
            st.body,
        )
    )
    if nxt["lower_levels_short"]:
        levels = "、".join(w.t("level_n", n=lv) for lv in nxt["lower_levels_short"])
        out.append(P(w.t("next_cmmm_lower", levels=levels), st.body))
    heads = [w.t("subdomain"), w.t("level"), f"A({target})", w.t("unmet_requirements", n=target)]
    rows: list[list] = [heads]
    for sid in below:
        sub, sr = q.subdomain_by_id[sid], r["subdomains"][sid]
        missing = sr.get("missing", [])
        texts = [f"{NUMBERS[k]} {requirement_text(w, b, rid)}" for k, rid in enumerate(missing[:MAX_CRITERIA_SHOWN])]
        if len(missing) > MAX_CRITERIA_SHOWN:
            texts.append(w.t("more_requirements", n=len(missing) - MAX_CRITERIA_SHOWN))
        rows.append(
            [
                w.name(sub.name.model_dump()),
                w.level(q, sr["level"]),
                fmt(sr["scores"][str(target)], 2),
                P(w.gap_join(texts), st.cell) if texts else "—",
            ]
        )
    if below:
        widths = [30 * mm, 24 * mm, 13 * mm, CONTENT_WIDTH - 67 * mm]
        out += [gap(1), data_table(st, rows, widths, align="LLRL")]
    return out


def why_sme(w: EnterpriseText, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
    q, r = b.questionnaire, b.result
    out: list[Flowable] = [P(w.t("why_sme", score=fmt(r["overall"]["score"], 1)), st.body)]
    heads = [
        w.t("check_level"),
        w.t("check_score_head"),
        w.t("check_scen_head"),
        w.t("check_cons_head"),
        w.t("check_met"),
    ]
    rows: list[list] = [heads]
    extra = []
    for lv in sorted(r["checks"], key=int):
        c = r["checks"][lv]

        def cell(value, minimum, short, digits=0):
            text = f"{fmt(value, digits)} / {fmt(minimum, digits)}"
            if short:
                text = w.t("check_cell", value=text, short=fmt(short, digits))
            return text

        rows.append(
            [
                w.level(q, int(lv)),
                cell(c["score"], c["min_score"], c["score_short"], 1),
                cell(c["scenarios"], c["min_scenarios"], c["scenarios_short"]),
                cell(c["constraint"], c["min_constraint"], c["constraint_short"]),
                w.t("met") if c["met"] else w.t("not_met"),
            ]
        )
        if not c["met"]:
            extra.append(("TEXTCOLOR", (4, len(rows) - 1), (4, len(rows) - 1), WARN))
    widths = [34 * mm, 38 * mm, 40 * mm, 38 * mm, CONTENT_WIDTH - 150 * mm]
    out.append(data_table(st, rows, widths, align="LCCCC", extra=extra))
    out.append(P(w.t("check_note"), st.small))
    nxt = r.get("next_level")
    level = r["overall"]["level"]
    out.append(gap(2))
    if nxt:
        out.append(P(w.sme_need(nxt, level + 1), st.body))
    else:
        out.append(P(w.t("top_level"), st.body))
    return out
