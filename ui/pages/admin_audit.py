"""Administration: the audit log (who did what to which record, and when), filtered by user,
action, outcome and date, newest first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import audit
from assessment.neutralise import csv_bytes
from ui import sign_in_form, state
from ui.i18n import current, tr

lang = current()
who = sign_in_form.require(lang, role="admin")
store = state.store()
LIMIT = 500
st.title(tr(lang, "审计日志", "Audit log"))

OUTCOMES = {
    "ok": tr(lang, "成功", "ok"),
    "failed": tr(lang, "失败", "failed"),
    "denied": tr(lang, "被拒绝", "denied"),
}
ROLES = {
    "enterprise": tr(lang, "企业", "enterprise"),
    "analyst": tr(lang, "分析员", "analyst"),
    "admin": tr(lang, "管理员", "administrator"),
}
recent = audit.entries(store, who, limit=5000)
actions = sorted({r["action"] for r in recent})
users = sorted({r["actor"] for r in recent})

user_col, action_col, outcome_col, since_col = st.columns(4)
user = user_col.selectbox(
    tr(lang, "用户", "User"),
    users,
    index=None,
    placeholder=tr(lang, "全部", "all"),
    accept_new_options=True,
    key="audit_user",
)
action = action_col.selectbox(
    tr(lang, "操作", "Action"), actions, index=None, placeholder=tr(lang, "全部", "all"), key="audit_action"
)
outcome = outcome_col.selectbox(
    tr(lang, "结果", "Outcome"),
    list(OUTCOMES),
    index=None,
    format_func=OUTCOMES.get,
    placeholder=tr(lang, "全部", "all"),
    key="audit_outcome",
)
since = since_col.date_input(tr(lang, "起始日期（UTC）", "Since (UTC)"), value=None, key="audit_since")

rows = audit.entries(
    store, who, user=user, action=action, outcome=outcome, since=since.isoformat() if since else None, limit=LIMIT
)
table = pd.DataFrame(
    {
        tr(lang, "时间（UTC）", "Time (UTC)"): [r["at"].replace("T", " ")[:19] for r in rows],
        tr(lang, "用户", "User"): [r["actor"] for r in rows],
        tr(lang, "角色", "Role"): [ROLES.get(r["role"], r["role"]) for r in rows],
        tr(lang, "操作", "Action"): [r["action"] for r in rows],
        tr(lang, "对象", "Record"): [
            " ".join(str(x) for x in (r["record_type"], r["record_id"]) if x is not None) for r in rows
        ],
        tr(lang, "结果", "Outcome"): [OUTCOMES.get(r["outcome"], r["outcome"]) for r in rows],
        tr(lang, "详情", "Detail"): [r["detail"] or "" for r in rows],
    }
)
st.caption(
    tr(
        lang,
        f"共 {len(rows)} 条" + ("（只显示最新的 500 条，请缩小筛选范围）" if len(rows) >= LIMIT else ""),
        f"{len(rows)} entries" + (" (the newest 500 only: narrow the filters)" if len(rows) >= LIMIT else ""),
    )
)
st.dataframe(
    table,
    hide_index=True,
    key="audit_table",
    column_config={tr(lang, "详情", "Detail"): st.column_config.TextColumn(width="large")},
)
st.download_button(
    tr(lang, "下载筛选结果（CSV）", "Download these entries (CSV)"),
    data=csv_bytes(table),
    file_name="audit.csv",
    mime="text/csv",
    key="audit_download",
    on_click="ignore",
    icon=":material/download:",
)
