"""Language choice shared by every page: Chinese first, English available."""

from __future__ import annotations

import streamlit as st

LANGS = {"zh": "中文", "en": "English"}
CHOICE = "lang"  # the session's language (a plain key: widget state can be dropped on page switches)


def _chosen() -> None:
    st.session_state[CHOICE] = st.session_state["lang_switch"]


def language_switch() -> str:
    """Draw the language switch in the sidebar and return 'zh' or 'en'.

    The choice is also kept in the URL (``?lang=en``) so that it survives a browser refresh.
    """
    if CHOICE not in st.session_state:
        wanted = st.query_params.get("lang", "zh")
        st.session_state[CHOICE] = wanted if wanted in LANGS else "zh"
    lang = st.session_state[CHOICE]
    st.session_state["lang_switch"] = lang
    st.sidebar.radio(
        "语言 / Language", list(LANGS), format_func=LANGS.get, key="lang_switch", horizontal=True, on_change=_chosen
    )
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def current() -> str:
    return st.session_state.get(CHOICE, "zh")


def tr(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh
