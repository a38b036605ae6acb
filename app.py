"""Browser entry: page config, sign-in gate and navigation by role. Thin; pages live in ui/."""

import streamlit as st

from ui import state
from ui.i18n import language_switch, tr

st.set_page_config(page_title="数字化转型评估工具箱", page_icon="📊", layout="wide")
lang = language_switch()
who = state.actor()


def page(path: str, zh: str, en: str, **kw) -> st.Page:
    return st.Page(f"ui/pages/{path}.py", title=tr(lang, zh, en), **kw)


home = page("home", "首页", "Home", icon="🏠", default=True)
about = page("questionnaires", "问卷说明", "Questionnaires", icon="📋")
if who is None:
    pages = [
        home,
        page("sign_in", "登录", "Sign in", icon="🔑"),
        page("register", "企业注册", "Register", icon="📝"),
        about,
    ]
elif who.role == "enterprise":
    pages = [
        home,
        page("answer", "填写问卷", "Answer", icon="✍️"),
        page("results", "评估结果", "Results", icon="📈"),
        page("history", "历次评估", "History", icon="🗂️"),
        about,
    ]
else:
    pages = [home, about]

if who is not None:
    st.sidebar.caption(tr(lang, f"已登录：{who.username}", f"Signed in: {who.username}"))
    if st.sidebar.button(tr(lang, "退出登录", "Sign out"), key="sign_out"):
        state.sign_out()
        st.rerun()
elif st.session_state.get("session_expired"):
    st.sidebar.warning(
        tr(lang, "长时间未操作，已自动退出，请重新登录。", "Your session expired; please sign in again.")
    )

st.navigation(pages).run()
