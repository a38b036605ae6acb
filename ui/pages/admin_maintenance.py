"""Administration: the assessment rounds enterprises choose from (add, open, close), refresh the
benchmarks and archetypes (a refit per questionnaire, with progress), and download a backup of
the database."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from assessment import backup_archive, rounds
from assessment.errors import AssessmentError
from benchmarks import cohorts
from questionnaires import available
from ui import errors, sign_in_form, state
from ui.i18n import current, tr

lang = current()
who = sign_in_form.require(lang, role="admin")
store = state.store()
banks = available()
REFIT = "maintenance_refit"  # the outcome of the last refresh
SNAPSHOT = "maintenance_snapshot"  # the outcome of the last snapshot refresh
BACKUP = "maintenance_backup"  # the last backup taken in this session: (file name, bytes, counts)
TABLES = {
    "enterprises": tr(lang, "企业", "enterprises"),
    "assessments": tr(lang, "评估", "assessments"),
    "answers": tr(lang, "答案", "answers"),
    "results": tr(lang, "结果", "results"),
    "users": tr(lang, "账户", "accounts"),
    "audit": tr(lang, "审计记录", "audit entries"),
    "evidence files": tr(lang, "佐证文件", "evidence files"),
}
st.title(tr(lang, "基准刷新与备份", "Benchmarks and backups"))


def shown_time(stamp: str) -> str:
    return stamp.replace("T", " ")[:19]


with st.container(border=True):
    st.subheader(tr(lang, "评估轮次", "Assessment rounds"))
    st.caption(
        tr(
            lang,
            "企业只能在开放的轮次中开始、提交或修改评估；关闭一轮后，该轮的企业自评不再变化（主管部门的记录仍可更正）。"
            "导入可使用任何已设定的轮次。轮次以四位年份开头，如 2026、2026H2。",
            "Enterprises start, submit and correct assessments only in open rounds; once a round is closed its "
            "self-assessments no longer change (the bureau's own records stay correctable). Imports may name any "
            "listed round. A round starts with its four-digit year, e.g. 2026, 2026H2.",
        )
    )
    listed = rounds.list_rounds(store, who)
    if listed:
        st.dataframe(
            pd.DataFrame(
                {
                    tr(lang, "轮次", "Round"): [r["label"] for r in listed],
                    tr(lang, "状态", "State"): [
                        tr(lang, "开放", "open") if r["open"] else tr(lang, "已关闭", "closed") for r in listed
                    ],
                    tr(lang, "设定人", "Added by"): [r["created_by"] for r in listed],
                    tr(lang, "设定时间（UTC）", "Added (UTC)"): [shown_time(r["created_at"]) for r in listed],
                }
            ),
            hide_index=True,
            key="rounds_table",
        )
    else:
        st.info(
            tr(
                lang,
                "尚未设定任何轮次：企业在有开放的轮次之前不能开始评估。",
                "No rounds yet: enterprises cannot start an assessment until one is open.",
            )
        )
    with st.form("round_add_form", clear_on_submit=True):
        label = st.text_input(tr(lang, "新轮次", "New round"), max_chars=rounds.MAX_LENGTH, key="round_label")
        if st.form_submit_button(tr(lang, "添加轮次（开放）", "Add the round (open)"), icon=":material/add:"):
            with errors.shown(lang):
                added = rounds.add(store, who, label)
                st.session_state["round_pick"] = added["label"]  # ready to be closed later
                st.session_state["round_done"] = tr(
                    lang, f"已添加轮次 {added['label']}", f"Round {added['label']} added"
                )
                st.rerun()
    if listed:
        chosen = st.selectbox(
            tr(lang, "开放或关闭轮次", "Open or close a round"),
            [r["label"] for r in listed],
            index=len(listed) - 1,
            key="round_pick",
        )
        is_open = next(r["open"] for r in listed if r["label"] == chosen)
        if st.button(
            tr(lang, "关闭该轮次", "Close this round")
            if is_open
            else tr(lang, "重新开放该轮次", "Open this round again"),
            key="round_toggle",
        ):
            with errors.shown(lang):
                rounds.set_open(store, who, chosen, not is_open)
                st.session_state["round_done"] = (
                    tr(lang, f"轮次 {chosen} 已关闭", f"Round {chosen} closed")
                    if is_open
                    else tr(lang, f"轮次 {chosen} 已开放", f"Round {chosen} opened")
                )
                st.rerun()
    if done := st.session_state.pop("round_done", None):
        st.success(done, icon=":material/check_circle:")

with st.container(border=True):
    st.subheader(tr(lang, "刷新基准与企业类型", "Refresh benchmarks and archetypes"))
    st.caption(
        tr(
            lang,
            "按各问卷当前的已提交评估重新聚类企业类型（标签与上次保持一致），更新企业看到的同行基准快照，"
            "并清除页面上缓存的统计结果。导入一批数据或一轮评估结束后运行；服务器每晚也会自动更新基准快照。",
            "Refits the archetypes of each questionnaire on its current submitted assessments (labels stay "
            "stable against the last fit), updates the benchmark snapshot that enterprises are compared with, "
            "and clears the statistics the pages keep. Run it after an import or at the end of a round; the "
            "server also updates the snapshot every night.",
        )
    )
    models = {qid: cohorts.active_model(store, qid) for qid in banks}
    st.dataframe(
        pd.DataFrame(
            {
                tr(lang, "问卷", "Questionnaire"): list(banks),
                tr(lang, "名称", "Title"): [banks[q].title.get(lang) for q in banks],
                tr(lang, "企业类型数", "Archetypes"): [str(m["k"]) if m else "—" for m in models.values()],
                tr(lang, "样本数", "Assessments"): [str(m["data_count"]) if m else "—" for m in models.values()],
                tr(lang, "问卷版本", "Version"): [m["version"] if m else "—" for m in models.values()],
                tr(lang, "上次聚类（UTC）", "Last fitted (UTC)"): [
                    shown_time(m["fitted_at"]) if m else tr(lang, "尚未聚类", "never") for m in models.values()
                ],
            }
        ),
        hide_index=True,
        key="models_table",
    )
    taken = cohorts.snapshot_listing(store, who)
    st.dataframe(
        pd.DataFrame(
            {
                tr(lang, "问卷", "Questionnaire"): [r["questionnaire"] for r in taken],
                tr(lang, "轮次", "Round"): [r["round"] for r in taken],
                tr(lang, "基准企业数", "Enterprises in the benchmark"): [r["enterprises"] for r in taken],
                tr(lang, "基准更新于（UTC）", "Benchmark updated (UTC)"): [shown_time(r["taken_at"]) for r in taken],
            }
        ),
        hide_index=True,
        key="snapshots_table",
    )
    if st.button(tr(lang, "刷新全部", "Refresh all"), type="primary", key="refit_all", icon=":material/refresh:"):
        bar = st.progress(0.0, text=tr(lang, "正在刷新…", "Refreshing…"))
        outcome = {}
        for n, qid in enumerate(banks):
            bar.progress(n / len(banks), text=tr(lang, f"正在聚类 {qid}…", f"Fitting {qid}…"))
            with st.spinner(tr(lang, f"正在聚类 {qid}…", f"Fitting {qid}…")):
                try:
                    model = cohorts.fit(store, who, qid)
                except AssessmentError as exc:
                    outcome[qid] = (False, exc.message(lang))
                else:
                    outcome[qid] = (
                        True,
                        tr(
                            lang,
                            f"{model['k']} 个企业类型，{model['data_count']} 份评估",
                            f"{model['k']} archetypes from {model['data_count']} assessments",
                        ),
                    )
        bar.progress(len(banks) / (len(banks) + 1), text=tr(lang, "正在更新基准快照…", "Updating the snapshot…"))
        try:
            snapshot = cohorts.refresh_snapshot(store, who, list(banks))
        except AssessmentError as exc:
            st.session_state[SNAPSHOT] = (False, exc.message(lang))
        else:
            counted = sum(sum(s["rounds"].values()) for s in snapshot.values())
            st.session_state[SNAPSHOT] = (
                True,
                tr(lang, f"基准快照已更新（{counted} 份评估）", f"Benchmark snapshot updated ({counted} assessments)"),
            )
        bar.progress(1.0, text=tr(lang, "完成", "Done"))
        st.cache_data.clear()  # cohort figures the dashboards keep are recomputed on their next view
        st.session_state[REFIT] = outcome
        st.rerun()
    outcome = st.session_state.get(REFIT)
    if outcome:
        for qid, (ok, text) in outcome.items():
            (st.success if ok else st.warning)(f"{qid}: {text}")
    if SNAPSHOT in st.session_state:
        ok, text = st.session_state[SNAPSHOT]
        (st.success if ok else st.warning)(text)

with st.container(border=True):
    st.subheader(tr(lang, "数据库备份", "Database backup"))
    st.caption(
        tr(
            lang,
            "在应用运行时生成数据库及佐证文件的一致副本（一个 zip 文件）并下载。"
            "定期备份请用服务器上的定时任务（cli.py backup）；"
            "恢复只能在服务器上用 cli.py restore 完成。",
            "Takes a consistent copy of the database and its evidence files (one zip file) while the app runs, "
            "to download. Scheduled backups run on "
            "the server (cli.py backup); restoring is done on the server with cli.py restore.",
        )
    )
    if st.button(tr(lang, "生成备份", "Make a backup"), key="backup_make", icon=":material/backup:"):
        name = f"assessment-{datetime.now():%Y%m%d-%H%M%S}.zip"
        with tempfile.TemporaryDirectory() as tmp, st.spinner(tr(lang, "正在备份…", "Backing up…")):
            with errors.shown(lang):
                info = backup_archive.backup(store, who, Path(tmp) / name)
                st.session_state[BACKUP] = (name, info.path.read_bytes(), info.counts)
    taken = st.session_state.get(BACKUP)
    if taken:
        name, data, counts = taken
        st.success(
            tr(
                lang,
                f"备份 {name} 已生成（{len(data) / 1e6:.1f} MB）",
                f"Backup {name} ready ({len(data) / 1e6:.1f} MB)",
            ),
            icon=":material/check_circle:",
        )
        st.caption(" · ".join(f"{TABLES.get(table, table)} {count}" for table, count in counts.items()))
        st.download_button(
            tr(lang, "下载备份文件", "Download the backup"),
            data=data,
            file_name=name,
            mime="application/zip",
            key="backup_download",
            on_click="ignore",
            type="primary",
            icon=":material/download:",
        )
