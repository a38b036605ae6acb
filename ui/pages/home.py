"""Arrival: what the toolkit does, which questionnaire to take, and the demo-data notice."""

from __future__ import annotations

import streamlit as st

from assessment.enterprises import at_a_glance
from ui import state
from ui.i18n import current, tr

lang = current()
who = state.actor()
st.title(tr(lang, "数字化转型评估工具箱", "Digital Transformation Assessment Toolkit"))
st.write(
    tr(
        lang,
        "李沧区数字经济发展服务平台：企业在线自评数字化水平和数据管理能力，随时保存、随时继续，"
        "提交后得到等级、雷达图、同行对比、企业类型和分步骤改进计划，并可下载 PDF 报告。",
        "The Licang District digital-economy toolkit: enterprises assess their digital level and data-"
        "management capability online, save as they go, and get a level, a radar chart, a peer comparison, "
        "an archetype, a step-by-step improvement plan and a PDF report.",
    )
)
# read without opening the store: a new server's first page draws without sqlite-utils and pandas
synthetic, firms = at_a_glance(state.path())
if synthetic:
    st.warning(
        tr(
            lang,
            "本系统当前含有**合成演示数据**（虚构企业），用于演示和培训，不代表任何真实企业。",
            "This system currently holds **synthetic demo data** (invented enterprises) for demonstration "
            "and training; it describes no real enterprise.",
        ),
        icon=":material/science:",
    )

if firms == 0 and who is not None and who.role == "admin":
    with st.container(border=True):
        st.markdown(
            tr(
                lang,
                "**数据库是空的。** 可以先生成一批合成演示数据（虚构企业），看看各项功能。",
                "**The database is empty.** You can add a synthetic demo cohort (invented enterprises) "
                "to see every part of the product.",
            )
        )
        if st.button(
            tr(lang, "生成演示数据（1000 家虚构企业）", "Add demo data (1,000 invented enterprises)"), key="demo"
        ):
            bar = st.progress(0.0, text=tr(lang, "正在生成…", "Generating…"))

            def progress(done: int, total: int) -> None:
                bar.progress(done / total, text=tr(lang, f"已生成 {done}/{total} 家", f"{done} of {total} generated"))

            with st.spinner(tr(lang, "正在生成并聚类…", "Generating and clustering…")):
                from benchmarks.demo import generate_and_fit  # only here: the first page draws without it

                generate_and_fit(state.store(), who, 1000, 2026, progress=progress)
            st.rerun()

st.subheader(tr(lang, "选哪份问卷？", "Which questionnaire?"))
left, right = st.columns(2)
with left, st.container(border=True):
    st.markdown(tr(lang, "#### 中小企业数字化水平评测", "#### SME digital level"))
    st.write(
        tr(
            lang,
            "适合**大多数中小企业**，尤其是制造业企业。15 道计分题 + 16 个业务场景，约 20 分钟。"
            "依据工信部《中小企业数字化水平评测指标（2024年版）》。",
            "For **most SMEs**, manufacturers in particular. 15 scored questions and 16 business scenarios, "
            "about 20 minutes. Based on MIIT's SME digital level indicators (2024 edition).",
        )
    )
with right, st.container(border=True):
    st.markdown(tr(lang, "#### 数据管理能力成熟度（DCMM）", "#### Data management maturity (DCMM)"))
    st.write(
        tr(
            lang,
            "适合**数据量大、以数据为核心业务**或准备 DCMM 贯标的企业。快速模式每个能力项选一个等级"
            "（约 33 题，15 分钟）；详细模式逐条判断评估标准（约 430 条，更准确）。",
            "For **data-heavy firms** or firms preparing a DCMM assessment. Quick mode picks a level per "
            "capability item (about 33 questions, 15 minutes); detailed mode checks each criterion "
            "(about 430, more accurate).",
        )
    )

if who is None:
    st.info(
        tr(
            lang,
            "首次使用请先**企业注册**；已注册请**登录**；持主管部门发放访问码的企业请在登录页使用访问码。",
            "New here? **Register** your enterprise. Registered? **Sign in**. Got an access code from the "
            "bureau? Use it on the sign-in page.",
        ),
        icon=":material/info:",  # an alert without an icon makes Streamlit search its text for one
    )
    c1, c2 = st.columns(2)
    if c1.button(tr(lang, "登录", "Sign in"), type="primary", width="stretch", key="go_sign_in"):
        st.switch_page("ui/pages/sign_in.py")
    if c2.button(tr(lang, "企业注册", "Register"), width="stretch", key="go_register"):
        st.switch_page("ui/pages/register.py")
elif who.role == "enterprise":
    if st.button(tr(lang, "开始或继续填写", "Start or continue"), type="primary", key="go_answer"):
        st.switch_page("ui/pages/answer.py")
elif who.role == "assessor":
    if st.button(tr(lang, "打开核查任务", "Open my verifications"), type="primary", key="go_assessor"):
        st.switch_page("ui/pages/assessor.py")
