"""Accounts: enterprise users, bureau analysts and administrators; argon2-hashed passwords;
lock-out after repeated failures; enterprise access codes (hashed, expiring, revocable) for a
first sign-in."""

from __future__ import annotations

import os
import secrets
import threading
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assessment import credit_code as cc
from assessment.access import ROLES, Actor, require_role
from assessment.audit import record, record_alone
from assessment.db import Store
from assessment.enterprises import check_profile, save_profile
from assessment.errors import AssessmentError


class GatedHasher(PasswordHasher):
    """argon2 with at most one hash or check per core at a time, the others waiting their turn.

    Each check is built to cost about a fifth of a second of CPU and 64 MiB, on four threads.
    At a campaign's start (perf/load.py) a hundred sign-ins at once ran hundreds of such threads
    in the server process: every other session's page stalled for a minute and memory peaked
    at gigabytes. Queued, sign-ins take their turn and pages keep answering."""

    _slots = threading.BoundedSemaphore(os.cpu_count() or 1)

    def hash(self, password, *, salt=None):
        with self._slots:
            return super().hash(password, salt=salt)

    def verify(self, hash, password):
        with self._slots:
            return super().verify(hash, password)


HASHER = GatedHasher()
MAX_FAILURES = 5
LOCK_MINUTES = 15
PASSWORD_MIN = 8
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_DAYS = 30


class AuthError(AssessmentError):
    """Sign-in refused."""


class AccountError(AssessmentError):
    """An account request that cannot be done (duplicate name, weak password, ...)."""


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds")


def _now(at: datetime | None) -> datetime:
    return at or datetime.now(UTC)


def check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < PASSWORD_MIN:
        raise AccountError(
            f"密码至少需要 {PASSWORD_MIN} 个字符", f"a password needs at least {PASSWORD_MIN} characters"
        )
    if password.isdigit() or password.isalpha():
        raise AccountError("密码需同时包含字母和数字", "a password needs both letters and digits")


def actor_of(row: dict) -> Actor:
    return Actor(row["username"], row["role"], row["credit_code"])


def _user(db, username: str) -> dict | None:
    rows = list(db.query("SELECT * FROM users WHERE username = ?", [username]))
    return rows[0] if rows else None


def add_user(
    store: Store,
    actor: Actor,
    username: str,
    role: str,
    password: str,
    *,
    credit_code: str | None = None,
    display_name: str | None = None,
) -> Actor:
    """Create an account (administrators; the first administrator comes from the CLI)."""
    require_role(store, actor, "admin", "user.add")
    if role not in ROLES:
        raise AccountError(f"未知角色 {role!r}", f"unknown role {role!r} (one of {', '.join(ROLES)})")
    username = (username or "").strip()
    if role == "enterprise":
        credit_code = cc.validate(credit_code or username)
        username = credit_code
    elif not username or len(username) > 64 or any(ch.isspace() for ch in username):
        raise AccountError(
            "用户名不能为空、不能含空格且不超过 64 个字符", "a username is 1-64 characters without spaces"
        )
    check_password(password)
    with store.write() as db:
        if _user(db, username):
            raise AccountError(f"用户名 {username} 已存在", f"the username {username} is taken")
        if (
            role == "enterprise"
            and not db.execute("SELECT 1 FROM enterprises WHERE credit_code = ?", [credit_code]).fetchone()
        ):
            raise AccountError(f"未找到企业 {credit_code}", f"no enterprise with credit code {credit_code}")
        db["users"].insert(
            {
                "username": username,
                "display_name": display_name,
                "role": role,
                "credit_code": credit_code if role == "enterprise" else None,
                "password_hash": HASHER.hash(password),
                "created_at": _iso(_now(None)),
            }
        )
        record(db, actor, "user.add", "user", username, detail={"role": role})
    return Actor(username, role, credit_code if role == "enterprise" else None)


def list_users(store: Store, actor: Actor) -> list[dict]:
    require_role(store, actor, "admin", "user.list")
    cols = (
        "id, username, display_name, role, credit_code, disabled, failed_logins, locked_until, "
        "created_at, last_login_at"
    )
    return list(store.db.query(f"SELECT {cols} FROM users ORDER BY role, username"))


def set_disabled(store: Store, actor: Actor, username: str, disabled: bool = True) -> None:
    require_role(store, actor, "admin", "user.disable")
    with store.write() as db:
        row = _user(db, username)
        if not row:
            raise AccountError(f"用户 {username} 不存在", f"no user {username}")
        if disabled and row["role"] == "admin" and not row["disabled"]:
            others = db.execute(
                "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND username != ?", [username]
            ).fetchone()[0]
            if not others:
                raise AccountError(
                    f"{username} 是最后一个启用的管理员账户，不能停用（请先添加另一个管理员）",
                    f"{username} is the last enabled administrator and cannot be disabled (add another first)",
                )
        db.execute(
            "UPDATE users SET disabled = ?, failed_logins = 0, locked_until = NULL WHERE username = ?",
            [int(disabled), username],
        )
        record(db, actor, "user.disable" if disabled else "user.enable", "user", username)


