"""Enterprise registration: profile and password. The credit code is checked as it is typed."""

from __future__ import annotations

import streamlit as st

from assessment import accounts, passwords
from assessment import credit_code as cc
from assessment.directory import INDUSTRIES, PARKS, SIZES, size_class
from ui import errors, state
from ui.i18n import current, tr

lang = current()
st.title(tr(lang, "企业注册", "Register your enterprise"))
st.caption(tr(lang, "带 * 的为必填项。", "Fields marked * are required."))

code = st.text_input(tr(lang, "统一社会信用代码 *", "Unified social credit code *"), key="reg_code", max_chars=24)
if code.strip():
    with errors.shown(lang):
        cc.validate(code)
        st.success(
            tr(lang, "信用代码格式和校验位正确", "The credit code and its check character are valid"),
            icon=":material/check_circle:",
        )

name = st.text_input(tr(lang, "企业名称 *", "Enterprise name *"), key="reg_name", max_chars=200)
c1, c2 = st.columns(2)
park_options = [p["name"] for p in PARKS]
park = c1.selectbox(
    tr(lang, "所在园区", "Park"),
    park_options,
    index=None,
    key="reg_park",
    format_func=lambda n: n if lang == "zh" else next(p["en"] for p in PARKS if p["name"] == n),
    placeholder=tr(lang, "请选择", "Choose"),
)
industry = c2.selectbox(
    tr(lang, "所属行业", "Industry"),
    [i["name"] for i in INDUSTRIES],
    index=None,
    key="reg_industry",
    format_func=lambda n: n if lang == "zh" else next(i["en"] for i in INDUSTRIES if i["name"] == n),
    placeholder=tr(lang, "请选择", "Choose"),
)
c3, c4 = st.columns(2)
employees = c3.number_input(tr(lang, "从业人数", "Employees"), min_value=0, step=1, value=None, key="reg_employees")
revenue = c4.number_input(
    tr(lang, "上年营业收入（万元）", "Revenue last year (10k yuan)"), min_value=0.0, value=None, key="reg_revenue"
)
derived = size_class(employees, revenue)
size = st.selectbox(
    tr(lang, "企业规模（填写人数和收入后自动判定）", "Size class (derived from employees and revenue when given)"),
    list(SIZES),
    index=list(SIZES).index(derived) if derived else None,
    key="reg_size",
    format_func=lambda s: SIZES[s][0] if lang == "zh" else SIZES[s][1],
    disabled=derived is not None,
    placeholder=tr(lang, "请选择", "Choose"),
)
region = st.text_input(tr(lang, "所在街道/区域", "Street / region"), key="reg_region")
c5, c6, c7 = st.columns(3)
contact_name = c5.text_input(tr(lang, "联系人", "Contact name"), key="reg_contact")
contact_phone = c6.text_input(tr(lang, "联系电话", "Contact phone"), key="reg_phone")
contact_email = c7.text_input(tr(lang, "电子邮箱", "E-mail"), key="reg_email")
p1 = st.text_input(tr(lang, "设置密码 *", "Password *"), type="password", key="reg_pw1", help=tr(lang, *passwords.RULE))
p2 = st.text_input(tr(lang, "再次输入密码 *", "Repeat the password *"), type="password", key="reg_pw2")

if st.button(tr(lang, "注册并登录", "Register and sign in"), type="primary", key="reg_submit"):
    if p1 != p2:
        st.error(tr(lang, "两次输入的密码不一致", "The two passwords differ"), icon=":material/error:")
    else:
        profile = {
            "credit_code": code,
            "name": name,
            "park": park,
            "industry": industry,
            "size": size,
            "employees": employees,
            "revenue": revenue,
            "region": region,
            "contact_name": contact_name,
            "contact_phone": contact_phone,
            "contact_email": contact_email,
        }
        with errors.shown(lang):
            who = accounts.register_enterprise(state.store(), profile, p1)
            state.sign_in(who)
            st.switch_page("ui/pages/home.py")
