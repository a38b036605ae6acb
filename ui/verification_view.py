"""Self-reported and verified side by side (``assessment.verification.comparison``): both levels
(CMMM: with names, scores and paths, marked as estimates), who verified and when, and the items
where the assessor found otherwise, with its comments. Shown on the enterprise's results page, the
bureau's drill-down and the assessor's page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import verification, verified_items
from assessment.access import Actor
from assessment.db import Store
from assessment.errors import AssessmentError
from questionnaires import get
from questionnaires.schema import CmmmQuestionnaire
from ui import errors
from ui.i18n import tr


def item_name(q, item_id: str, lang: str) -> str:
    """An item's display name: DCMM clause and name; SME question or scenario name."""
    return verified_items.item_label(q, item_id)[lang]


def level_text(q, level: int | None, lang: str) -> str:
    """A level for display: CMMM "2 级 · 规范级" (0: 一级以下; None: not applicable); others the number."""
    if not isinstance(q, CmmmQuestionnaire):
        return "—" if level is None else str(level)
    if level is None:
        return verified_items.NOT_APPLICABLE_TEXT[lang]
    name = q.level_name(level)
    if level == 0:
        return name.get(lang) if name else "0"
    return tr(lang, f"{level} 级", f"level {level}") + (f" · {name.get(lang)}" if name else "")


def signed_text(signed: dict, lang: str) -> str:
    who = signed["name"] or signed["by"]
    if signed.get("agency"):
        who = f"{who}（{signed['agency']}）" if lang == "zh" else f"{who} ({signed['agency']})"
    at = (signed["at"] or "").replace("T", " ")[:16]
    return tr(lang, f"核查人：{who} · 提交于 {at}（UTC）", f"Verified by {who} · submitted {at} (UTC)")


def _path(q, path: str | None, lang: str) -> str:
    return q.path_names[path].get(lang) if path in q.path_names else "—"


def side_by_side(store: Store, who: Actor, aid: int, lang: str, key: str = "") -> None:
    """Draw the comparison of an assessment with its verification; nothing when unverified."""
    try:
        both = verification.comparison(store, who, aid)
    except AssessmentError as exc:
        errors.box(exc, lang)
        return
    if both is None:
        return
    q = get(both["questionnaire"])
    st.subheader(tr(lang, "自评与现场核查", "Self-assessed and verified on site"))
    c1, c2 = st.columns(2)
    cmmm = isinstance(q, CmmmQuestionnaire)
    estimate = tr(lang, "（估算）", " (estimate)") if cmmm else ""
    c1.metric(tr(lang, "自评等级", "Self-assessed level") + estimate, level_text(q, both["self_level"], lang))
    c2.metric(
        tr(lang, "核查等级", "Verified level") + estimate,
        level_text(q, both["verified_level"], lang),
        delta=both["verified_level"] - both["self_level"] or None,
    )
    if cmmm:
        c1.caption(tr(lang, "得分 ", "Score ") + f"{both['self_score']:.2f} · " + _path(q, both["self_path"], lang))
        c2.caption(
            tr(lang, "得分 ", "Score ") + f"{both['verified_score']:.2f} · " + _path(q, both["verified_path"], lang)
        )
        if q.estimate_note:
            st.caption(q.estimate_note.get(lang))
    st.caption(signed_text(both["signed"], lang))
    differs = [i for i in both["items"] if i["differs"]]
    if not differs:
        st.success(
            tr(lang, "核查结果与自评逐项一致。", "The verification agrees with the self-assessment item by item.")
        )
        return
    unit = tr(lang, "等级", "level") if q.kind in ("dcmm", "cmmm") else tr(lang, "得分或等级", "points or level")
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
                tr(lang, "自评", "Self"): [verified_items.value_text(i["self"], lang) for i in differs],
                tr(lang, "核查", "Verified"): [verified_items.value_text(i["verified"], lang) for i in differs],
                tr(lang, "核查意见", "Assessor's comment"): [i["comment"] or "—" for i in differs],
            }
        ),
        hide_index=True,
        width="stretch",
        key=f"{key}verified_items",
    )
