"""AppTest: the administration pages and their key flows (issue 7, points 1 and 3): accounts and
access codes, the import's check-then-import, questionnaire versions, benchmark refresh and
backups, the audit log; the role gate, lock-out and session expiry."""

from __future__ import annotations

import datetime
import io
import json
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest
import streamlit as st
import yaml
from streamlit.testing.v1 import AppTest

from assessment import accounts, audit, enterprises, lifecycle
from assessment.access import CLI, Actor
from questionnaires import get, loader
from tests.conftest import code, make_enterprise
from tests.support.import_files import dcmm_workbook

APP = str(Path(__file__).resolve().parent.parent / "app.py")
QUESTIONNAIRES = Path(__file__).resolve().parent.parent / "questionnaires"
PAGES = ("admin_accounts", "admin_import", "admin_questionnaires", "admin_maintenance", "admin_audit")
DCMM = "dcmm-2025"


pytestmark = pytest.mark.usefixtures("cheap_argon2")


@pytest.fixture(autouse=True)
def own_versions_dir(tmp_path, monkeypatch):
    """Activated versions go to a folder of the test, never into questionnaires/versions."""
    monkeypatch.setenv("ASSESSMENT_VERSIONS_DIR", str(tmp_path / "versions"))
    loader.clear_caches()
    yield tmp_path / "versions"
    monkeypatch.delenv("ASSESSMENT_VERSIONS_DIR")
    loader.clear_caches()


@pytest.fixture
def boss(store) -> Actor:
    return accounts.add_user(store, CLI, "admin1", "admin", "Jc6!rTy3Nm8@Bx")


@pytest.fixture
def app(store, monkeypatch):
    monkeypatch.setenv("ASSESSMENT_DB", str(store.path))
    st.cache_resource.clear()
    st.cache_data.clear()

    def make(actor: Actor | None = None, page: str | None = None, lang: str = "zh") -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["lang"] = lang
        if actor is not None:
            at.session_state["actor"] = actor
            at.session_state["last_seen"] = time.time()
        if page:
            at.switch_page(f"ui/pages/{page}.py")
        return at.run()

    return make


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + [w.value for w in at.warning]
    parts += [i.value for i in at.info] + [s.value for s in at.success] + [t.value for t in at.title]
    parts += [c.value for c in at.caption] + [c.value for c in at.code]
    return "\n".join(str(p) for p in parts)


