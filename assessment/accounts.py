"""Accounts: enterprise users, bureau analysts and administrators; argon2-hashed passwords;
lock-out after repeated failures (per account and client address, ``assessment.throttle``);
enterprise access codes (hashed, expiring, revocable, one per enterprise alive after use) for a
first sign-in; the stamp that ends a session when its account changes.

argon2id with the OWASP Password Storage Cheat Sheet's parameters (19 MiB, 2 passes, 1 lane: a
few hundredths of a second of one core a hash; README "Capacity" says why not more) always runs
outside any write transaction, so that sign-ins never hold SQLite's write lock while hashing; the
counters and the audit row go in a short transaction of their own afterwards. An unknown username
is verified against a dummy hash, so that it costs the same as a known one with a wrong password.
A hash made with other parameters (argon2-cffi's defaults before, 64 MiB, 3 passes, 4 lanes)
still verifies, and is replaced by one with the current parameters at its next right sign-in.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assessment import credit_code as cc
from assessment import throttle
from assessment.access import ROLES, Actor, require_role
from assessment.audit import record, record_alone
from assessment.db import Store
from assessment.enterprises import check_profile, confirm_in, save_profile
from assessment.errors import AssessmentError
from assessment.passwords import check_password
from assessment.throttle import LOCK_MINUTES, MAX_ADDRESS_FAILURES, MAX_FAILURES

__all__ = ["LOCK_MINUTES", "MAX_ADDRESS_FAILURES", "MAX_FAILURES", "check_password"]


# OWASP Password Storage Cheat Sheet, argon2id: "19 MiB of memory, an iteration count of 2, and 1
# degree of parallelism" (a row of its table of equally strong settings). argon2-cffi's default,
# RFC 9106's "second recommended option" (64 MiB, 3 passes, 4 lanes), costs about six times the CPU:
# at a campaign's start 200 sign-ins took both cores of a small server for a minute.
TIME_COST = 2
MEMORY_COST = 19 * 1024  # KiB
PARALLELISM = 1


class GatedHasher(PasswordHasher):
    """argon2 with at most one hash or check per core at a time, the others waiting their turn.

    At a campaign's start (perf/load.py) a hundred sign-ins at once, with the earlier 64 MiB
    four-lane parameters, ran hundreds of threads in the server process: every other session's
    page stalled for a minute and memory peaked at gigabytes. Queued, sign-ins take their turn
    and pages keep answering."""

    _slots = threading.BoundedSemaphore(os.cpu_count() or 1)

    def hash(self, password, *, salt=None):
        with self._slots:
            return super().hash(password, salt=salt)

    def verify(self, hash, password):
        with self._slots:
            return super().verify(hash, password)


HASHER = GatedHasher(time_cost=TIME_COST, memory_cost=MEMORY_COST, parallelism=PARALLELISM)
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


_DUMMY: dict[int, str] = {}


def _dummy_hash() -> str:
    """A hash of nothing anyone knows, with the current hasher's cost (computed once per hasher)."""
    key = id(HASHER)
    if key not in _DUMMY:
        _DUMMY[key] = HASHER.hash(secrets.token_urlsafe(24))
    return _DUMMY[key]


def _own_words(db, username: str, credit_code: str | None, *extra: str | None) -> list[str]:
    """What a password must not be close to: the username, the credit code, the enterprise's name."""
    words = [username, credit_code, *extra]
    if credit_code:
        row = db.execute("SELECT name FROM enterprises WHERE credit_code = ?", [credit_code]).fetchone()
        words.append(row[0] if row else None)
    return [w for w in words if w]


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
    agency: str | None = None,
) -> Actor:
    """Create an account (administrators; the first administrator comes from the CLI). An
    assessor may name the outside assessment agency it works for (``agency``)."""
    require_role(store, actor, "admin", "user.add")
    if role not in ROLES:
        raise AccountError(f"未知角色 {role!r}", f"unknown role {role!r} (one of {', '.join(ROLES)})")
    agency = (agency or "").strip() or None
    if agency is not None and (role != "assessor" or len(agency) > 100):
        raise AccountError(
            "只有评估人员账户可以填写所属机构（不超过 100 个字符）",
            "only an assessor account names an agency (at most 100 characters)",
        )
    username = (username or "").strip()
    if role == "enterprise":
        credit_code = cc.validate(credit_code or username)
        username = credit_code
    elif not username or len(username) > 64 or any(ch.isspace() for ch in username):
        raise AccountError(
            "用户名不能为空、不能含空格且不超过 64 个字符", "a username is 1-64 characters without spaces"
        )
    check_password(
        password, _own_words(store.db, username, credit_code if role == "enterprise" else None, display_name)
    )
    hashed = HASHER.hash(password)  # before the transaction: no write lock held while hashing
    with store.write() as db:
        if _user(db, username):
            raise AccountError(f"用户名 {username} 已存在", f"the username {username} is taken")
        if (
            role == "enterprise"
            and not db.execute("SELECT 1 FROM enterprises WHERE credit_code = ?", [credit_code]).fetchone()
        ):
            raise AccountError(f"未找到企业 {credit_code}", f"no enterprise with credit code {credit_code}")
        db.table("users").insert(
            {
                "username": username,
                "display_name": display_name,
                "role": role,
                "credit_code": credit_code if role == "enterprise" else None,
                "password_hash": hashed,
                "created_at": _iso(_now(None)),
                **({"agency": agency} if agency else {}),
            }
        )
        record(db, actor, "user.add", "user", username, detail={"role": role, **({"agency": agency} if agency else {})})
    return Actor(username, role, credit_code if role == "enterprise" else None)


