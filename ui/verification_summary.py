"""What verification found across the cohort (``benchmarks.verification_gaps``): the share
verified, the mean self-minus-verified gap by item, and the flags that proved right."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment.access import Actor
from assessment.cohort import CohortFilter
from assessment.db import Store
from assessment.doubt import FLAG_NAMES
from assessment.errors import AssessmentError
from benchmarks import verification_gaps
from questionnaires import get
from ui import errors, verification_view
from ui.i18n import tr

SHOWN_ITEMS = 15


def show(store: Store, who: Actor, flt: CohortFilter, lang: str) -> None:
    st.subheader(tr(lang, "核查发现", "What verification found"))
    try:
        found = verification_gaps.summary(store, who, flt)
    except AssessmentError as exc:
        errors.box(exc, lang)
        return
    q = get(flt.questionnaire)
    c1, c2, c3 = st.columns(3)
    share = "—" if found["share"] is None else f"{found['share']:.1%}"
    c1.metric(tr(lang, "已现场核查的企业占比", "Share of the cohort verified"), share)
    c2.metric(tr(lang, "已核查的自评", "Self-assessments verified"), found["pairs"])
    gap = "—" if found["level_gap"] is None else f"{found['level_gap']:+.2f}"
    c3.metric(tr(lang, "自评减核查（等级，平均）", "Self minus verified (level, mean)"), gap)
    if not found["pairs"]:
        st.caption(tr(lang, "当前范围内还没有提交的核查。", "No verification submitted in this view yet."))
        return
    f = found["flags"]
    st.markdown(
        tr(
            lang,
            f"有疑点的 {f['flagged']} 份自评中，{f['flagged_lower']} 份核查等级更低；"
            f"无疑点的 {f['unflagged']} 份中，{f['unflagged_lower']} 份更低。",
            f"Of {f['flagged']} flagged self-assessments, {f['flagged_lower']} were verified lower; "
            f"of {f['unflagged']} without flags, {f['unflagged_lower']}.",
        )
    )
    if f["by_code"]:
        st.dataframe(
            pd.DataFrame(
                {
                    tr(lang, "疑点", "Flag"): [FLAG_NAMES[c][lang] for c in f["by_code"]],
                    tr(lang, "已核查", "Verified"): [v["pairs"] for v in f["by_code"].values()],
                    tr(lang, "核查更低", "Verified lower"): [v["lower"] for v in f["by_code"].values()],
                }
            ),
            hide_index=True,
            key="flags_proved",
        )
    items = found["items"][found["items"]["mean_gap"] != 0].head(SHOWN_ITEMS)  # items verified as self-assessed
    if items.empty:
        st.caption(tr(lang, "各项核查结果与自评一致。", "Every item was verified as self-assessed."))
        return
    st.markdown(
        tr(
            lang,
            "**企业最常高估的项目**（自评减核查，平均）",
            "**Items enterprises overrate most** (self minus verified, mean)",
        )
    )
    st.dataframe(
        pd.DataFrame(
            {
                tr(lang, "项目", "Item"): [verification_view.item_name(q, i, lang) for i in items["item"]],
                tr(lang, "平均差", "Mean gap"): items["mean_gap"].round(2),
                tr(lang, "高估的企业", "Overrated by"): items["overrated"],
                tr(lang, "已核查", "Verified"): items["pairs"],
            }
        ),
        hide_index=True,
        width="stretch",
        key="item_gaps",
    )