def reset_password(store: Store, actor: Actor, username: str, password: str) -> None:
    """An administrator sets a new password (and lifts a lock-out)."""
    require_role(store, actor, "admin", "user.reset")
    check_password(password)
    with store.write() as db:
        if not _user(db, username):
            raise AccountError(f"用户 {username} 不存在", f"no user {username}")
        db.execute(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE username = ?",
            [HASHER.hash(password), username],
        )
        record(db, actor, "user.reset", "user", username)


def authenticate(store: Store, username: str, password: str, *, at: datetime | None = None) -> Actor:
    """Check a password; count failures and lock the account after MAX_FAILURES.

    Failures are committed (count, lock, audit row) before the refusal is raised.
    """
    moment = _now(at)
    name = (username or "").strip()
    if cc.is_valid(name):
        name = cc.normalise(name)
    error: AuthError | None = None
    # the argon2 check (a fifth of a second of CPU) runs before the write transaction: inside
    # it, it held the database's one write lock, and every answer being saved by every other
    # session waited for it; the transaction then accepts the check only for the same hash
    seen = _user(store.db, name)
    password_ok = seen is not None and _verify(seen["password_hash"], password)
    with store.write() as db:
        row = _user(db, name)
        if row is None:
            record(db, Actor(name or "?", "enterprise"), "login", "user", name, outcome="failed")
            error = AuthError("用户名或密码错误", "wrong username or password")
        elif row["disabled"]:
            record(db, actor_of(row), "login", "user", name, outcome="denied", detail={"reason": "disabled"})
            error = AuthError("该账户已停用，请联系管理员", "this account is disabled; contact the administrator")
        elif row["locked_until"] and row["locked_until"] > _iso(moment):
            record(db, actor_of(row), "login", "user", name, outcome="denied", detail={"reason": "locked"})
            error = AuthError(
                f"连续输错密码次数过多，账户已锁定至 {row['locked_until']}（UTC）",
                f"too many failed attempts: the account is locked until {row['locked_until']} (UTC)",
            )
        elif not (password_ok and row["password_hash"] == seen["password_hash"]):
            failures = row["failed_logins"] + 1
            locked = _iso(moment + timedelta(minutes=LOCK_MINUTES)) if failures >= MAX_FAILURES else None
            db.execute(
                "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                [0 if locked else failures, locked, row["id"]],
            )
            record(db, actor_of(row), "login", "user", name, outcome="failed", detail={"failures": failures})
            error = (
                AuthError(
                    f"连续 {MAX_FAILURES} 次输错密码，账户锁定 {LOCK_MINUTES} 分钟",
                    f"{MAX_FAILURES} failed attempts: the account is locked for {LOCK_MINUTES} minutes",
                )
                if locked
                else AuthError("用户名或密码错误", "wrong username or password")
            )
        else:
            db.execute(
                "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?",
                [_iso(moment), row["id"]],
            )
            record(db, actor_of(row), "login", "user", name)
    if error is not None:
        raise error
    return actor_of(row)


def _verify(hashed: str | None, secret: str | None) -> bool:
    try:
        return HASHER.verify(hashed or "", secret or "")
    except (VerificationError, InvalidHashError):
        return False


def register_enterprise(store: Store, profile: dict, password: str) -> Actor:
    """Self-registration: a new enterprise and its first user, whose username is the credit code."""
    checked = check_profile({k: v for k, v in profile.items() if k != "synthetic"})
    check_password(password)
    code = checked["credit_code"]
    me = Actor(code, "enterprise", code)
    with store.write() as db:
        if db.execute("SELECT 1 FROM users WHERE username = ?", [code]).fetchone():
            raise AccountError(
                "该统一社会信用代码已注册，请直接登录，或向主管部门申请访问码",
                "this credit code is already registered: sign in, or ask the bureau for an access code",
            )
        if db.execute("SELECT 1 FROM enterprises WHERE credit_code = ?", [code]).fetchone():
            # entered by the bureau (an import or an on-site rating): only an access code proves
            # that the person registering speaks for the enterprise
            raise AccountError(
                "该企业已由主管部门登记，请使用主管部门发放的访问码首次登录",
                "the bureau has already entered this enterprise: sign in for the first time with the "
                "access code it issues",
            )
        save_profile(db, checked, me)
        db["users"].insert(
            {
                "username": code,
                "role": "enterprise",
                "credit_code": code,
                "password_hash": HASHER.hash(password),
                "created_at": _iso(_now(None)),
            }
        )
        record(db, me, "register", "enterprise", code)
    return me


# ------------------------------------------------------------------------------ access codes