ACCOUNT_STATES = ("active", "locked", "disabled")


def account_state(row: dict, at: datetime | None = None) -> str:
    """The one reading of an account's state at ``at`` (default now), for every list of
    accounts (CLI, accounts page): ``disabled``; else ``locked`` while one of its addresses is
    locked out (``locked_until`` still ahead, ``assessment.throttle``); else ``active``."""
    if row["disabled"]:
        return "disabled"
    if row["locked_until"] and row["locked_until"] > _iso(_now(at)):
        return "locked"
    return "active"


def list_users(store: Store, actor: Actor, *, at: datetime | None = None) -> list[dict]:
    """Every account; ``failed_logins`` and ``locked_until`` are its recent failed sign-ins (all
    addresses) and the latest lock of one of its addresses (``assessment.throttle``); ``state``
    is ``account_state`` at the same moment."""
    require_role(store, actor, "admin", "user.list")
    cols = "id, username, display_name, role, credit_code, agency, disabled, created_at, last_login_at"
    with store.read() as db:
        rows = list(db.query(f"SELECT {cols} FROM users ORDER BY role, username"))
        moment = _now(at)
        recent = throttle.account_summary(db, moment)
    for row in rows:
        row["failed_logins"], row["locked_until"] = recent.get(row["username"], (0, None))
        row["state"] = account_state(row, moment)
    return rows


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
        db.execute("UPDATE users SET disabled = ? WHERE username = ?", [int(disabled), username])
        throttle.clear(db, username)
        record(db, actor, "user.disable" if disabled else "user.enable", "user", username)


def reset_password(store: Store, actor: Actor, username: str, password: str) -> None:
    """An administrator sets a new password (and lifts every lock-out of the account)."""
    require_role(store, actor, "admin", "user.reset")
    row = _user(store.db, username)
    if not row:
        raise AccountError(f"用户 {username} 不存在", f"no user {username}")
    check_password(password, _own_words(store.db, username, row["credit_code"], row["display_name"]))
    hashed = HASHER.hash(password)  # before the transaction: no write lock held while hashing
    with store.write() as db:
        if not db.execute("UPDATE users SET password_hash = ? WHERE username = ?", [hashed, username]).rowcount:
            raise AccountError(f"用户 {username} 不存在", f"no user {username}")
        throttle.clear(db, username)
        record(db, actor, "user.reset", "user", username)


def _typed_username(username: str | None) -> str:
    name = (username or "").strip()
    return cc.normalise(name) if cc.is_valid(name) else name


WRONG = ("用户名或密码错误", "wrong username or password")


def _blocked(block: throttle.Block) -> AuthError:
    until = block.until.replace("T", " ")[:19]
    if block.reason == "throttled":
        return AuthError(
            f"从您所在网络地址输错密码的次数过多，请于 {until}（UTC）之后再试",
            f"too many failed sign-ins from your network address: try again after {until} (UTC)",
        )
    return AuthError(
        f"连续输错密码次数过多，该账户在您所在网络地址已锁定至 {until}（UTC）",
        f"too many failed attempts: the account is locked from your network address until {until} (UTC)",
    )


