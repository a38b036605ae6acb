"""The bureau assigns a queued assessment to an assessor (on the verification queue page), and
sees its assignments and how far each verification has come."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import verification
from assessment.access import Actor
from assessment.db import Store
from ui import errors
from ui.i18n import tr

STATES = {None: ("待核查", "To verify"), "draft": ("核查中", "In progress"), "submitted": ("已提交", "Submitted")}


def show(store: Store, who: Actor, queue: pd.DataFrame, lang: str) -> None:
    """The assign form for the queue's assessments, then the table of assignments."""
    st.subheader(tr(lang, "安排现场核查", "Assign for verification on site"))
    people = verification.assessors(store, who)
    if not people:
        st.info(
            tr(
                lang,
                "还没有评估人员账户：请管理员在“账户与访问码”中创建（角色：评估人员）。",
                "No assessor accounts yet: an administrator creates them under Accounts (role: assessor).",
            )
        )
    elif len(queue):
        names = {
            int(r.assessment_id): f"#{int(r.assessment_id)} · {r.name} · {r.round} · "
            + tr(lang, f"自评 {int(r.level)} 级", f"level {int(r.level)}")
            for r in queue.itertuples()
        }
        by_name = {p["username"]: p for p in people}

        def person(u: str) -> str:
            p = by_name[u]
            return " · ".join(x for x in (u, p["display_name"], p["agency"]) if x)

        left, right, button = st.columns([3, 2, 1])
        chosen = left.selectbox(
            tr(lang, "评估（按队列顺序）", "Assessment (in queue order)"),
            list(names),
            format_func=names.get,
            key="assign_assessment",
        )
        assessor = right.selectbox(tr(lang, "评估人员", "Assessor"), list(by_name), format_func=person, key="assign_to")
        button.markdown("&nbsp;")
        if button.button(tr(lang, "安排", "Assign"), key="assign_button"):
            with errors.shown(lang):
                verification.assign(store, who, chosen, assessor)
                st.success(
                    tr(lang, f"已将评估 {chosen} 安排给 {assessor}。", f"Assessment {chosen} assigned to {assessor}.")
                )
    rows = verification.assignments(store, who)
    if rows:
        st.dataframe(
            pd.DataFrame(
                {
                    tr(lang, "评估", "Assessment"): [r["assessment_id"] for r in rows],
                    tr(lang, "企业", "Enterprise"): [r["name"] for r in rows],
                    tr(lang, "轮次", "Round"): [r["round"] for r in rows],
                    tr(lang, "评估人员", "Assessor"): [r["assessor"] for r in rows],
                    tr(lang, "机构", "Agency"): [r["agency"] or "—" for r in rows],
                    tr(lang, "状态", "State"): [STATES[r["onsite_status"]][lang == "en"] for r in rows],
                    tr(lang, "核查记录", "On-site record"): [r["onsite_id"] or "—" for r in rows],
                }
            ),
            hide_index=True,
            width="stretch",
            key="assignments_table",
        )
