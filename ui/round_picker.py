"""The round an enterprise works in: one of the rounds the bureau keeps open, never free text."""

from __future__ import annotations

import streamlit as st

from assessment import rounds
from assessment.db import Store
from ui.i18n import tr


def show(store: Store, lang: str, key: str, label: str) -> str | None:
    """A selectbox of the open rounds, the latest preselected; with none open, a note and None."""
    labels = rounds.open_rounds(store)
    if not labels:
        st.info(
            tr(
                lang,
                "主管部门目前没有开放的评估轮次，暂时不能开始新的评估。",
                "The bureau has no round open at the moment, so no assessment can be started for now.",
            )
        )
        return None
    return st.selectbox(
        label,
        labels,
        index=len(labels) - 1,
        key=key,
        help=tr(lang, "轮次由主管部门设定", "The bureau sets the rounds"),
    )