def authenticate(
    store: Store, username: str, password: str, *, address: str | None = None, at: datetime | None = None
) -> Actor:
    """Check a password. Wrong ones are counted per username and client ``address`` (the pair
    locks after MAX_FAILURES, the address after MAX_ADDRESS_FAILURES, ``assessment.throttle``).

    Every refusal is committed (count, audit row) before it is raised. Whether the username
    exists changes neither the message nor the time taken; that an account is disabled is said
    only to someone who gave its right password.
    """
    moment = _now(at)
    name = _typed_username(username)
    where = address or "unknown"
    row = _user(store.db, name)
    who = actor_of(row) if row else Actor(name[: throttle.NAME_MAX] or "?", "enterprise")
    block = throttle.block(store.db, name, where, moment)
    if block is not None:
        detail: dict[str, object] = {"reason": block.reason, "address": where}
        record_alone(store, who, "login", "user", name[: throttle.NAME_MAX], outcome="denied", detail=detail)
        raise _blocked(block)
    # argon2 outside any transaction (a dummy hash for an unknown name: the same cost)
    right = _verify(row["password_hash"] if row else _dummy_hash(), password) and row is not None
    # a hash of older parameters is made again with the current ones, also before the transaction
    outdated = right and row is not None and not row["disabled"] and _outdated(row["password_hash"])
    rehashed = HASHER.hash(password) if outdated else None
    error: AuthError | None = None
    with store.write() as db:
        if right and row is not None and row["disabled"]:
            record(db, who, "login", "user", name, outcome="denied", detail={"reason": "disabled", "address": where})
            error = AuthError("该账户已停用，请联系管理员", "this account is disabled; contact the administrator")
        elif (
            right
            and row is not None
            and db.execute(
                # the account as verified: a password changed meanwhile does not let the old one in
                "UPDATE users SET last_login_at = ?, password_hash = ? WHERE id = ? AND password_hash = ? "
                "AND disabled = 0",
                [_iso(moment), rehashed or row["password_hash"], row["id"], row["password_hash"]],
            ).rowcount
        ):
            throttle.clear(db, name, where)
            done = {"address": where, **({"rehashed": True} if rehashed else {})}  # that it was, not the hash
            record(db, who, "login", "user", name, detail=done)
        else:
            failures = throttle.record_failure(db, name, where, moment)
            detail = {"failures": failures, "address": where}
            record(db, who, "login", "user", name[: throttle.NAME_MAX], outcome="failed", detail=detail)
            error = (
                AuthError(
                    f"连续 {MAX_FAILURES} 次输错密码，该账户在您所在网络地址锁定 {LOCK_MINUTES} 分钟",
                    f"{MAX_FAILURES} failed attempts: the account is locked from your network address for "
                    f"{LOCK_MINUTES} minutes",
                )
                if failures >= MAX_FAILURES
                else AuthError(*WRONG)
            )
    if error is not None:
        raise error
    return who


def session_stamp(store: Store, who: Actor) -> str | None:
    """What a session keeps of its account at sign-in: a digest of its role, enterprise and
    password hash; None when the account is gone, disabled, or no longer has ``who``'s role or
    enterprise. A session whose stamp changes ends (the password or role changed, the account was
    disabled). One read by the unique index on the username: cheap enough for every page run."""
    row = store.db.execute(
        "SELECT role, credit_code, disabled, password_hash FROM users WHERE username = ?", [who.username]
    ).fetchone()
    if row is None or row[2] or (row[0], row[1]) != (who.role, who.credit_code):
        return None
    return hashlib.sha256("\x1f".join(str(v) for v in row).encode()).hexdigest()[:32]


def _outdated(hashed: str) -> bool:
    """Whether a stored hash was made with other parameters than the current hasher's."""
    try:
        return HASHER.check_needs_rehash(hashed)
    except InvalidHashError:
        return False


def _verify(hashed: str | None, secret: str | None) -> bool:
    try:
        return HASHER.verify(hashed or "", secret or "")
    except (VerificationError, InvalidHashError):
        return False


