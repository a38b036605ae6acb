"""Administration: import survey returns from Excel or CSV. The template to fill in; a check of
the whole file first (nothing written), with a table naming the row and column of every problem;
then an explicit import of the checked file, all or nothing, with progress."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from assessment.errors import AssessmentError
from assessment.file_names import safe_file_name
from assessment.importer import SOURCES, ImportProblem, ImportRejected, import_file, template_xlsx
from assessment.neutralise import csv_bytes
from questionnaires import available
from ui import errors, filters, sign_in_form, state
from ui.i18n import current, tr

lang = current()
who = sign_in_form.require(lang, role="admin")
store = state.store()
banks = available()
# the questionnaires in the order of the answer page and the filters
ORDER = filters.questionnaire_ids()
CHECKED = "import_checked"  # what the last check found, for the file it checked
st.title(tr(lang, "导入调查数据", "Import survey returns"))
st.write(
    tr(
        lang,
        "每行一份评估（Excel .xlsx 或 CSV）。先检查整个文件，列出每一处问题的行和列，不写入任何数据；"
        "检查通过后再点“导入”。导入是全有或全无的：只要有一行有问题，就一行也不写入。",
        "One row per assessment (Excel .xlsx or CSV). The whole file is checked first, listing the row and "
        "column of every problem, and nothing is written; once it passes, press “Import”. An import is all "
        "or nothing: if any row is bad, no row is written.",
    )
)


def template_bytes(qid: str):
    return lambda: template_xlsx(qid)


with st.container(border=True):
    st.subheader(tr(lang, "1. 下载模板", "1. Download the template"))
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    qid = left.selectbox(
        tr(lang, "问卷", "Questionnaire"),
        ORDER,
        format_func=lambda i: f"{banks[i].title.get(lang)} · {banks[i].version}",
        key="template_q",
    )
    right.download_button(
        tr(lang, "下载 Excel 模板", "Download the Excel template"),
        data=template_bytes(qid),
        file_name=safe_file_name("import-template", qid, banks[qid].version, suffix=".xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="template_download",
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption(
        tr(
            lang,
            "第 1 行是列编号（不要修改），第 2 行是中文说明（导入时跳过）；从第 3 行起每行填写一家企业的一份评估。",
            "Row 1 holds the column ids (keep them), row 2 their Chinese labels (skipped on import); from "
            "row 3 on, one assessment of one enterprise per row.",
        )
    )


def problem_table(problems: list[ImportProblem]) -> pd.DataFrame:
    whole = tr(lang, "（整个文件）", "(whole file)")
    return pd.DataFrame(
        {
            tr(lang, "行", "Row"): [whole if p.row is None else str(p.row) for p in problems],
            tr(lang, "列", "Column"): [p.column or "—" for p in problems],
            tr(lang, "单元格", "Cell"): [p.cell or "—" for p in problems],
            tr(lang, "问题", "Problem"): [p.message(lang) for p in problems],
        }
    )


def progress_bar():
    bar = st.progress(0.0, text=tr(lang, "正在读取…", "Reading…"))
    phases = {
        "read": tr(lang, "读取", "Reading"),
        "check": tr(lang, "检查", "Checking"),
        "write": tr(lang, "写入", "Writing"),
    }

    def show(phase: str, done: int, total: int) -> None:
        shown = f"{done}/{total}" if total else str(done)
        bar.progress(min(done / total, 1.0) if total else 0.0, text=f"{phases.get(phase, phase)} {shown}")

    return bar, show


def counts(summary: dict) -> str:
    return tr(
        lang,
        f"{summary['rows']} 行 · {summary['assessments']} 份评估 · 新建企业 {summary['enterprises_created']} · "
        f"更新企业 {summary['enterprises_updated']} · 未变企业 {summary['enterprises_unchanged']}",
        f"{summary['rows']} rows · {summary['assessments']} assessments · enterprises created "
        f"{summary['enterprises_created']}, updated {summary['enterprises_updated']}, unchanged "
        f"{summary['enterprises_unchanged']}",
    )


with st.container(border=True):
    st.subheader(tr(lang, "2. 检查并导入", "2. Check, then import"))
    source = st.radio(
        tr(lang, "数据来源", "Source"),
        list(SOURCES),
        format_func=lambda s: {
            "import": tr(lang, "企业填报的调查表", "Survey returns from enterprises"),
            "onsite": tr(lang, "主管部门现场评估", "Rated on site by the bureau"),
        }[s],
        horizontal=True,
        key="import_source",
    )
    upload = st.file_uploader(
        tr(lang, "选择文件（.xlsx 或 .csv）", "Choose a file (.xlsx or .csv)"), type=["xlsx", "csv"], key="import_file"
    )
    if upload is None:
        st.stop()
    data = upload.getvalue()
    digest = hashlib.sha256(data + source.encode()).hexdigest()
    checked = st.session_state.get(CHECKED)
    if checked is not None and checked["digest"] != digest:
        checked = None  # another file (or source): check it afresh

    if st.button(tr(lang, "检查文件（不写入）", "Check the file (writes nothing)"), key="import_check", type="primary"):
        bar, show = progress_bar()
        try:
            report = import_file(store, who, data, filename=upload.name, dry_run=True, source=source, progress=show)
        except ImportRejected as exc:
            checked = {"digest": digest, "ok": False, "problems": exc.problems, "summary": exc.report.summary()}
        except AssessmentError as exc:
            checked = None
            errors.box(exc, lang)
        else:
            checked = {
                "digest": digest,
                "ok": True,
                "problems": [],
                "summary": report.summary(),
                "warnings": report.warnings,
            }
        bar.empty()
        st.session_state[CHECKED] = checked

    if checked is None:
        st.stop()
    if not checked["ok"]:
        n = len(checked["problems"])
        st.error(
            tr(
                lang,
                f"文件中有 {n} 处问题，未写入任何数据。请改正后重新上传。",
                f"The file has {n} problem(s); nothing was written. Correct them and upload the file again.",
            ),
            icon=":material/error:",
        )
        table = problem_table(checked["problems"])
        st.dataframe(table, hide_index=True, key="import_problems")
        st.download_button(
            tr(lang, "下载问题清单（CSV）", "Download the problem list (CSV)"),
            data=csv_bytes(table),
            file_name=safe_file_name(Path(upload.name).stem, "problems", suffix=".csv"),
            mime="text/csv",
            key="problems_download",
            on_click="ignore",
        )
        st.stop()
    for zh, en in checked.get("warnings", []):
        st.warning(tr(lang, zh, en), icon=":material/warning:")
    if checked.get("imported"):
        st.success(
            tr(lang, f"已导入：{counts(checked['summary'])}", f"Imported: {counts(checked['summary'])}"),
            icon=":material/check_circle:",
        )
        st.stop()
    st.success(
        tr(
            lang,
            f"检查通过（尚未写入）：{counts(checked['summary'])}",
            f"Check passed (nothing written yet): {counts(checked['summary'])}",
        ),
        icon=":material/task_alt:",
    )
    if st.button(tr(lang, "导入", "Import"), key="import_run", type="primary", icon=":material/upload:"):
        bar, show = progress_bar()
        try:
            report = import_file(store, who, data, filename=upload.name, source=source, progress=show)
        except ImportRejected as exc:  # the data changed since the check (e.g. another import)
            st.session_state[CHECKED] = {
                "digest": digest,
                "ok": False,
                "problems": exc.problems,
                "summary": exc.report.summary(),
            }
        except AssessmentError as exc:
            errors.box(exc, lang)
            st.stop()
        else:
            st.session_state[CHECKED] = {**checked, "imported": True, "summary": report.summary()}
        st.rerun()
