"""Accounts: argon2 hashes, generic refusals, lock-out on the given clock, access codes; every
refusal leaves an audit row."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from assessment import accounts, audit
from assessment.access import Actor
from assessment.accounts import LOCK_MINUTES, MAX_FAILURES, AccountError, AuthError
from assessment.passwords import WeakPassword
from tests.conftest import code, make_enterprise

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
PASSWORD = "Qv8#tLm2pRx9wZ"  # make_enterprise's
PRODUCTION_HASHER = accounts.HASHER


pytestmark = pytest.mark.usefixtures("cheap_argon2")


def audit_rows(store, **where) -> list[dict]:
    sql = "SELECT * FROM audit" + (" WHERE " + " AND ".join(f"{k} = ?" for k in where) if where else "")
    return list(store.db.query(sql + " ORDER BY id", list(where.values())))


def refused(store, error_type, fn, *args, outcome: str, action: str, **kwargs):
    """Call fn, expect error_type, and one new audit row with that action and outcome."""
    before = len(audit_rows(store))
    with pytest.raises(error_type) as info:
        fn(*args, **kwargs)
    assert info.value.zh and info.value.en
    new = audit_rows(store)[before:]
    assert [(r["action"], r["outcome"]) for r in new] == [(action, outcome)]
    return info.value


def login_fails(store, username, password, *, outcome="failed", at=None) -> AuthError:
    return refused(
        store, AuthError, accounts.authenticate, store, username, password, at=at, outcome=outcome, action="login"
    )


def user_row(store, username) -> dict:
    return next(store.db.query("SELECT * FROM users WHERE username = ?", [username]))


# ------------------------------------------------------------------------------ passwords


def test_production_hasher_is_argon2id_with_real_cost():
    # OWASP's floor for argon2id: 19 MiB, 2 iterations
    assert PRODUCTION_HASHER.type.name == "ID"
    assert PRODUCTION_HASHER.memory_cost >= 19 * 1024 and PRODUCTION_HASHER.time_cost >= 2


def test_production_hasher_takes_a_hash_of_the_earlier_defaults_as_outdated():
    earlier = PasswordHasher()  # argon2-cffi's defaults, the parameters of hashes stored before
    assert (earlier.memory_cost, earlier.time_cost, earlier.parallelism) != (
        PRODUCTION_HASHER.memory_cost,
        PRODUCTION_HASHER.time_cost,
        PRODUCTION_HASHER.parallelism,
    )
    old = earlier.hash(PASSWORD)
    assert PRODUCTION_HASHER.check_needs_rehash(old)
    assert PRODUCTION_HASHER.verify(old, PASSWORD)  # still verifies
    assert not PRODUCTION_HASHER.check_needs_rehash(PRODUCTION_HASHER.hash(PASSWORD))


def store_hash(store, username, hashed) -> None:
    with store.write() as db:
        db.execute("UPDATE users SET password_hash = ? WHERE username = ?", [hashed, username])


OLDER = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=2)  # cheap, and not cheap_argon2's


def test_a_hash_of_older_parameters_signs_in_and_is_replaced_by_a_current_one(store, enterprise):
    old = OLDER.hash(PASSWORD)
    store_hash(store, code(1), old)

    me = accounts.authenticate(store, code(1), PASSWORD, at=T0)

    assert me.username == code(1)
    new = user_row(store, code(1))["password_hash"]
    assert new != old and not accounts.HASHER.check_needs_rehash(new)
    assert accounts.HASHER.verify(new, PASSWORD)
    row = audit_rows(store, action="login")[-1]
    assert row["outcome"] == "ok" and json.loads(row["detail"])["rehashed"] is True
    dumped = " ".join(str(v) for r in audit_rows(store) for v in r.values())
    assert PASSWORD not in dumped and old not in dumped and new not in dumped  # audited, nothing secret
    # the next sign-in finds a current hash and leaves it alone
    accounts.authenticate(store, code(1), PASSWORD)
    assert user_row(store, code(1))["password_hash"] == new
    assert "rehashed" not in json.loads(audit_rows(store, action="login")[-1]["detail"])


def test_a_wrong_password_leaves_a_hash_of_older_parameters_as_it_was(store, enterprise):
    old = OLDER.hash(PASSWORD)
    store_hash(store, code(1), old)
    login_fails(store, code(1), "not-the-pass-1")
    assert user_row(store, code(1))["password_hash"] == old


def test_a_disabled_account_keeps_its_hash_of_older_parameters(store, admin, enterprise):
    old = OLDER.hash(PASSWORD)
    store_hash(store, code(1), old)
    with store.write() as db:
        db.execute("UPDATE users SET disabled = 1 WHERE username = ?", [code(1)])
    login_fails(store, code(1), PASSWORD, outcome="denied")
    assert user_row(store, code(1))["password_hash"] == old


def test_only_an_argon2_hash_is_stored(store, admin):
    accounts.add_user(store, admin, "ana", "analyst", "Wd5^kLs9Pq2&Ht")
    make_enterprise(store, 1)
    for name, password in (("ana", "Wd5^kLs9Pq2&Ht"), (code(1), PASSWORD)):
        row = user_row(store, name)
        assert row["password_hash"].startswith("$argon2id$")
        assert password not in " ".join(str(v) for v in row.values())
    dumped = " ".join(str(v) for r in audit_rows(store) for v in r.values())
    assert "Wd5^kLs9Pq2&Ht" not in dumped and PASSWORD not in dumped


def test_same_password_gives_different_hashes(store, admin):
    accounts.add_user(store, admin, "u1", "analyst", "Mz3*gFv8Rc1%Yn")
    accounts.add_user(store, admin, "u2", "analyst", "Mz3*gFv8Rc1%Yn")
    assert user_row(store, "u1")["password_hash"] != user_row(store, "u2")["password_hash"]


def test_right_password_signs_in_and_is_audited(store, enterprise):
    me = accounts.authenticate(store, code(1), PASSWORD, at=T0)
    assert me == Actor(code(1), "enterprise", code(1))
    assert user_row(store, code(1))["last_login_at"] == T0.isoformat()
    assert audit_rows(store, action="login")[-1]["outcome"] == "ok"


def test_enterprise_username_is_normalised(store, enterprise):
    assert accounts.authenticate(store, f" {code(1).lower()} ", PASSWORD).credit_code == code(1)


def test_wrong_password_and_unknown_user_get_the_same_generic_message(store, enterprise):
    wrong = login_fails(store, code(1), "not-the-pass-1")
    unknown = login_fails(store, "nobody", PASSWORD)
    assert (wrong.zh, wrong.en) == (unknown.zh, unknown.en) == ("用户名或密码错误", "wrong username or password")


@pytest.mark.parametrize(
    "password", ["", None, "short1", "onlyletters", "1234567890", "password1", " " * 10, "Password123!", "weak-pass-1!"]
)
def test_weak_passwords_are_refused_and_write_nothing(store, admin, password):
    before = store.db.execute("SELECT count(*) FROM users").fetchone()[0]
    with pytest.raises(WeakPassword):
        accounts.add_user(store, admin, "weak", "analyst", password)
    assert store.db.execute("SELECT count(*) FROM users").fetchone()[0] == before


def test_duplicate_username_is_refused(store, admin):
    accounts.add_user(store, admin, "ana", "analyst", "Wd5^kLs9Pq2&Ht")
    with pytest.raises(AccountError, match="ana"):
        accounts.add_user(store, admin, "ana", "admin", "Wd5^kLs9Pq2&Ht")


def test_reset_password_replaces_the_old_one(store, admin, enterprise):
    accounts.reset_password(store, admin, code(1), "Tb7@xNe4Kw6!Gs")
    login_fails(store, code(1), PASSWORD)
    assert accounts.authenticate(store, code(1), "Tb7@xNe4Kw6!Gs").username == code(1)


# ------------------------------------------------------------------------------ lock-out


def fail_until_locked(store, username, at=T0) -> AuthError:
    for k in range(MAX_FAILURES - 1):
        error = login_fails(store, username, "wrong-pass-0", at=at + timedelta(seconds=k))
        assert "锁定" not in error.zh and "locked" not in error.en
    return login_fails(store, username, "wrong-pass-0", at=at + timedelta(seconds=MAX_FAILURES))


def listed(store, admin, username, at=T0) -> dict:
    return next(r for r in accounts.list_users(store, admin, at=at) if r["username"] == username)


def test_fifth_failure_locks_the_account(store, admin, enterprise):
    error = fail_until_locked(store, code(1))
    assert "锁定" in error.zh and "locked" in error.en
    assert listed(store, admin, code(1))["locked_until"] > T0.isoformat()


def test_failures_are_counted_and_a_success_resets_them(store, admin, enterprise):
    for _ in range(MAX_FAILURES - 1):
        login_fails(store, code(1), "wrong-pass-0", at=T0)
    assert listed(store, admin, code(1))["failed_logins"] == MAX_FAILURES - 1
    accounts.authenticate(store, code(1), PASSWORD, at=T0)
    assert listed(store, admin, code(1))["failed_logins"] == 0
    login_fails(store, code(1), "wrong-pass-0", at=T0)  # one more is not a lock
    assert listed(store, admin, code(1))["locked_until"] is None


def test_locked_account_refuses_even_the_right_password(store, enterprise):
    fail_until_locked(store, code(1))
    during = T0 + timedelta(minutes=LOCK_MINUTES - 1)
    error = login_fails(store, code(1), PASSWORD, at=during, outcome="denied")
    assert "锁定" in error.zh and "locked" in error.en and "until" in error.en
    assert json.loads(audit_rows(store, action="login")[-1]["detail"])["reason"] == "locked"


def test_lock_lifts_after_lock_minutes(store, admin, enterprise):
    fail_until_locked(store, code(1))
    after = T0 + timedelta(seconds=MAX_FAILURES, minutes=LOCK_MINUTES)
    assert accounts.authenticate(store, code(1), PASSWORD, at=after).username == code(1)
    row = listed(store, admin, code(1), at=after)
    assert (row["failed_logins"], row["locked_until"]) == (0, None)


def test_admin_reset_lifts_a_lock(store, admin, enterprise):
    fail_until_locked(store, code(1))
    accounts.reset_password(store, admin, code(1), "Tb7@xNe4Kw6!Gs")
    assert accounts.authenticate(store, code(1), "Tb7@xNe4Kw6!Gs", at=T0 + timedelta(minutes=1))


def test_lock_of_one_user_does_not_touch_another(store):
    make_enterprise(store, 1)
    make_enterprise(store, 2)
    fail_until_locked(store, code(1))
    assert accounts.authenticate(store, code(2), PASSWORD, at=T0 + timedelta(minutes=1)).username == code(2)


# ------------------------------------------------------------------------------ disabled


def test_disabled_account_is_refused_with_the_right_password(store, admin, enterprise):
    accounts.set_disabled(store, admin, code(1))
    error = login_fails(store, code(1), PASSWORD, outcome="denied")
    assert "停用" in error.zh and "disabled" in error.en
    accounts.set_disabled(store, admin, code(1), False)
    assert accounts.authenticate(store, code(1), PASSWORD).username == code(1)


def test_the_last_enabled_administrator_cannot_be_disabled(store, admin):
    accounts.add_user(store, admin, "chief", "admin", "Kq4!vBn7Sd2@Hm")
    with pytest.raises(accounts.AccountError) as info:
        accounts.set_disabled(store, admin, "chief")
    assert "最后一个" in info.value.zh and "last enabled administrator" in info.value.en
    assert accounts.authenticate(store, "chief", "Kq4!vBn7Sd2@Hm")  # still enabled
    accounts.add_user(store, admin, "deputy", "admin", "Ze9$rWk3Pt6#Gc")
    accounts.set_disabled(store, admin, "chief")  # another administrator remains
    with pytest.raises(accounts.AccountError):
        accounts.set_disabled(store, admin, "deputy")
    accounts.set_disabled(store, admin, "chief", False)


def test_an_administrator_resets_a_password_and_lifts_the_lock(store, admin, enterprise):
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(AuthError):
            accounts.authenticate(store, code(1), "wrong-pass-0")
    with pytest.raises(AuthError):  # locked: even the right password is refused
        accounts.authenticate(store, code(1), PASSWORD)
    accounts.reset_password(store, admin, code(1), "Lp5%yJx8Qm1&Vb")
    assert accounts.authenticate(store, code(1), "Lp5%yJx8Qm1&Vb").username == code(1)
    assert audit_rows(store, action="user.reset")[-1]["record_id"] == code(1)


def test_list_users_never_returns_hashes(store, admin, enterprise):
    rows = accounts.list_users(store, admin)
    assert [r["username"] for r in rows] == [code(1)]
    assert all("password_hash" not in r for r in rows)


# ------------------------------------------------------------------------------ access codes


@pytest.fixture
def company(store, admin):
    """An enterprise entered by the bureau, with no user yet."""
    from assessment import enterprises

    enterprises.upsert(store, admin, {"credit_code": code(7), "name": "园区录入企业"})
    return code(7)


def test_issue_is_hashed_and_expires_after_the_given_days(store, admin, company):
    issued = accounts.issue_access_code(store, admin, company, days=10, at=T0)
    assert issued["expires_at"] == (T0 + timedelta(days=10)).isoformat()
    row = next(store.db.query("SELECT * FROM access_codes WHERE id = ?", [issued["id"]]))
    assert row["code_hash"].startswith("$argon2") and issued["code"] not in str(row)
    assert len(issued["code"]) == 14 and issued["code"].count("-") == 2


def test_redeem_sets_the_password_and_lets_the_user_sign_in(store, admin, company):
    issued = accounts.issue_access_code(store, admin, company, at=T0)
    me = accounts.redeem_access_code(store, company, issued["code"], "Nr7#tKz2Wf9!Cd", at=T0 + timedelta(days=1))
    assert me == Actor(company, "enterprise", company)
    assert accounts.authenticate(store, company, "Nr7#tKz2Wf9!Cd").credit_code == company
    assert audit_rows(store, action="access_code.redeem")[-1]["outcome"] == "ok"


def test_redeem_accepts_the_code_as_people_type_it(store, admin, company):
    issued = accounts.issue_access_code(store, admin, company, at=T0)
    typed = " " + issued["code"].replace("-", " ").lower() + " "
    accounts.redeem_access_code(store, company.lower(), typed, "Nr7#tKz2Wf9!Cd", at=T0)
    assert accounts.authenticate(store, company, "Nr7#tKz2Wf9!Cd")


def test_redeem_resets_an_existing_users_password(store, admin, enterprise):
    issued = accounts.issue_access_code(store, admin, code(1), at=T0)
    accounts.redeem_access_code(store, code(1), issued["code"], "Gs3@mHv6Yq8$Tx", at=T0)
    login_fails(store, code(1), PASSWORD)
    assert accounts.authenticate(store, code(1), "Gs3@mHv6Yq8$Tx")


def test_an_access_code_does_not_re_enable_a_disabled_account(store, admin, enterprise):
    accounts.set_disabled(store, admin, code(1))
    issued = accounts.issue_access_code(store, admin, code(1), at=T0)
    error = refused(
        store,
        AuthError,
        accounts.redeem_access_code,
        store,
        code(1),
        issued["code"],
        "Gs3@mHv6Yq8$Tx",
        at=T0,
        outcome="denied",
        action="access_code.redeem",
    )
    assert "停用" in error.zh and "disabled" in error.en
    login_fails(store, code(1), "Gs3@mHv6Yq8$Tx")  # neither enabled nor changed: a wrong password
    accounts.set_disabled(store, admin, code(1), False)
    assert accounts.authenticate(store, code(1), PASSWORD)  # the old password still holds
    accounts.redeem_access_code(store, code(1), issued["code"], "Gs3@mHv6Yq8$Tx", at=T0)  # the code was kept
    assert accounts.authenticate(store, code(1), "Gs3@mHv6Yq8$Tx")


def test_used_code_cannot_be_reused(store, admin, company):
    issued = accounts.issue_access_code(store, admin, company, at=T0)
    accounts.redeem_access_code(store, company, issued["code"], "Nr7#tKz2Wf9!Cd", at=T0)
    error = refused(
        store,
        AuthError,
        accounts.redeem_access_code,
        store,
        company,
        issued["code"],
        "Yx4$gLd8Rc2!Vm",
        at=T0,
        outcome="failed",
        action="access_code.redeem",
    )
    assert "已被使用" in error.zh and "used" in error.en
    assert accounts.authenticate(store, company, "Nr7#tKz2Wf9!Cd")  # the password was not changed


def test_revoked_code_fails(store, admin, company):
    issued = accounts.issue_access_code(store, admin, company, at=T0)
    assert accounts.revoke_access_codes(store, admin, company) == 1
    assert accounts.revoke_access_codes(store, admin, company) == 0
    refused(
        store,
        AuthError,
        accounts.redeem_access_code,
        store,
        company,
        issued["code"],
        "Nr7#tKz2Wf9!Cd",
        at=T0,
        outcome="failed",
        action="access_code.redeem",
    )
    assert store.db.execute("SELECT count(*) FROM users").fetchone()[0] == 0


def test_expired_code_fails_with_a_clear_message(store, admin, company):
    issued = accounts.issue_access_code(store, admin, company, days=30, at=T0)
    later = T0 + timedelta(days=30, seconds=1)
    error = refused(
        store,
        AuthError,
        accounts.redeem_access_code,
        store,
        company,
        issued["code"],
        "Nr7#tKz2Wf9!Cd",
        at=later,
        outcome="denied",
        action="access_code.redeem",
    )
    assert "过期" in error.zh and issued["expires_at"] in error.zh
    assert "expired" in error.en and issued["expires_at"] in error.en
    assert store.db.execute("SELECT count(*) FROM users").fetchone()[0] == 0
    row = next(store.db.query("SELECT used_at FROM access_codes WHERE id = ?", [issued["id"]]))
    assert row["used_at"] is None


def test_code_of_one_enterprise_does_not_open_another(store, admin, company):
    from assessment import enterprises

    enterprises.upsert(store, admin, {"credit_code": code(8), "name": "另一家企业"})
    issued = accounts.issue_access_code(store, admin, company, at=T0)
    refused(
        store,
        AuthError,
        accounts.redeem_access_code,
        store,
        code(8),
        issued["code"],
        "Nr7#tKz2Wf9!Cd",
        at=T0,
        outcome="failed",
        action="access_code.redeem",
    )


def test_wrong_code_fails(store, admin, company):
    accounts.issue_access_code(store, admin, company, at=T0)
    refused(
        store,
        AuthError,
        accounts.redeem_access_code,
        store,
        company,
        "AAAA-BBBB-CCCC",
        "Nr7#tKz2Wf9!Cd",
        at=T0,
        outcome="failed",
        action="access_code.redeem",
    )


def test_issue_for_an_unknown_enterprise_is_refused(store, admin):
    with pytest.raises(AccountError, match=code(99)):
        accounts.issue_access_code(store, admin, code(99))


@pytest.mark.parametrize("days", [0, -1, 366])
def test_issue_validity_is_bounded(store, admin, company, days):
    with pytest.raises(AccountError):
        accounts.issue_access_code(store, admin, company, days=days)


def test_audit_entries_filter_refusals(store, admin, enterprise):
    login_fails(store, code(1), "wrong-pass-0")
    rows = audit.entries(store, admin, outcome="failed")
    assert [(r["actor"], r["action"]) for r in rows] == [(code(1), "login")]


def test_malformed_credit_code_at_redeem_is_refused_and_audited(store, admin, company):
    issued = accounts.issue_access_code(store, admin, company, at=T0)
    error = refused(
        store,
        AuthError,
        accounts.redeem_access_code,
        store,
        company[:17] + "!",
        issued["code"],
        "Nr7#tKz2Wf9!Cd",
        at=T0,
        outcome="failed",
        action="access_code.redeem",
    )
    assert "统一社会信用代码" in error.zh
    assert store.db.execute("SELECT count(*) FROM users").fetchone()[0] == 0


def test_self_registration_cannot_claim_an_enterprise_the_bureau_entered(store, company):
    with pytest.raises(AccountError):
        accounts.register_enterprise(store, {"credit_code": company, "name": "冒名公司"}, "Cv7%qBz5Nt3^Ws")


# ------------------------------------------------------------------------------ issue 10


def test_using_one_access_code_revokes_the_others(store, admin, company):
    first = accounts.issue_access_code(store, admin, company, at=T0)
    second = accounts.issue_access_code(store, admin, company, at=T0)
    accounts.redeem_access_code(store, company, second["code"], "Nr7#tKz2Wf9!Cd", at=T0)
    row = next(store.db.query("SELECT used_at, revoked_at FROM access_codes WHERE id = ?", [first["id"]]))
    assert row["used_at"] is None and row["revoked_at"] == T0.isoformat()
    refused(
        store,
        AuthError,
        accounts.redeem_access_code,
        store,
        company,
        first["code"],
        "Yx4$gLd8Rc2!Vm",
        at=T0,
        outcome="failed",
        action="access_code.redeem",
    )
    assert accounts.authenticate(store, company, "Nr7#tKz2Wf9!Cd")


def test_registration_does_not_tell_an_account_from_a_bureau_record(store, company):
    make_enterprise(store, 1)
    with pytest.raises(AccountError) as has_account:
        accounts.register_enterprise(store, {"credit_code": code(1), "name": "冒名公司"}, "Cv7%qBz5Nt3^Ws")
    with pytest.raises(AccountError) as entered:
        accounts.register_enterprise(store, {"credit_code": company, "name": "冒名公司"}, "Cv7%qBz5Nt3^Ws")
    assert (has_account.value.zh, has_account.value.en) == (entered.value.zh, entered.value.en)


def test_the_session_stamp_changes_when_the_account_does(store, admin, enterprise):
    stamp = accounts.session_stamp(store, enterprise)
    assert stamp and accounts.session_stamp(store, enterprise) == stamp
    accounts.authenticate(store, code(1), PASSWORD)  # signing in again changes nothing
    assert accounts.session_stamp(store, enterprise) == stamp
    accounts.reset_password(store, admin, code(1), "Tb7@xNe4Kw6!Gs")
    changed = accounts.session_stamp(store, enterprise)
    assert changed and changed != stamp
    accounts.set_disabled(store, admin, code(1))
    assert accounts.session_stamp(store, enterprise) is None
    accounts.set_disabled(store, admin, code(1), False)
    assert accounts.session_stamp(store, enterprise) == changed


def test_the_session_stamp_refuses_a_changed_role_or_a_missing_account(store, admin):
    analyst = accounts.add_user(store, admin, "ana", "analyst", "Wd5^kLs9Pq2&Ht")
    assert accounts.session_stamp(store, analyst)
    assert accounts.session_stamp(store, Actor("ana", "admin")) is None  # not the role it signed in with
    assert accounts.session_stamp(store, Actor("ghost", "admin")) is None
