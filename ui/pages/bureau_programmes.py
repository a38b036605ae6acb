"""Programmes (bureau): an active programme's rules, who qualifies and on what basis, who is one
rule short, who is enrolled with which provider, and its impact with intervals."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from assessment.directory import SIZES
from assessment.errors import AssessmentError
from assessment.programmes import ProgrammeError, enrolment, load_bytes, versions
from assessment.programmes.eligibility import eligible_report, evaluate
from assessment.programmes.export import eligible_workbook
from benchmarks.programme_impact import impact
from benchmarks.statistics import MIN_COHORT
from ui import errors, filters, sign_in_form, state
from ui import labels as labels_of
from ui.i18n import current, tr

lang = current()
who = sign_in_form.require(lang, role=filters.BUREAU)
store = state.store()
st.title(tr(lang, "惠企项目", "Programmes"))
if who.role == "admin":
    with st.expander(tr(lang, "检查并启用项目文件（管理员）", "Check and activate a programme file (administrators)")):
        upload = st.file_uploader(
            tr(lang, "项目文件（YAML）", "Programme file (YAML)"), type=["yaml", "yml"], key="programme_upload"
        )
        if upload is not None:
            data = upload.getvalue()
            try:
                draft = load_bytes(data, upload.name)
            except ProgrammeError as exc:
                st.error(tr(lang, "文件有问题，未启用：", "The file has problems and was not activated:"))
                st.code("\n".join(exc.problems), language=None)
            else:
                trial = evaluate(store, draft)
                st.success(
                    tr(
                        lang,
                        f"{draft.id} {draft.version}：检查通过；现在符合条件 {int(trial.eligible_mask().sum())} 家，"
                        f"差一条 {int(trial.almost_mask().sum())} 家。",
                        f"{draft.id} {draft.version}: valid; {int(trial.eligible_mask().sum())} would qualify now, "
                        f"{int(trial.almost_mask().sum())} are one rule short.",
                    )
                )
                if st.button(tr(lang, "启用此版本", "Activate this version"), key="programme_activate"):
                    try:
                        done = versions.activate(store, who, data, upload.name)
                    except ProgrammeError as exc:
                        st.error("\n".join(exc.problems))
                    except AssessmentError as exc:
                        errors.box(exc, lang)
                    else:
                        st.session_state["programme_activated"] = f"{done.id} {done.version}"
                        st.rerun()
        activated = st.session_state.pop("programme_activated", None)
        if activated:
            st.success(tr(lang, f"已启用 {activated}。", f"Activated {activated}."), icon=":material/check_circle:")

active = [r for r in versions.listing(store, who) if r["active"]]
if not active:
    st.info(
        tr(
            lang,
            "尚未启用任何项目。管理员可用 `python cli.py programme activate FILE` 启用（示例见 programmes/ 文件夹）。",
            "No programme is active yet. An administrator activates one with `python cli.py programme activate FILE` "
            "(examples in the programmes/ folder).",
        )
    )
    st.stop()

chosen = st.selectbox(
    tr(lang, "项目", "Programme"),
    active,
    format_func=lambda r: f"{r['name'][lang]} · {r['version']}",
    key="programme_choice",
)
programme = versions.get(store, chosen["id"])
st.write(programme.description.get(lang))
st.caption(tr(lang, f"待遇：{programme.benefit.zh}", f"Benefit: {programme.benefit.en}"))
if programme.example:
    st.warning(tr(lang, "这是示例项目，不是区政策。", "This is an example programme, not district policy."))
st.markdown(
    "\n".join(f"- {programme.rule_label(rule).get(lang)}" for rule in programme.eligibility)
    + (
        "\n\n" + tr(lang, "目标：", "Target: ") + programme.rule_label(programme.target).get(lang)
        if programme.target
        else ""
    )
)


def shown_value(value) -> str:
    if value is None:
        return tr(lang, "无结果", "no result")
    if isinstance(value, bool):
        return tr(lang, "是", "yes") if value else tr(lang, "否", "no")
    if isinstance(value, float):
        return f"{value:.1f}"
    return labels_of.size(value, lang) if value in SIZES else str(value)


def basis_text(basis: list[dict]) -> str:
    shown = [f"{texts[b['rule']][lang]}：{shown_value(b['value'])}" for b in basis]
    return "；".join(shown) if lang == "zh" else "; ".join(s.replace("：", ": ") for s in shown)


with errors.shown(lang, stop=True):
    found = eligible_report(store, who, programme, almost=True)
texts = {r["rule"]: r["text"] for r in found["rules"]}

eligible_tab, almost_tab, enrolled_tab, impact_tab = st.tabs(
    [
        tr(lang, f"符合条件（{found['count']}）", f"Eligible ({found['count']})"),
        tr(lang, f"差一条（{found['almost_count']}）", f"One rule short ({found['almost_count']})"),
        tr(lang, "已参加", "Enrolled"),
        tr(lang, "效果", "Impact"),
    ]
)
enrolled = enrolment.enrolments(store, who, programme.id)
with eligible_tab:
    st.download_button(
        tr(lang, "导出 Excel", "Export to Excel"),
        eligible_workbook(found, lang),
        file_name=f"{programme.id}-eligible.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="eligible_xlsx",
    )
    st.dataframe(
        pd.DataFrame(
            {
                tr(lang, "统一社会信用代码", "Credit code"): [e["credit_code"] for e in found["enterprises"]],
                tr(lang, "企业", "Enterprise"): [e["name"] for e in found["enterprises"]],
                tr(lang, "园区", "Park"): [e["park"] for e in found["enterprises"]],
                tr(lang, "依据", "Basis"): [basis_text(e["basis"]) for e in found["enterprises"]],
            }
        ),
        hide_index=True,
        width="stretch",
        key="eligible_table",
    )
    taken = {r["credit_code"] for r in enrolled}
    names = {e["credit_code"]: e["name"] for e in found["enterprises"]}
    providers = [p["name"] for p in enrolment.providers(store, who)]
    if not providers:
        st.info(
            tr(
                lang,
                "登记参加前请先添加服务商：`python cli.py programme providers add 名称`。",
                "Add a provider before enrolling: `python cli.py programme providers add NAME`.",
            )
        )
    else:
        with st.form("enrol_form"):
            st.subheader(tr(lang, "从名单登记参加", "Enrol from the list"))
            picked = st.multiselect(
                tr(lang, "企业", "Enterprises"),
                [c for c in names if c not in taken],
                format_func=lambda c: f"{names[c]} · {c}",
                placeholder=tr(lang, "选择企业", "Choose enterprises"),
                key="enrol_pick",
            )
            provider = st.selectbox(tr(lang, "服务商", "Provider"), providers, key="enrol_provider")
            start = st.date_input(tr(lang, "开始日期", "Start date"), key="enrol_start")
            go_ahead = st.form_submit_button(tr(lang, "登记参加", "Enrol"))
        if go_ahead and picked:
            with errors.shown(lang):
                count = enrolment.enrol_many(store, who, programme.id, picked, provider, start)
                st.session_state["programme_enrolled"] = count  # said after the rerun
                st.rerun()
    done = st.session_state.pop("programme_enrolled", None)
    if done:
        st.success(tr(lang, f"已登记 {done} 家企业。", f"{done} enterprises enrolled."))
with almost_tab:
    st.dataframe(
        pd.DataFrame(
            {
                tr(lang, "统一社会信用代码", "Credit code"): [e["credit_code"] for e in found["almost"]],
                tr(lang, "企业", "Enterprise"): [e["name"] for e in found["almost"]],
                tr(lang, "差的条件", "Rule not met"): [basis_text([e["missing"]]) for e in found["almost"]],
            }
        ),
        hide_index=True,
        width="stretch",
        key="almost_table",
    )
with enrolled_tab:
    rows = enrolled
    st.dataframe(
        pd.DataFrame(
            {
                tr(lang, "统一社会信用代码", "Credit code"): [r["credit_code"] for r in rows],
                tr(lang, "企业", "Enterprise"): [r["name"] for r in rows],
                tr(lang, "服务商", "Provider"): [r["provider"] for r in rows],
                tr(lang, "开始", "Start"): [r["start_date"] for r in rows],
                tr(lang, "结束", "End"): [r["end_date"] for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
        key="enrolled_table",
    )
with impact_tab:
    if programme.target is None:
        st.info(tr(lang, "该项目没有设定目标，无法衡量效果。", "This programme sets no target: no impact to measure."))
        st.stop()
    result = impact(store, who, programme, seed=0)

    def interval(ci) -> str:
        return f"[{ci[0]:.1f}, {ci[1]:.1f}]"

    groups = [("served", tr(lang, "服务组", "Served")), ("comparison", tr(lang, "对照组", "Comparison"))]
    c1, c2, c3 = st.columns(3)
    for column, (key, label) in zip((c1, c2), groups):
        g = result[key]
        if g.get("suppressed"):
            column.metric(
                label,
                tr(lang, f"{g['n']} 家（少于 {MIN_COHORT} 家，不显示）", f"{g['n']} (under {MIN_COHORT}, not shown)"),
            )
        else:
            column.metric(
                tr(lang, f"{label}平均变化（{g['n']} 家）", f"{label}: mean change (n = {g['n']})"),
                f"{g['change']['mean']:+.1f}",
                help=tr(lang, "95% 区间 ", "95 % interval ") + interval(g["change"]["ci95"]),
            )
    diff = result["difference"]
    if diff.get("suppressed"):
        c3.metric(tr(lang, "双重差分", "Difference in differences"), "—")
    else:
        c3.metric(
            tr(lang, "双重差分", "Difference in differences"),
            f"{diff['estimate']:+.1f}",
            help=tr(lang, "95% 区间 ", "95 % interval ") + interval(diff["ci95"]),
        )
        st.caption(
            tr(lang, "双重差分 95% 区间：", "Difference in differences, 95 % interval: ") + interval(diff["ci95"])
        )
    target = result["target"]
    if not target.get("suppressed"):
        lo, hi = target["ci95"]
        st.write(
            tr(
                lang,
                f"达到目标（{target['rule']['zh']}）：{target['reached']} 家，{target['share']:.0%}（95% 区间 "
                f"{lo:.0%}–{hi:.0%}）",
                f"Reached the target ({target['rule']['en']}): {target['reached']}, {target['share']:.0%} "
                f"(95 % interval {lo:.0%}–{hi:.0%})",
            )
        )
    shown = [(label, result[key]) for key, label in groups if not result[key].get("suppressed")]
    if shown:
        figure = go.Figure()
        for name, when in (("before_mean", tr(lang, "之前", "Before")), ("after_mean", tr(lang, "之后", "After"))):
            figure.add_bar(name=when, x=[label for label, _ in shown], y=[g[name] for _, g in shown])
        figure.update_layout(
            barmode="group",
            height=320,
            yaxis_title=tr(lang, "平均分", "Mean score"),
            title=tr(
                lang,
                f"{programme.rounds.before} 轮与 {programme.rounds.after} 轮",
                f"Round {programme.rounds.before} and round {programme.rounds.after}",
            ),
        )
        st.plotly_chart(figure, key="impact_chart")
    st.dataframe(
        pd.DataFrame(
            {
                tr(lang, "服务商", "Provider"): [p["provider"] for p in result["by_provider"]],
                tr(lang, "企业数", "Enterprises"): [p["n"] for p in result["by_provider"]],
                tr(lang, "平均变化", "Mean change"): [
                    None if p.get("suppressed") else round(p["change"]["mean"], 1) for p in result["by_provider"]
                ],
                tr(lang, "95% 区间", "95 % interval"): [
                    tr(lang, f"少于 {MIN_COHORT} 家，不显示", f"under {MIN_COHORT}, not shown")
                    if p.get("suppressed")
                    else interval(p["change"]["ci95"])
                    for p in result["by_provider"]
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        key="provider_table",
    )
    st.caption(result["method"][lang])
