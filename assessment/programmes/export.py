"""The eligible list as an Excel workbook (bytes): one row per enterprise, one column per rule
with the value that met it, and a sheet of the rules."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter


def eligible_workbook(report: dict, lang: str = "zh") -> bytes:
    """``report`` as ``eligible_report`` returns it (its ``rules`` head the columns)."""
    zh = lang != "en"
    rules = report["rules"]
    book = Workbook()
    sheet = book.active
    sheet.title = "符合条件" if zh else "Eligible"
    head = ["统一社会信用代码", "企业名称", "园区"] if zh else ["Credit code", "Name", "Park"]
    sheet.append(head + [r["text"]["zh" if zh else "en"] for r in rules])
    for e in report["enterprises"]:
        values = {b["rule"]: b["value"] for b in e["basis"]}
        sheet.append([e["credit_code"], e["name"], e["park"], *(values.get(r["rule"]) for r in rules)])
    for n, width in enumerate([22, 36, 24] + [28] * len(rules), start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    about = book.create_sheet("说明" if zh else "About")
    about.append(["项目" if zh else "Programme", report["programme"]])
    about.append(["版本" if zh else "Version", report["version"]])
    about.append(["符合条件的企业数" if zh else "Eligible enterprises", report["count"]])
    for r in rules:
        about.append([r["rule"], r["text"]["zh"], r["text"]["en"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
