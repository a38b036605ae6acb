"""Administration: accounts (list, add, disable / enable, reset a password), enterprise access
codes (issue one, shown once with its expiry; revoke the unused ones) and the queue of
self-registered enterprises waiting for the bureau's confirmation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import accounts, enterprises, passwords
from ui import errors, sign_in_form, state
from ui.i18n import current, tr
from ui.markup import plain

lang = current()
who = sign_in_form.require(lang, role="admin")
store = state.store()
st.title(tr(lang, "账户与访问码", "Accounts and access codes"))

ROLES = {
    "analyst": tr(lang, "分析员（主管部门）", "Analyst (bureau)"),
    "admin": tr(lang, "管理员", "Administrator"),
    "enterprise": tr(lang, "企业用户", "Enterprise user"),
    "assessor": tr(lang, "评估人员（可属外部评估机构）", "Assessor (may be of an outside agency)"),
}
FLASH = "accounts_flash"


def done(message: str, code: dict | None = None, clear: tuple[str, ...] = ()) -> None:
    """Remember what was done for the next run (the table above must show the change), and
    empty the fields ``clear`` (passwords are not left in the form)."""
    st.session_state[FLASH] = (message, code)
    for key in clear:
        st.session_state.pop(key, None)
    st.rerun()


def shown_time(stamp: str | None) -> str:
    return stamp.replace("T", " ")[:19] if stamp else ""


def status(row: dict) -> str:
    """``row["state"]`` (``accounts.account_state``) in words."""
    if row["state"] == "disabled":
        return tr(lang, "已停用", "disabled")
    if row["state"] == "locked":
        return tr(
            lang,
            f"已锁定至 {shown_time(row['locked_until'])}",
            f"locked until {shown_time(row['locked_until'])}",
        )
    return tr(lang, "正常", "active")


# always drawn, so that the tabs below keep their place (and the open tab) when it is empty
notice = st.container()
flash = st.session_state.pop(FLASH, None)
if flash:
    message, issued = flash
    notice.success(message, icon=":material/check_circle:")
    if issued:
        with notice.container(border=True, key="issued_code"):
            st.markdown(
                tr(
                    lang,
                    f"企业 **{issued['credit_code']}** 的访问码（只显示这一次，请现在抄下或复制）：",
                    f"Access code for **{issued['credit_code']}** (shown only this once: copy it now):",
                )
            )
            st.code(issued["code"], language=None)
            st.markdown(
                tr(
                    lang,
                    f"有效期至 **{shown_time(issued['expires_at'])}**（UTC）。企业在“登录 → 访问码首次登录”中输入"
                    "信用代码和访问码，并设置自己的密码；访问码只能使用一次。",
                    f"Valid until **{shown_time(issued['expires_at'])}** (UTC). The enterprise enters its credit "
                    "code and this code under “Sign in → Access code” and chooses its own password; a code works "
                    "once.",
                )
            )

users = accounts.list_users(store, who)
waiting = enterprises.unconfirmed(store, who)
list_tab, add_tab, manage_tab, code_tab, confirm_tab = st.tabs(
    [
        tr(lang, "账户列表", "Accounts"),
        tr(lang, "新建账户", "Add an account"),
        tr(lang, "停用 / 重置密码", "Disable / reset password"),
        tr(lang, "企业访问码", "Enterprise access codes"),
        tr(lang, f"待确认企业（{len(waiting)}）", f"Enterprises to confirm ({len(waiting)})"),
    ]
)

with list_tab:
    st.dataframe(
        pd.DataFrame(
            {
                tr(lang, "用户名", "Username"): [r["username"] for r in users],
                tr(lang, "名称", "Name"): [r["display_name"] or "" for r in users],
                tr(lang, "角色", "Role"): [ROLES.get(r["role"], r["role"]) for r in users],
                tr(lang, "信用代码", "Credit code"): [r["credit_code"] or "" for r in users],
                tr(lang, "评估机构", "Agency"): [r.get("agency") or "" for r in users],
                tr(lang, "状态", "Status"): [status(r) for r in users],
                tr(lang, "近期失败", "Recent failed sign-ins"): [r["failed_logins"] for r in users],
                tr(lang, "最近登录（UTC）", "Last sign-in (UTC)"): [shown_time(r["last_login_at"]) for r in users],
                tr(lang, "创建时间（UTC）", "Created (UTC)"): [shown_time(r["created_at"]) for r in users],
            }
        ),
        hide_index=True,
        key="users_table",
    )
    st.caption(
        tr(
            lang,
            f"{accounts.LOCK_MINUTES} 分钟内从同一网络地址输错 {accounts.MAX_FAILURES} 次密码，账户对该地址锁定"
            f"（从其他地址仍可登录）；“近期失败”为 {accounts.LOCK_MINUTES} 分钟内各地址的失败次数之和。"
            "重置密码会解除锁定。",
            f"{accounts.MAX_FAILURES} failed sign-ins from one network address within {accounts.LOCK_MINUTES} "
            "minutes lock the account for that address (other addresses can still sign in); “Recent failed sign-ins” "
            f"counts the last {accounts.LOCK_MINUTES} minutes' failures from all addresses. Resetting the "
            "password lifts the lock.",
        )
    )

with add_tab, st.form("add_user_form", clear_on_submit=False):
    role = st.selectbox(tr(lang, "角色", "Role"), list(ROLES), format_func=ROLES.get, key="add_role")
    username = st.text_input(
        tr(lang, "用户名", "Username"),
        key="add_username",
        help=tr(
            lang,
            "企业用户的用户名是其 18 位统一社会信用代码（企业须已登记）。",
            "An enterprise user's username is its 18-character credit code (the enterprise must exist).",
        ),
    )
    display = st.text_input(tr(lang, "名称（可选）", "Name (optional)"), key="add_display")
    agency = st.text_input(
        tr(lang, "所属评估机构（仅评估人员，可选）", "Assessment agency (assessors only, optional)"), key="add_agency"
    )
    pw1 = st.text_input(
        tr(lang, "初始密码", "Initial password"), type="password", key="add_pw1", help=tr(lang, *passwords.RULE)
    )
    pw2 = st.text_input(tr(lang, "再次输入密码", "Repeat the password"), type="password", key="add_pw2")
    if st.form_submit_button(tr(lang, "创建账户", "Create the account"), type="primary", key="add_submit"):
        if pw1 != pw2:
            st.error(tr(lang, "两次输入的密码不一致", "The two passwords differ"), icon=":material/error:")
        else:
            with errors.shown(lang):
                made = accounts.add_user(
                    store,
                    who,
                    username,
                    role,
                    pw1,
                    credit_code=username if role == "enterprise" else None,
                    display_name=display.strip() or None,
                    agency=agency.strip() or None,
                )
                done(
                    tr(
                        lang,
                        f"已创建账户 {plain(made.username)}（{ROLES[role]}）",
                        f"Account {plain(made.username)} created",
                    ),
                    clear=("add_username", "add_display", "add_agency", "add_pw1", "add_pw2"),
                )

with manage_tab:
    if not users:
        st.info(tr(lang, "还没有账户。", "No accounts yet."))
    else:
        by_name = {r["username"]: r for r in users}
        chosen = st.selectbox(
            tr(lang, "账户", "Account"),
            list(by_name),
            format_func=lambda u: f"{u} · {ROLES.get(by_name[u]['role'], '')} · {status(by_name[u])}",
            key="manage_user",
        )
        row = by_name[chosen]
        myself = chosen == who.username
        if row["disabled"]:
            if st.button(tr(lang, "启用账户", "Enable the account"), key="enable_user"):
                with errors.shown(lang):
                    accounts.set_disabled(store, who, chosen, False)
                    done(tr(lang, f"已启用 {chosen}", f"{chosen} enabled"))
        elif st.button(
            tr(lang, "停用账户", "Disable the account"),
            key="disable_user",
            disabled=myself,
            help=tr(lang, "不能停用自己正在使用的账户", "You cannot disable your own account") if myself else None,
        ):
            with errors.shown(lang):
                accounts.set_disabled(store, who, chosen, True)
                done(tr(lang, f"已停用 {chosen}，该账户无法再登录", f"{chosen} disabled: it can no longer sign in"))
        with st.form("reset_form"):
            st.markdown(tr(lang, f"为 **{plain(chosen)}** 设置新密码", f"New password for **{plain(chosen)}**"))
            new1 = st.text_input(
                tr(lang, "新密码", "New password"), type="password", key="reset_pw1", help=tr(lang, *passwords.RULE)
            )
            new2 = st.text_input(tr(lang, "再次输入新密码", "Repeat it"), type="password", key="reset_pw2")
            if st.form_submit_button(tr(lang, "重置密码", "Reset the password"), key="reset_submit"):
                if new1 != new2:
                    st.error(tr(lang, "两次输入的密码不一致", "The two passwords differ"), icon=":material/error:")
                else:
                    with errors.shown(lang):
                        accounts.reset_password(store, who, chosen, new1)
                        done(
                            tr(lang, f"已重置 {chosen} 的密码", f"The password of {chosen} was reset"),
                            clear=("reset_pw1", "reset_pw2"),
                        )

with code_tab:
    st.caption(
        tr(
            lang,
            "访问码让主管部门已登记的企业首次登录并设置自己的密码。访问码只显示一次，数据库中只保存其哈希值。",
            "An access code lets an enterprise the bureau has entered sign in for the first time and choose "
            "its password. The code is shown once; the database keeps only its hash.",
        )
    )
    credit = st.text_input(tr(lang, "企业统一社会信用代码", "The enterprise's credit code"), key="issue_credit")
    days = st.number_input(
        tr(lang, "有效天数", "Valid for (days)"), 1, 365, accounts.CODE_DAYS, step=1, key="issue_days"
    )
    issue_col, revoke_col = st.columns(2)
    if issue_col.button(tr(lang, "发放访问码", "Issue an access code"), type="primary", key="issue_code"):
        with errors.shown(lang):
            issued = accounts.issue_access_code(store, who, credit, days=int(days))
            done(tr(lang, "已发放访问码", "Access code issued"), issued)
    if revoke_col.button(tr(lang, "撤销该企业未使用的访问码", "Revoke its unused codes"), key="revoke_codes"):
        with errors.shown(lang):
            count = accounts.revoke_access_codes(store, who, credit)
            done(tr(lang, f"已撤销 {count} 个访问码", f"{count} access code(s) revoked"))

with confirm_tab:
    st.caption(
        tr(
            lang,
            "自行注册的企业在主管部门确认之前不计入任何群体统计和同行基准（它仍能看到自己的结果和改进计划）。"
            "核实企业确实存在并由本人注册后再确认；用访问码登录或经导入登记的企业自动确认。",
            "A self-registered enterprise counts in no cohort figure or peer benchmark until the bureau confirms "
            "it (it still sees its own results and plan). Confirm once you have checked that the enterprise "
            "exists and registered itself; enterprises that sign in with an access code or are imported are "
            "confirmed automatically.",
        )
    )
    if not waiting:
        st.info(tr(lang, "没有待确认的企业。", "No enterprise is waiting for confirmation."))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    tr(lang, "信用代码", "Credit code"): [r["credit_code"] for r in waiting],
                    tr(lang, "企业名称", "Name"): [r["name"] for r in waiting],
                    tr(lang, "园区", "Park"): [r["park"] or "" for r in waiting],
                    tr(lang, "行业", "Industry"): [r["industry"] or "" for r in waiting],
                    tr(lang, "联系人", "Contact"): [r["contact_name"] or "" for r in waiting],
                    tr(lang, "联系电话", "Phone"): [r["contact_phone"] or "" for r in waiting],
                    tr(lang, "注册时间（UTC）", "Registered (UTC)"): [shown_time(r["created_at"]) for r in waiting],
                }
            ),
            hide_index=True,
            key="unconfirmed_table",
        )
        names = {r["credit_code"]: r["name"] for r in waiting}
        pick = st.selectbox(
            tr(lang, "要确认的企业", "Enterprise to confirm"),
            list(names),
            format_func=lambda c: f"{names[c]} · {c}",
            key="confirm_pick",
        )
        if st.button(tr(lang, "确认该企业", "Confirm this enterprise"), type="primary", key="confirm_enterprise"):
            with errors.shown(lang):
                enterprises.confirm(store, who, pick)
                done(
                    tr(
                        lang,
                        f"已确认 {names[pick]}，其评估将计入群体统计",
                        f"{names[pick]} confirmed: it now counts in cohort figures",
                    )
                )