def table(at: AppTest, column: str):
    """The table that has ``column`` (tables carry no key in the element tree)."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, f"no table with a column {column!r}"
    return found[0]


def has_table(at: AppTest, column: str) -> bool:
    return any(column in d.value.columns for d in at.dataframe)


def counts(store) -> tuple[int, int]:
    db = store.db
    return (
        db.execute("SELECT count(*) FROM enterprises").fetchone()[0],
        db.execute("SELECT count(*) FROM assessments").fetchone()[0],
    )


# ------------------------------------------------------------------------------ every page


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_admin_page_renders_for_an_administrator(app, boss, page, lang):
    at = app(boss, page, lang)
    assert not at.exception
    assert at.title[0].value


def test_admin_pages_are_in_the_administrators_navigation_only(app, boss, analyst):
    links = [str(p.proto) for p in app(boss).sidebar.get("page_link")]
    assert any("admin_accounts" in link for link in links)
    assert not any("admin_" in str(p.proto) for p in app(analyst).sidebar.get("page_link"))
    for page in PAGES:
        refused = app(analyst, page)  # not in an analyst's navigation; by its URL, a refusal
        assert not refused.exception
        assert not refused.title and [e.value for e in refused.error] == ["当前账户无权访问此页面。"]
        anonymous = app(None, page)
        assert "请先登录" in texts(anonymous)
        assert anonymous.text_input(key="gate_user")


def test_an_expired_session_asks_to_sign_in_again(app, boss):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "zh"
    at.session_state["actor"] = boss
    at.session_state["last_seen"] = time.time() - 2 * 3600
    at.switch_page("ui/pages/admin_accounts.py").run()
    assert not at.exception
    assert "actor" not in at.session_state
    assert "请先登录" in texts(at)
    assert "已自动退出" in "\n".join(w.value for w in at.sidebar.warning)
    assert at.text_input(key="gate_user") and not has_table(at, "用户名")


def test_a_disabled_administrators_open_session_ends(app, store, boss):
    """Issue 10, item 7: the next run of an open session re-checks the account."""
    at = app(boss, "admin_accounts")
    assert "add_username" in [w.key for w in at.text_input]
    accounts.add_user(store, CLI, "deputy", "admin", "Ze9$rWk3Pt6#Gc")
    accounts.set_disabled(store, CLI, "admin1")
    at.text_input(key="add_username").input("intruder")
    at.run()
    assert not at.exception
    assert "actor" not in at.session_state
    assert "账户已变更" in "\n".join(w.value for w in at.sidebar.warning)
    assert at.text_input(key="gate_user") and not has_table(at, "用户名")


def test_a_password_reset_ends_the_other_open_sessions(app, store, boss, analyst):
    at = app(analyst)
    accounts.reset_password(store, boss, "analyst1", "Bw6!nRp4Xk9%Lz")
    at.run()
    assert "actor" not in at.session_state
    assert "账户已变更" in "\n".join(w.value for w in at.sidebar.warning)


def test_repeated_failed_sign_ins_lock_the_account(app, store, analyst):
    at = app(None, "sign_in")
    for _ in range(accounts.MAX_FAILURES):
        at.text_input(key="sign_in_user").input("analyst1")
        at.text_input(key="sign_in_password").input("wrong-pass-9")
        at.button[0].click().run()
    assert "锁定 15 分钟" in texts(at)
    at.text_input(key="sign_in_password").input("Hn4$wQz7Lp2#Vk")  # the right one, too late
    at.button[0].click().run()
    assert "actor" not in at.session_state
    assert "已锁定" in texts(at)
    # the administrator sees the lock and lifts it by resetting the password
    boss = accounts.add_user(store, CLI, "admin1", "admin", "Jc6!rTy3Nm8@Bx")
    page = app(boss, "admin_accounts")
    assert any("已锁定" in s for s in table(page, "状态")["状态"])
    page.selectbox(key="manage_user").set_value("analyst1").run()
    page.text_input(key="reset_pw1").input("Bw6!nRp4Xk9%Lz")
    page.text_input(key="reset_pw2").input("Bw6!nRp4Xk9%Lz")
    page.button(key="reset_submit").click().run()
    assert not page.exception
    assert accounts.authenticate(store, "analyst1", "Bw6!nRp4Xk9%Lz") == analyst


# ------------------------------------------------------------------------------ accounts


def test_add_an_analyst_then_disable_and_enable_it(app, store, boss):
    at = app(boss, "admin_accounts")
    at.selectbox(key="add_role").set_value("analyst")
    at.text_input(key="add_username").input("wang.li")
    at.text_input(key="add_display").input("王立")
    at.text_input(key="add_pw1").input("Rm8#wXk2Tj5!Gq")
    at.text_input(key="add_pw2").input("Rm8#wXk2Tj5!Gq")
    at.button(key="add_submit").click().run()
    assert not at.exception
    assert "已创建账户 wang.li" in texts(at)
    assert at.text_input(key="add_pw1").value == "" and at.text_input(key="add_username").value == ""
    assert "wang.li" in list(table(at, "用户名")["用户名"])
    assert accounts.authenticate(store, "wang.li", "Rm8#wXk2Tj5!Gq").role == "analyst"

    at.selectbox(key="manage_user").set_value("wang.li").run()
    at.button(key="disable_user").click().run()
    assert "已停用 wang.li" in texts(at)
    with pytest.raises(accounts.AuthError, match="停用"):
        accounts.authenticate(store, "wang.li", "Rm8#wXk2Tj5!Gq")
    at.selectbox(key="manage_user").set_value("wang.li").run()
    at.button(key="enable_user").click().run()
    assert accounts.authenticate(store, "wang.li", "Rm8#wXk2Tj5!Gq").username == "wang.li"


def test_add_user_shows_the_cores_refusal(app, store, boss):
    at = app(boss, "admin_accounts", "en")
    at.selectbox(key="add_role").set_value("analyst")
    at.text_input(key="add_username").input("weak")
    at.text_input(key="add_pw1").input("short")
    at.text_input(key="add_pw2").input("short")
    at.button(key="add_submit").click().run()
    assert "a password needs at least 10 characters" in texts(at)
    assert "weak" not in [u["username"] for u in accounts.list_users(store, boss)]


def test_an_administrator_cannot_disable_their_own_account(app, boss):
    at = app(boss, "admin_accounts")
    at.selectbox(key="manage_user").set_value("admin1").run()
    assert at.button(key="disable_user").disabled


def test_issue_an_access_code_shown_once_that_works_then_revoke(app, store, boss):
    enterprises.upsert(
        store,
        CLI,
        {"credit_code": code(31), "name": "青岛访问码测试有限公司", "park": "金水创新产业园", "industry": "啤酒饮料"},
    )
    at = app(boss, "admin_accounts")
    at.text_input(key="issue_credit").input(code(31))
    at.number_input(key="issue_days").set_value(7)
    at.button(key="issue_code").click().run()
    assert not at.exception
    plain = at.code[0].value.strip()
    assert len(plain) == 14 and plain.count("-") == 2
    assert "有效期至" in texts(at)
    who = accounts.redeem_access_code(store, code(31), plain, "Nr7#tKz2Wf9!Cd")
    assert who == Actor(code(31), "enterprise", code(31))
    # shown once: the next run no longer shows it
    at.run()
    assert plain not in texts(at)
    # a second code, revoked before use
    at.text_input(key="issue_credit").input(code(31))
    at.button(key="issue_code").click().run()
    second = at.code[0].value.strip()
    at.button(key="revoke_codes").click().run()
    assert "已撤销 1 个访问码" in texts(at)
    with pytest.raises(accounts.AuthError):
        accounts.redeem_access_code(store, code(31), second, "Dh2^cVs7Mq5#Ry")


def test_an_access_code_for_an_unknown_enterprise_is_refused(app, store, boss):
    at = app(boss, "admin_accounts", "en")
    at.text_input(key="issue_credit").input(code(77))
    at.button(key="issue_code").click().run()
    assert f"no enterprise with credit code {code(77)}" in texts(at)
    assert not at.code


# ------------------------------------------------------------------------------ import


def test_import_check_names_the_bad_row_writes_nothing_then_the_corrected_file_imports(app, store, boss):
    at = app(boss, "admin_import")
    assert "template_download" in [b.key for b in at.download_button]
    at.file_uploader(key="import_file").upload("returns.xlsx", dcmm_workbook(bad_level=9)).run()
    assert not at.exception
    assert not [b for b in at.button if b.key == "import_run"]  # nothing to import before a check
    at.button(key="import_check").click().run()
    assert not at.exception
    problems = table(at, "单元格")
    assert list(problems["行"]) == ["3"]
    assert list(problems["列"]) == ["strategy.planning"]
    assert "未写入任何数据" in texts(at)
    assert not [b for b in at.button if b.key == "import_run"]
    assert counts(store) == (0, 0)

    at.file_uploader(key="import_file").clear().upload("returns.xlsx", dcmm_workbook()).run()
    assert not has_table(at, "单元格")  # another file: the old problem table is gone
    at.button(key="import_check").click().run()
    assert "检查通过（尚未写入）" in texts(at)
    assert counts(store) == (0, 0)  # the check writes nothing
    at.button(key="import_run").click().run()
    assert not at.exception
    assert "已导入" in texts(at)
    assert counts(store) == (3, 3)
    assert not [b for b in at.button if b.key == "import_run"]  # the same file is not imported twice
    assert audit.entries(store, boss, action="import")[0]["outcome"] == "ok"


def test_import_of_a_file_that_is_not_a_spreadsheet(app, store, boss):
    at = app(boss, "admin_import", "en")
    at.file_uploader(key="import_file").upload("returns.xlsx", b"PK\x03\x04 a damaged file").run()
    at.button(key="import_check").click().run()
    assert not at.exception
    assert "(whole file)" in list(table(at, "Cell")["Row"])
    assert counts(store) == (0, 0)


# ------------------------------------------------------------------------------ questionnaires


def sme_file(version: str) -> bytes:
    text = (QUESTIONNAIRES / "sme-2024.yaml").read_text("utf-8")
    assert 'version: "2024.1"' in text
    return text.replace('version: "2024.1"', f'version: "{version}"', 1).encode("utf-8")


def test_editions_table_lists_the_shipped_versions(app, boss):
    at = app(boss, "admin_questionnaires")
    shown = table(at, "当前版本")
    assert set(shown["编号"]) == {"cmmm-2020", "dcmm-2025", "dcmm-2018", "sme-2024"}
    current = shown[shown["当前版本"]]
    assert sorted(current["编号"]) == ["cmmm-2020", "dcmm-2018", "dcmm-2025", "sme-2024"]
    # the earlier versions stay listed, so old assessments keep scoring on them
    earlier = shown[~shown["当前版本"]]
    assert sorted(zip(earlier["编号"], earlier["版本"])) == [("dcmm-2018", "2018.1"), ("dcmm-2025", "2025.1")]


def test_a_broken_questionnaire_file_shows_field_lines(app, boss):
    data = yaml.safe_load((QUESTIONNAIRES / "dcmm-2025.yaml").read_text("utf-8"))
    del data["title"]
    data["areas"][0]["weight"] = "heavy"
    at = app(boss, "admin_questionnaires", "en")
    at.file_uploader(key="questionnaire_file").upload("broken.yaml", yaml.safe_dump(data, allow_unicode=True).encode())
    at.run()
    assert not at.exception
    lines = at.code[0].value.splitlines()
    assert "title: Field required" in lines
    assert any(line.startswith("areas.0.weight: ") for line in lines)
    assert "2 problem(s)" in texts(at)
    assert not [b for b in at.button if b.key == "activate_version"]


def test_not_yaml_at_all(app, boss):
    at = app(boss, "admin_questionnaires", "en")
    at.file_uploader(key="questionnaire_file").upload("x.yaml", b"id: [unclosed").run()
    assert not at.exception
    assert at.code[0].value.startswith("line ")


def test_activating_a_new_version_keeps_old_assessments_on_theirs(app, store, boss, own_versions_dir):
    early = make_enterprise(store, 41)
    old_draft = lifecycle.start_or_resume(store, early, early.credit_code, "sme-2024", "2026")
    at = app(boss, "admin_questionnaires")
    at.file_uploader(key="questionnaire_file").upload("sme-2024-next.yaml", sme_file("2099.1")).run()
    assert "格式正确" in texts(at)
    at.button(key="activate_version").click().run()
    assert not at.exception
    assert "当前版本已改为 2099.1" in texts(at)
    assert get("sme-2024").version == "2099.1"
    assert get("sme-2024", "2024.1").version == "2024.1"
    assert (own_versions_dir / "sme-2024@2099.1.yaml").read_bytes() == sme_file("2099.1")
    assert json.loads((own_versions_dir / "active.json").read_text()) == {"sme-2024": "2099.1"}
    shown = table(at, "当前版本")
    current = {"cmmm-2020": get("cmmm-2020").version, "dcmm-2018": get("dcmm-2018").version}
    current |= {"dcmm-2025": get("dcmm-2025").version, "sme-2024": "2099.1"}
    now_current = shown[shown["当前版本"]]
    assert dict(zip(now_current["编号"], now_current["版本"])) == current
    # the draft begun before keeps its version; a new one is answered on the new version
    assert lifecycle.get(store, early, old_draft)["version"] == "2024.1"
    later = make_enterprise(store, 42)
    new_draft = lifecycle.start_or_resume(store, later, later.credit_code, "sme-2024", "2026")
    assert lifecycle.get(store, later, new_draft)["version"] == "2099.1"
    assert audit.entries(store, boss, action="questionnaire.activate")[0]["record_id"] == "sme-2024@2099.1"
    # the same version again is refused; going back to the shipped file is a switch
    at.file_uploader(key="questionnaire_file").clear().upload("again.yaml", sme_file("2099.1")).run()
    assert "2099.1 已存在" in texts(at)
    assert not [b for b in at.button if b.key == "activate_version"]
    at.selectbox(key="switch_id").set_value("sme-2024").run()
    at.selectbox(key="switch_version").set_value("2024.1").run()
    at.button(key="switch_current").click().run()
    assert get("sme-2024").version == "2024.1"
    assert json.loads((own_versions_dir / "active.json").read_text()) == {}
    assert get("sme-2024", "2099.1").version == "2099.1"


def test_a_valid_file_of_an_unknown_id_cannot_be_activated(app, boss):
    data = (QUESTIONNAIRES / "sme-2024.yaml").read_text("utf-8").replace("id: sme-2024", "id: sme-2030", 1)
    at = app(boss, "admin_questionnaires", "en")
    at.file_uploader(key="questionnaire_file").upload("new.yaml", data.encode()).run()
    assert "valid (sme-2030" in texts(at)
    assert "id: 'sme-2030'" in texts(at)
    assert not [b for b in at.button if b.key == "activate_version"]


def test_activation_core_refuses_and_writes_nothing(own_versions_dir):
    from questionnaires import QuestionnaireError, editions

    broken = sme_file("2099.2").replace(b"kind: sme", b"kind: dcmm")
    cases = {
        "broken.yaml": broken,  # invalid: the validation lines
        "old.yaml": sme_file("2024.1"),  # the version exists
        "slash.yaml": sme_file("2099/1"),  # a version that cannot be a file name
    }
    for name, data in cases.items():
        with pytest.raises(QuestionnaireError) as caught:
            editions.activate(data, name)
        assert all(line.startswith(f"{name}: ") for line in caught.value.problems)
    assert not own_versions_dir.exists() or list(own_versions_dir.iterdir()) == []
    assert get("sme-2024").version == "2024.1"


def test_an_activation_record_naming_a_missing_file_fails_loudly(own_versions_dir):
    from questionnaires import QuestionnaireError

    own_versions_dir.mkdir()
    (own_versions_dir / "active.json").write_text('{"sme-2024": "2099.9"}')
    loader.clear_caches()
    with pytest.raises(QuestionnaireError, match="active.json: sme-2024: version '2099.9'"):
        get("sme-2024")
    assert get("sme-2024", "2024.1").version == "2024.1"  # the versions themselves still load


def test_make_current_and_editions_list(own_versions_dir):
    from questionnaires import editions

    editions.activate(sme_file("2099.1"), "next.yaml")
    listed = {(e.id, e.version): e for e in editions.editions()}
    assert listed[("sme-2024", "2099.1")].current and not listed[("sme-2024", "2099.1")].shipped
    assert listed[("sme-2024", "2024.1")].shipped and not listed[("sme-2024", "2024.1")].current
    editions.make_current("sme-2024", "2024.1")
    assert get("sme-2024").version == "2024.1"
    assert loader.activation_record() == {}
    editions.make_current("sme-2024", "2099.1")
    assert loader.activation_record() == {"sme-2024": "2099.1"}


def test_only_an_administrator_activates_and_each_activation_is_audited(store, boss, analyst, own_versions_dir):
    from assessment import questionnaire_versions
    from assessment.access import PermissionDenied

    with pytest.raises(PermissionDenied):
        questionnaire_versions.activate(store, analyst, sme_file("2099.1"), "next.yaml")
    with pytest.raises(PermissionDenied):
        questionnaire_versions.make_current(store, analyst, "sme-2024", "2024.1")
    assert not own_versions_dir.exists() or list(own_versions_dir.iterdir()) == []
    assert get("sme-2024").version == "2024.1"
    refused = audit.entries(store, boss, action="questionnaire.activate", outcome="denied")
    assert [e["actor"] for e in refused] == [analyst.username, analyst.username]

    assert questionnaire_versions.activate(store, boss, sme_file("2099.1"), "next.yaml").version == "2099.1"
    questionnaire_versions.make_current(store, boss, "sme-2024", "2024.1")
    assert get("sme-2024").version == "2024.1"
    done = audit.entries(store, boss, action="questionnaire.activate", outcome="ok")
    assert [(e["actor"], e["record_id"]) for e in reversed(done)] == [
        (boss.username, "sme-2024@2099.1"),
        (boss.username, "sme-2024@2024.1"),
    ]


# ------------------------------------------------------------------------------ maintenance


def test_refresh_benchmarks_fits_each_questionnaire(app, store, boss):
    from benchmarks.demo import generate
    from questionnaires import available

    every = set(available())
    assert {"dcmm-2025", "dcmm-2018", "sme-2024", "cmmm-2020"} <= every
    generate(store, 40, 3)
    at = app(boss, "admin_maintenance")
    assert list(table(at, "上次聚类（UTC）")["上次聚类（UTC）"]) == ["尚未聚类"] * len(every)
    at.button(key="refit_all").click().run()
    assert not at.exception
    fitted = {q for (q,) in store.db.execute("SELECT questionnaire FROM archetype_models WHERE active = 1")}
    outcome = at.session_state["maintenance_refit"]
    assert set(outcome) == every
    assert {qid for qid, (ok, _) in outcome.items() if ok} == fitted
    assert "sme-2024" in fitted
    models = table(at, "上次聚类（UTC）")
    assert sum(models["上次聚类（UTC）"] != "尚未聚类") == len(fitted)
    assert all(f"{qid}: " in texts(at) for qid in outcome)
    # and the benchmark snapshot enterprises are compared with, with its time
    assert at.session_state["maintenance_snapshot"][0] is True
    snapshots = table(at, "基准更新于（UTC）")
    assert set(snapshots["问卷"]) == every and snapshots["基准更新于（UTC）"].all()


def test_backup_download(app, store, boss, tmp_path):
    make_enterprise(store, 51)
    at = app(boss, "admin_maintenance")
    at.button(key="backup_make").click().run()
    assert not at.exception
    name, data, counts_ = at.session_state["maintenance_backup"]
    assert name.endswith(".zip") and counts_["enterprises"] == 1 and counts_["evidence files"] == 0
    assert "backup_download" in [b.key for b in at.download_button]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (tmp_path / "copy.db").write_bytes(archive.read("assessment.db"))
    with sqlite3.connect(tmp_path / "copy.db") as conn:
        assert conn.execute("SELECT credit_code FROM enterprises").fetchone()[0] == code(51)
    assert audit.entries(store, boss, action="backup")[0]["actor"] == "admin1"


# ------------------------------------------------------------------------------ audit log


def test_audit_log_filters(app, store, boss):
    with pytest.raises(accounts.AuthError):
        accounts.authenticate(store, "nobody", "Ek7$sGv2Nq9@Yh")
    accounts.add_user(store, boss, "li.na", "analyst", "Sn3@vYp9Kd7$Hc")
    at = app(boss, "admin_audit")
    everything = table(at, "详情")
    assert {"user.add", "login"} <= set(everything["操作"])
    at.selectbox(key="audit_outcome").set_value("failed").run()
    failed = table(at, "详情")
    assert list(failed["用户"]) == ["nobody"] and set(failed["结果"]) == {"失败"}
    at.selectbox(key="audit_outcome").set_value(None)
    at.selectbox(key="audit_action").set_value("user.add").run()
    added = table(at, "详情")
    assert set(added["操作"]) == {"user.add"} and list(added["对象"]) == ["user li.na", "user admin1"]
    at.selectbox(key="audit_action").set_value(None)
    at.selectbox(key="audit_user").set_value("admin1").run()
    assert set(table(at, "详情")["用户"]) == {"admin1"}
    at.date_input(key="audit_since").set_value(datetime.date.today() + datetime.timedelta(days=2)).run()
    assert len(table(at, "详情")) == 0
    assert not at.exception


def test_accounts_page_confirms_a_self_registered_enterprise(app, store, boss):
    make_enterprise(store, 61, confirmed=False, name="青岛待确认企业有限公司")
    make_enterprise(store, 62)  # confirmed: not in the queue
    at = app(boss, "admin_accounts")
    queue = table(at, "注册时间（UTC）")
    assert list(queue["信用代码"]) == [code(61)]
    assert at.selectbox(key="confirm_pick").value == code(61)
    at.button(key="confirm_enterprise").click().run()
    assert not at.exception
    assert "已确认 青岛待确认企业有限公司" in texts(at)
    assert enterprises.unconfirmed(store, boss) == []
    assert "没有待确认的企业" in texts(at)
    assert audit.entries(store, boss, action="enterprise.confirm")[0]["record_id"] == code(61)
