"""Self-reported and verified side by side (``assessment.verification.comparison``): both levels,
who verified and when, and the items where the assessor found otherwise, with its comments.
Shown on the enterprise's results page, the bureau's drill-down and the assessor's page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import verification, verified_items
from assessment.access import Actor
from assessment.db import Store
from assessment.errors import AssessmentError
from questionnaires import get
from ui import state
from ui.i18n import tr


def item_name(q, item_id: str, lang: str) -> str:
    """An item's display name: DCMM clause and name; SME question or scenario name."""
    return verified_items.item_label(q, item_id)[lang]


def signed_text(signed: dict, lang: str) -> str:
    who = signed["name"] or signed["by"]
    if signed.get("agency"):
        who = f"{who}（{signed['agency']}）" if lang == "zh" else f"{who} ({signed['agency']})"
    at = (signed["at"] or "").replace("T", " ")[:16]
    return tr(lang, f"核查人：{who} · 提交于 {at}（UTC）", f"Verified by {who} · submitted {at} (UTC)")


def side_by_side(store: Store, who: Actor, aid: int, lang: str, key: str = "") -> None:
    """Draw the comparison of an assessment with its verification; nothing when unverified."""
    try:
        both = verification.comparison(store, who, aid)
    except AssessmentError as exc:
        state.error_box(exc, lang)
        return
    if both is None:
        return
    q = get(both["questionnaire"])
    st.subheader(tr(lang, "自评与现场核查", "Self-assessed and verified on site"))
    c1, c2 = st.columns(2)
    c1.metric(tr(lang, "自评等级", "Self-assessed level"), both["self_level"])
    c2.metric(
        tr(lang, "核查等级", "Verified level"),
        both["verified_level"],
        delta=both["verified_level"] - both["self_level"] or None,
    )
    st.caption(signed_text(both["signed"], lang))
    differs = [i for i in both["items"] if i["differs"]]
    if not differs:
        st.success(
            tr(lang, "核查结果与自评逐项一致。", "The verification agrees with the self-assessment item by item.")
        )
        return
    unit = tr(lang, "等级", "level") if q.kind == "dcmm" else tr(lang, "得分或等级", "points or level")
    st.markdown(
        tr(
            lang,
            f"有 {len(differs)} 项核查结果与自评不同（{unit}）：",
            f"{len(differs)} items were verified differently ({unit}):",
        )
    )
    st.dataframe(
        pd.DataFrame(
            {
                tr(lang, "项目", "Item"): [item_name(q, i["id"], lang) for i in differs],
                tr(lang, "自评", "Self"): [f"{i['self']:g}" for i in differs],
                tr(lang, "核查", "Verified"): [f"{i['verified']:g}" for i in differs],
                tr(lang, "核查意见", "Assessor's comment"): [i["comment"] or "—" for i in differs],
            }
        ),
        hide_index=True,
        width="stretch",
        key=f"{key}verified_items",
    )
