"""The answers as given: DCMM criteria by level, CMMM requirements by sub-domain, SME
questions and scenarios."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire
from reports.bundle import EnterpriseBundle
from reports.enterprise.common import EnterpriseText
from reports.layout import CONTENT_WIDTH, P, Styles, data_table, heading
from reports.text import fmt


def answers(w: EnterpriseText, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
    out = heading(w.t("s_answers"), st)
    if isinstance(b.questionnaire, DcmmQuestionnaire):
        return out + answers_dcmm(w, b, st)
    if isinstance(b.questionnaire, CmmmQuestionnaire):
        return out + answers_cmmm(w, b, st)
    return out + answers_sme(w, b, st)


def answers_dcmm(w: EnterpriseText, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
    q, given = b.questionnaire, b.answers
    heads = [w.t("clause"), w.t("item")] + [w.t("level_n", n=lv) for lv in (2, 3, 4, 5)]
    rows: list[list] = [heads]
    spans = []
    for item in q.items:
        row = [item.clause, w.name(item.name.model_dump())]
        if item.id in given:
            row += [quick_answer_text(w, b.result["items"][item.id], given[item.id]), "", "", ""]
            spans.append(("SPAN", (2, len(rows)), (5, len(rows))))
        else:
            for lv in (2, 3, 4, 5):
                crit = [c for c in item.criteria if c.level == lv]
                marks = "".join("●" if given.get(c.id) is True else ("○" if c.id in given else "–") for c in crit)
                met = sum(given.get(c.id) is True for c in crit)
                row.append(f"{marks} {met}/{len(crit)}")
        rows.append(row)
    widths = [13 * mm, 57 * mm] + [(CONTENT_WIDTH - 70 * mm) / 4] * 4
    return [P(w.t("answers_intro_dcmm"), st.body), data_table(st, rows, widths, extra=spans)]


def quick_answer_text(w: EnterpriseText, ir: dict, value) -> str:
    key = w.mode_key(ir)
    if key == "mode_unsure":
        return w.t("quick_unsure", n=ir["level"])
    if key == "mode_check_failed":
        return w.t("quick_check_failed", n=value, level=ir["level"])
    return w.t("quick_choice", n=value)


def answer_text(w: EnterpriseText, x, value) -> str:
    if value is None:
        return w.t("unanswered")
    if x.type == "single":
        return w.name(next(o.text.model_dump() for o in x.options if o.id == value))
    if x.type == "multi":
        texts = [w.name(o.text.model_dump()) for o in x.options if o.id in set(value)]
        return ("；" if w.lang == "zh" else "; ").join(texts) or w.t("unanswered")
    unit = f" {w.name(x.unit.model_dump())}" if x.unit else ""
    return f"{fmt(value, 1)}{unit}"


def answers_cmmm(w: EnterpriseText, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
    """The path, then per sub-domain the quick level chosen (or not applicable), or each
    level's requirement answers in order."""
    q, given, r = b.questionnaire, b.answers, b.result
    heads = [w.t("subdomain")] + [w.t("level_n", n=lv) for lv in range(1, 6)]
    rows: list[list] = [heads]
    spans = []
    for sub in q.subdomains:
        sr = r["subdomains"][sub.id]
        row: list = [w.name(sub.name.model_dump())]
        if sr["mode"] in ("quick", "na"):
            value = given.get(sub.id)
            if sr["mode"] == "na":
                text = w.t("not_applicable")
            elif value == 0:
                text = w.t("quick_zero")
            else:
                text = quick_answer_text(w, sr, value)
            row += [text, "", "", "", ""]
            spans.append(("SPAN", (1, len(rows)), (5, len(rows))))
        else:
            for lv in range(1, 6):
                ids = sub.requirements_by_level[lv]
                answers = [w.requirement_answer(q, given[rid]) if rid in given else "–" for rid in ids]
                row.append(" / ".join(answers))
        rows.append(row)
    widths = [38 * mm] + [(CONTENT_WIDTH - 38 * mm) / 5] * 5
    intro = f"{w.t('path')}{'：' if w.lang == 'zh' else ': '}{w.path_text(b)}"
    return [
        P(intro, st.body),
        P(w.t("answers_intro_cmmm"), st.body),
        data_table(st, rows, widths, extra=spans),
    ]


def answers_sme(w: EnterpriseText, b: EnterpriseBundle, st: Styles) -> list[Flowable]:
    q, given, r = b.questionnaire, b.answers, b.result
    rows: list[list] = [[w.t("question"), w.t("answer"), w.t("points")]]
    for x in q.questions:
        rows.append(
            [
                w.name(x.name.model_dump()),
                answer_text(w, x, given.get(x.id)),
                f"{fmt(r['questions'][x.id], 1)} / {fmt(x.max_points, 0)}",
            ]
        )
    out = [
        P(w.t("answers_intro_sme"), st.body),
        data_table(st, rows, [42 * mm, CONTENT_WIDTH - 64 * mm, 22 * mm], align="LLR"),
        P(w.t("scenarios"), st.h2),
    ]
    rows = [[w.t("scenario"), w.t("scenario_level")]]
    for s in q.scenarios:
        level = r["scenarios"][s.id]
        if s.id not in given:
            text = w.t("unanswered")
        elif level == 0:
            text = (
                f"{w.t('level_n', n=0)}：{w.t('not_digitised')}"
                if w.lang == "zh"
                else (f"{w.t('level_n', n=0)}: {w.t('not_digitised')}")
            )
        else:
            desc = next(lv.description.model_dump() for lv in s.levels if lv.level == level)
            sep = "：" if w.lang == "zh" else ": "
            text = f"{w.t('level_n', n=level)}{sep}{w.name(desc)}"
        rows.append([w.name(s.name.model_dump()), text])
    out.append(data_table(st, rows, [42 * mm, CONTENT_WIDTH - 42 * mm]))
    return out