def register_enterprise(store: Store, profile: dict, password: str) -> Actor:
    """Self-registration: a new enterprise and its first user, whose username is the credit code."""
    checked = check_profile({k: v for k, v in profile.items() if k != "synthetic"})
    code = checked["credit_code"]
    check_password(password, [code, checked.get("name")])
    hashed = HASHER.hash(password)  # before the transaction: no write lock held while hashing
    me = Actor(code, "enterprise", code)
    with store.write() as db:
        if db.execute(
            "SELECT 1 FROM users WHERE username = ? UNION ALL SELECT 1 FROM enterprises WHERE credit_code = ?",
            [code, code],
        ).fetchone():
            # one message whether it has an account or was entered by the bureau (an import or
            # an on-site rating: only an access code proves that the person speaks for it)
            raise AccountError(
                "该统一社会信用代码不能在此注册：如已有账户请直接登录，否则请向主管部门申请访问码首次登录",
                "this credit code cannot be registered here: sign in if it has an account, otherwise ask "
                "the bureau for an access code to sign in the first time",
            )
        save_profile(db, checked, me)
        db.table("users").insert(
            {
                "username": code,
                "role": "enterprise",
                "credit_code": code,
                "password_hash": hashed,
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
    hashed = HASHER.hash(plain)  # before the transaction: no write lock held while hashing
    with store.write() as db:
        if not db.execute("SELECT 1 FROM enterprises WHERE credit_code = ?", [code_id]).fetchone():
            raise AccountError(f"未找到企业 {code_id}", f"no enterprise with credit code {code_id}")
        row_id = (
            db.table("access_codes")
            .insert(
                {
                    "credit_code": code_id,
                    "code_hash": hashed,
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
    """First sign-in with an access code: set the enterprise user's password. The code used is
    spent and every other unused code of the enterprise is revoked with it."""
    moment = _now(at)
    try:
        code_id = cc.validate(credit_code)
    except cc.CreditCodeError as exc:
        check_password(new_password)
        typed_code = str(credit_code or "")[:64] or "?"
        who = Actor(typed_code, "enterprise")
        record_alone(store, who, "access_code.redeem", "enterprise", typed_code, outcome="failed")
        raise AuthError(exc.zh, exc.en) from None
    check_password(new_password, _own_words(store.db, code_id, code_id))
    typed = "".join((code or "").split()).upper().replace("-", "")
    canonical = "-".join(typed[i : i + 4] for i in (0, 4, 8))
    me = Actor(code_id, "enterprise", code_id)
    # argon2 outside any transaction: the codes are read, then verified, then spent below only
    # if still unused
    candidates = list(
        store.db.query(
            "SELECT * FROM access_codes WHERE credit_code = ? AND used_at IS NULL AND revoked_at IS NULL",
            [code_id],
        )
    )
    match = next((row for row in candidates if _verify(row["code_hash"], canonical)), None)
    if not candidates:
        _verify(_dummy_hash(), canonical)  # the same cost whether the enterprise has codes or not
    hashed = HASHER.hash(new_password) if match else None
    error: AuthError | None = None
    with store.write() as db:
        existing = _user(db, code_id)
        if match is None:
            record(db, me, "access_code.redeem", "enterprise", code_id, outcome="failed")
            error = AuthError("访问码无效或已被使用/撤销", "the access code is not valid, used or revoked")
        elif match["expires_at"] <= _iso(moment):
            detail = {"reason": "expired"}
            record(db, me, "access_code.redeem", "enterprise", code_id, outcome="denied", detail=detail)
            error = AuthError(
                f"访问码已于 {match['expires_at']}（UTC）过期，请向主管部门申请新的访问码",
                f"the access code expired at {match['expires_at']} (UTC); ask the bureau for a new one",
            )
        elif existing and existing["disabled"]:
            # a disabled account stays disabled: an access code sets a password, it does not
            # undo the administrator's decision (and the code stays unused for after re-enabling)
            record(db, me, "access_code.redeem", "enterprise", code_id, outcome="denied", detail={"reason": "disabled"})
            error = AuthError("该账户已停用，请联系管理员", "this account is disabled; contact the administrator")
        elif not db.execute(
            "UPDATE access_codes SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL",
            [_iso(moment), match["id"]],
        ).rowcount:  # spent or revoked while it was being verified
            record(db, me, "access_code.redeem", "enterprise", code_id, outcome="failed")
            error = AuthError("访问码无效或已被使用/撤销", "the access code is not valid, used or revoked")
        else:
            others = db.execute(
                "UPDATE access_codes SET revoked_at = ? WHERE credit_code = ? AND id != ? "
                "AND used_at IS NULL AND revoked_at IS NULL",
                [_iso(moment), code_id, match["id"]],
            ).rowcount
            if existing:
                db.execute("UPDATE users SET password_hash = ? WHERE username = ?", [hashed, code_id])
                throttle.clear(db, code_id)
            else:
                db.table("users").insert(
                    {
                        "username": code_id,
                        "role": "enterprise",
                        "credit_code": code_id,
                        "password_hash": hashed,
                        "created_at": _iso(moment),
                    }
                )
            record(db, me, "access_code.redeem", "access_code", match["id"], detail={"revoked_others": others})
            confirm_in(db, me, code_id, "access_code")  # the bureau handed the code to this enterprise
    if error is not None:
        raise error
    return me