def issue_access_code(
    store: Store, actor: Actor, credit_code: str, *, days: int = CODE_DAYS, at: datetime | None = None
) -> dict:
    """A new access code for an enterprise; the plain code is shown once and stored hashed."""
    require_role(store, actor, "admin", "access_code.issue")
    code_id = cc.validate(credit_code)
    if days < 1 or days > 365:
        raise AccountError("有效期应为 1 到 365 天", "validity must be 1 to 365 days")
    plain = "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))
    moment = _now(at)
    expires = _iso(moment + timedelta(days=days))
    with store.write() as db:
        if not db.execute("SELECT 1 FROM enterprises WHERE credit_code = ?", [code_id]).fetchone():
            raise AccountError(f"未找到企业 {code_id}", f"no enterprise with credit code {code_id}")
        row_id = (
            db["access_codes"]
            .insert(
                {
                    "credit_code": code_id,
                    "code_hash": HASHER.hash(plain),
                    "created_by": actor.username,
                    "created_at": _iso(moment),
                    "expires_at": expires,
                }
            )
            .last_pk
        )
        record(db, actor, "access_code.issue", "access_code", row_id, detail={"credit_code": code_id})
    return {"id": row_id, "credit_code": code_id, "code": plain, "expires_at": expires}


def revoke_access_codes(store: Store, actor: Actor, credit_code: str) -> int:
    """Revoke every unused access code of an enterprise; returns how many."""
    require_role(store, actor, "admin", "access_code.revoke")
    code_id = cc.validate(credit_code)
    with store.write() as db:
        cur = db.execute(
            "UPDATE access_codes SET revoked_at = ? WHERE credit_code = ? AND used_at IS NULL AND revoked_at IS NULL",
            [_iso(_now(None)), code_id],
        )
        record(db, actor, "access_code.revoke", "enterprise", code_id, detail={"count": cur.rowcount})
        return cur.rowcount


def redeem_access_code(
    store: Store, credit_code: str, code: str, new_password: str, *, at: datetime | None = None
) -> Actor:
    """First sign-in with an access code: set the enterprise user's password."""
    check_password(new_password)
    moment = _now(at)
    try:
        code_id = cc.validate(credit_code)
    except cc.CreditCodeError as exc:
        typed_code = str(credit_code or "")[:64] or "?"
        who = Actor(typed_code, "enterprise")
        record_alone(store, who, "access_code.redeem", "enterprise", typed_code, outcome="failed")
        raise AuthError(exc.zh, exc.en) from None
    typed = "".join((code or "").split()).upper().replace("-", "")
    me = Actor(code_id, "enterprise", code_id)
    error: AuthError | None = None
    with store.write() as db:
        rows = db.query(
            "SELECT * FROM access_codes WHERE credit_code = ? AND used_at IS NULL AND revoked_at IS NULL",
            [code_id],
        )
        canonical = "-".join(typed[i : i + 4] for i in (0, 4, 8))
        match = next((row for row in rows if _verify(row["code_hash"], canonical)), None)
        if match is None:
            record(db, me, "access_code.redeem", "enterprise", code_id, outcome="failed")
            error = AuthError("访问码无效或已被使用/撤销", "the access code is not valid, used or revoked")
        elif match["expires_at"] <= _iso(moment):
            record(
                db,
                me,
                "access_code.redeem",
                "enterprise",
                code_id,
                outcome="denied",
                detail={"reason": "expired"},
            )
            error = AuthError(
                f"访问码已于 {match['expires_at']}（UTC）过期，请向主管部门申请新的访问码",
                f"the access code expired at {match['expires_at']} (UTC); ask the bureau for a new one",
            )
        elif (existing := _user(db, code_id)) and existing["disabled"]:
            # a disabled account stays disabled: an access code sets a password, it does not
            # undo the administrator's decision (and the code stays unused for after re-enabling)
            record(db, me, "access_code.redeem", "enterprise", code_id, outcome="denied", detail={"reason": "disabled"})
            error = AuthError("该账户已停用，请联系管理员", "this account is disabled; contact the administrator")
        else:
            db.execute("UPDATE access_codes SET used_at = ? WHERE id = ?", [_iso(moment), match["id"]])
            hashed = HASHER.hash(new_password)
            if existing:
                db.execute(
                    "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE username = ?",
                    [hashed, code_id],
                )
            else:
                db["users"].insert(
                    {
                        "username": code_id,
                        "role": "enterprise",
                        "credit_code": code_id,
                        "password_hash": hashed,
                        "created_at": _iso(moment),
                    }
                )
            record(db, me, "access_code.redeem", "access_code", match["id"])
    if error is not None:
        raise error
    return me


def failed_sign_in(store: Store, username: str) -> None:
    """Log a refused sign-in that never reached ``authenticate`` (e.g. a malformed code)."""
    record_alone(store, Actor(username or "?", "enterprise"), "login", "user", username, outcome="failed")
