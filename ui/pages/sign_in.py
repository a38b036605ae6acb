"""Sign in with a username (an enterprise's credit code) and password, or first sign-in with an
access code issued by the bureau (then set a password)."""

from __future__ import annotations

import streamlit as st

from assessment import accounts, passwords
from ui import errors, sign_in_form, state
from ui.i18n import current, tr

lang = current()
st.title(tr(lang, "登录", "Sign in"))
password_tab, code_tab = st.tabs([tr(lang, "密码登录", "Password"), tr(lang, "访问码首次登录", "Access code")])

with password_tab:
    sign_in_form.show(lang)

with code_tab, st.form("access_code_form"):
    st.caption(
        tr(
            lang,
            "主管部门可为企业发放访问码。首次登录时输入信用代码和访问码，并设置密码。",
            "The bureau can issue your enterprise an access code. Enter your credit code and the code, "
            "and choose a password.",
        )
    )
    code = st.text_input(tr(lang, "统一社会信用代码", "Credit code"), key="code_credit")
    access = st.text_input(tr(lang, "访问码", "Access code"), key="code_value", placeholder="XXXX-XXXX-XXXX")
    new1 = st.text_input(
        tr(lang, "设置密码", "New password"), type="password", key="code_pw1", help=tr(lang, *passwords.RULE)
    )
    new2 = st.text_input(tr(lang, "再次输入密码", "Repeat the password"), type="password", key="code_pw2")
    if st.form_submit_button(tr(lang, "验证并登录", "Verify and sign in"), type="primary"):
        if new1 != new2:
            st.error(tr(lang, "两次输入的密码不一致", "The two passwords differ"), icon=":material/error:")
        else:
            with errors.shown(lang):
                who = accounts.redeem_access_code(state.store(), code, access, new1)
                state.sign_in(who)
                st.rerun()
