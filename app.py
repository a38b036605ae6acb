"""Browser entry: page config, sign-in gate and navigation by role. Thin; pages live in ui/."""

import streamlit as st

from ui import state, warmup
from ui.i18n import language_switch, tr
from ui.markup import plain

# an emoji, drawn by the browser itself (streamlit 1.67 renders it as an inline SVG): nothing is
# fetched from outside (a ":material/...:" page icon comes from fonts.gstatic.com), and unlike an
# image file it spares the first page of a new process numpy's and PIL's import in image_to_url
ICON = "📊"
st.set_page_config(page_title="数字化转型评估工具箱", page_icon=ICON, layout="wide")
nav_box = st.sidebar.container()  # the page links, above the language switch
lang = language_switch()
who = state.actor()


def page(path: str, zh: str, en: str, **kw) -> st.Page:
    return st.Page(f"ui/pages/{path}.py", title=tr(lang, zh, en), **kw)


home = page("home", "首页", "Home", icon=":material/home:", default=True)
about = page("questionnaires", "问卷说明", "Questionnaires", icon=":material/description:")
enterprise_pages = [
    page("answer", "填写问卷", "Answer", icon=":material/edit_note:"),
    page("results", "评估结果", "Results", icon=":material/insights:"),
    page("history", "历次评估", "History", icon=":material/history:"),
]
# the bureau's pages (analysts and administrators) and the administrators' own pages
bureau_pages: list[st.Page] = []
bureau_pages.append(page("dashboard", "群体看板", "Cohort dashboard", icon=":material/dashboard:"))
bureau_pages.append(page("bureau_archetypes", "企业类型", "Archetypes", icon=":material/scatter_plot:"))
bureau_pages.append(page("bureau_progress", "进步情况", "Progress", icon=":material/trending_up:"))
bureau_pages.append(page("enterprises", "企业名录", "Enterprises", icon=":material/domain:"))
bureau_pages.append(page("bureau_reports", "报告与导出", "Reports and exports", icon=":material/download:"))
bureau_pages.append(page("bureau_verification", "核查队列", "Verification queue", icon=":material/fact_check:"))
bureau_pages.append(page("bureau_programmes", "惠企项目", "Programmes", icon=":material/volunteer_activism:"))
# the assessor's own page; never a cohort page
assessor_pages = [page("assessor", "现场核查", "On-site verification", icon=":material/task_alt:")]
admin_pages: list[st.Page] = []
admin_pages.append(page("admin_accounts", "账户与访问码", "Accounts", icon=":material/manage_accounts:"))
admin_pages.append(page("admin_import", "数据导入", "Import", icon=":material/upload_file:"))
admin_pages.append(page("admin_questionnaires", "问卷版本", "Questionnaire versions", icon=":material/fact_check:"))
admin_pages.append(page("admin_maintenance", "基准与备份", "Benchmarks and backups", icon=":material/backup:"))
admin_pages.append(page("admin_audit", "审计日志", "Audit log", icon=":material/receipt_long:"))

if who is None:
    shown = [
        home,
        page("sign_in", "登录", "Sign in", icon=":material/login:"),
        page("register", "企业注册", "Register", icon=":material/app_registration:"),
        about,
    ]
    # reachable by URL (after a refresh): they ask for a sign-in, then show the page if the
    # account may see it
    hidden = [*enterprise_pages, *bureau_pages, *admin_pages, *assessor_pages]
else:
    shown = {
        "enterprise": [home, *enterprise_pages, about],
        "analyst": [home, *bureau_pages, about],
        "admin": [home, *bureau_pages, *admin_pages, about],
        "assessor": [home, *assessor_pages, about],
    }[who.role]
    # the other pages stay reachable by URL, where each says this account may not open it
    # (rather than a silent jump to the home page)
    hidden = [p for p in (*enterprise_pages, *bureau_pages, *admin_pages, *assessor_pages) if p not in shown]

for p in shown:
    nav_box.page_link(p)

if who is not None:
    st.sidebar.caption(tr(lang, f"已登录：{plain(who.username)}", f"Signed in: {plain(who.username)}"))
    if st.sidebar.button(tr(lang, "退出登录", "Sign out"), key="sign_out"):
        state.sign_out()
        st.rerun()
elif st.session_state.get("session_expired") == "account_changed":
    st.sidebar.warning(
        tr(lang, "账户已变更（停用、改密码或改角色），请重新登录。", "Your account changed; please sign in again.")
    )
elif st.session_state.get("session_expired"):
    st.sidebar.warning(
        tr(lang, "长时间未操作，已自动退出，请重新登录。", "Your session expired; please sign in again.")
    )

warmup.start()  # the chart and dashboard libraries, in the background
st.navigation(shown + hidden, position="hidden").run()
