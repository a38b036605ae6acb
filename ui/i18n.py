"""Language choice shared by every page: Chinese first, English available."""

from __future__ import annotations

import streamlit as st

LANGS = {"zh": "中文", "en": "English"}


def language_switch(key: str = "lang") -> str:
    """Draw the language switch in the sidebar and return 'zh' or 'en'.

    The choice is kept in the URL (``?lang=en``) so that it survives a browser refresh.
    """
    if key not in st.session_state:
        wanted = st.query_params.get("lang", "zh")
        st.session_state[key] = wanted if wanted in LANGS else "zh"
    lang = st.sidebar.radio("语言 / Language", list(LANGS), format_func=LANGS.get, key=key, horizontal=True)
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def current() -> str:
    return st.session_state.get("lang", "zh")


def tr(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh
