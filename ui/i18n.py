"""Language choice shared by every page: Chinese first, English available."""

from __future__ import annotations

import streamlit as st

LANGS = {"zh": "中文", "en": "English"}


def language_switch(key: str = "lang") -> str:
    """Draw the language switch in the sidebar and return 'zh' or 'en'.

    The choice is kept in the URL (``?lang=en``) so that it survives a browser refresh.
    """
    default = st.query_params.get("lang", "zh")
    if key not in st.session_state:
        st.session_state[key] = default if default in LANGS else "zh"
    lang = st.sidebar.radio("语言 / Language", list(LANGS), format_func=LANGS.get, key=key, horizontal=True)
    st.query_params["lang"] = lang
    return lang


def tr(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh
