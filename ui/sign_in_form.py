"""The sign-in form, used by the sign-in page and by every page that needs a signed-in user
(so that after a browser refresh the user signs in where they were)."""

from __future__ import annotations

import streamlit as st

from assessment import accounts
from assessment.access import Actor
from ui import errors, state
from ui.i18n import tr


def show(lang: str, key: str = "sign_in") -> None:
    with st.form(f"{key}_form"):
        username = st.text_input(
            tr(lang, "统一社会信用代码或用户名", "Credit code or username"),
            key=f"{key}_user",
            help=tr(lang, "企业用户请输入 18 位统一社会信用代码", "Enterprise users: the 18-character credit code"),
        )
        password = st.text_input(tr(lang, "密码", "Password"), type="password", key=f"{key}_password")
        if st.form_submit_button(tr(lang, "登录", "Sign in"), type="primary"):
            with errors.shown(lang):
                who = accounts.authenticate(state.store(), username, password, address=state.client_address())
                state.sign_in(who)
                st.rerun()


def require(lang: str, role: str | tuple[str, ...] = "enterprise") -> Actor:
    """The signed-in user with one of ``roles``; otherwise a sign-in form, and the page stops."""
    roles = (role,) if isinstance(role, str) else role
    who = state.actor()
    if who is not None and who.role in roles:
        return who
    if who is None:
        st.info(tr(lang, "请先登录。", "Please sign in first."))
        show(lang, key="gate")
    else:
        st.error(tr(lang, "当前账户无权访问此页面。", "This account cannot open this page."))
        st.page_link("ui/pages/home.py", label=tr(lang, "返回首页", "Back to the home page"), icon=":material/home:")
    st.stop()
    raise AssertionError("unreachable")
