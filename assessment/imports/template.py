"""The Excel template of an import: the columns of a questionnaire with their Chinese text, and
data validation lists where Excel can check a cell (options, yes/no, levels, sizes)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from assessment.answers import PATH_KEY
from assessment.directory import SIZES, industry_names, park_names
from assessment.imports.cells import REQUIREMENT_WORDS
from assessment.sheet_columns import BASE_COLUMNS, COLUMN_LABELS, SHEET_TITLE, question_ids
from questionnaires import DcmmQuestionnaire, get
from questionnaires.schema import CmmmQuestionnaire


def _label(q, qid: str) -> str:
    if isinstance(q, CmmmQuestionnaire):
        if qid == PATH_KEY:
            return "制造类型（" + "、".join(f"{p} {q.path_names[p].zh}" for p in q.paths) + "）"
        if qid in q.subdomain_by_id:
            sub = q.subdomain_by_id[qid]
            na = "、“不适用”" if sub.may_be_na else ""
            return f"{sub.name.zh}（快速模式：等级 0–5、“不确定”{na}）"
        return q.requirement_by_id[qid].text.zh
    if isinstance(q, DcmmQuestionnaire):
        if qid in q.item_by_id:
            return f"{q.item_by_id[qid].name.zh}（快速模式：等级 1–5 或“不确定”）"
        return q.criterion_by_id[qid].text.zh
    if qid in q.scenario_by_id:
        s = q.scenario_by_id[qid]
        return f"{s.name.zh}（场景等级 0–4）"
    if qid in q.figure_by_id:
        f = q.figure_by_id[qid]
        return f"{f.name.zh}（{f.unit.zh}）" if f.unit else f.name.zh
    x = q.question_by_id[qid]
    if x.type == "multi":
        return f"{x.name.zh}（可多选，用 ; 分隔）"
    if x.type == "band":
        return f"{x.name.zh}（{x.unit.zh}）" if x.unit else x.name.zh
    return x.name.zh


def _validation_for(q, qid: str) -> tuple:
    """A hashable description of the data validation of a question column (None: none)."""
    if isinstance(q, CmmmQuestionnaire):
        if qid == PATH_KEY:
            return ("list", ",".join(q.paths), "制造类型 / manufacturing path: " + " / ".join(q.paths))
        if qid in q.subdomain_by_id:
            if q.subdomain_by_id[qid].may_be_na:
                return (
                    "list",
                    "0,1,2,3,4,5,不确定,不适用",
                    "快速模式等级、“不确定”或“不适用” / level 0-5, not sure, na",
                )
            return ("list", "0,1,2,3,4,5,不确定", "快速模式等级或“不确定” / quick-mode level 0-5, or not sure")
        values = ",".join(f"{v:g}" for v in reversed(q.answer_values))
        words = ",".join(w[0] for w in REQUIREMENT_WORDS.values())
        meaning = " / ".join(f"{REQUIREMENT_WORDS[name][0]} {v:g}" for name, v in q.scoring.values.items())
        return ("list", f"{values},{words}", meaning)
    if isinstance(q, DcmmQuestionnaire):
        if qid in q.item_by_id:
            return ("list", "1,2,3,4,5,不确定", "快速模式等级或“不确定” / quick-mode level 1-5, or not sure")
        return ("list", "1,0", "1 = 是 met, 0 = 否 not met")
    if qid in q.scenario_by_id:
        return ("list", "0,1,2,3,4", "场景等级 / scenario level: 0-4")
    if qid in q.figure_by_id:
        return ("decimal", "0", None, "不小于 0 的数字 / a number >= 0")
    x = q.question_by_id[qid]
    ids = [o.id for o in x.options]
    if x.type == "single":
        return ("list", ",".join(ids), "选项编号 / option id")
    if x.type == "multi":
        return ("prompt", "用 ; 分隔的选项编号 / option ids separated by ;: " + ", ".join(ids))
    return ("decimal", f"{x.bands[0].min:g}", f"{x.bands[-1].max:g}", f"{x.bands[0].min:g}–{x.bands[-1].max:g}")


def _data_validation(spec: tuple) -> DataValidation:
    kind = spec[0]
    if kind == "list":
        dv = DataValidation(type="list", formula1=f'"{spec[1]}"', allow_blank=True)
        prompt = spec[2]
    elif kind == "decimal":
        if spec[2] is None:
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=spec[1], allow_blank=True)
        else:
            dv = DataValidation(
                type="decimal", operator="between", formula1=spec[1], formula2=spec[2], allow_blank=True
            )
        prompt = spec[3]
    else:
        dv = DataValidation(type=None, allow_blank=True)
        prompt = spec[1]
    dv.error = "值不在允许范围内 / value not allowed"
    dv.errorTitle = "导入模板 / import template"
    dv.prompt = prompt[:250]
    dv.showInputMessage = True
    dv.showErrorMessage = kind != "prompt"
    return dv


def template_xlsx(questionnaire: str, *, version: str | None = None) -> bytes:
    """An .xlsx to fill in: row 1 the column ids, row 2 their Chinese text, data validation lists
    for option, yes/no and level columns, frozen header rows."""
    q = get(questionnaire, version)  # an unknown one raises UnknownQuestionnaire, an AssessmentError
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    qids = question_ids(q)
    columns = list(BASE_COLUMNS) + qids
    ws.append(columns)
    ws.append([COLUMN_LABELS[c][0] for c in BASE_COLUMNS] + [_label(q, qid) for qid in qids])
    bold = Font(bold=True)
    label_font = Font(italic=True, color="555555")
    fill = PatternFill("solid", fgColor="EEF2F7")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
    for cell in ws[2]:
        cell.font = label_font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 60
    for i in range(1, len(columns) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 22 if i <= len(BASE_COLUMNS) else 16
    ws.freeze_panes = "C3"
    sizes = ",".join(list(SIZES) + [zh for zh, en in SIZES.values()])
    specs: dict[tuple, list[str]] = {}
    specs.setdefault(("list", sizes, "micro/small/medium/large 或 微型/小型/中型/大型"), []).append("E")
    specs.setdefault(("list", q.id, "问卷编号 / questionnaire id"), []).append("F")
    loose = {}
    for letter, names in (("C", park_names()), ("D", industry_names())):
        joined = ",".join(names)
        if len(joined) <= 250:
            loose[letter] = joined
    for i, qid in enumerate(qids, start=len(BASE_COLUMNS) + 1):
        spec = _validation_for(q, qid)
        if spec[0] == "list" and len(spec[1]) > 250:  # Excel's limit for an inline list
            spec = ("prompt", spec[2] + ": " + spec[1])
        specs.setdefault(spec, []).append(get_column_letter(i))
    for spec, letters in specs.items():
        dv = _data_validation(spec)
        for letter in letters:
            dv.add(f"{letter}3:{letter}1048576")
        ws.add_data_validation(dv)
    for letter, joined in loose.items():
        # parks and industries outside the district's lists are allowed: a warning, not a stop
        dv = DataValidation(type="list", formula1=f'"{joined}"', allow_blank=True, errorStyle="warning")
        dv.error = "不在常用列表中，仍可使用 / not in the usual list, still allowed"
        dv.add(f"{letter}3:{letter}1048576")
        ws.add_data_validation(dv)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_template(questionnaire: str, path: str | os.PathLike, *, version: str | None = None) -> Path:
    """``template_xlsx`` written to ``path`` (its folder made if need be)."""
    data = template_xlsx(questionnaire, version=version)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
