"""Enterprises: their profile, checked field by field, and their record in the store."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import Any

from assessment import credit_code as cc
from assessment.access import Actor, assigned_enterprises, require_read, require_role
from assessment.audit import record
from assessment.db import Store, now, peek
from assessment.directory import SIZES, size_class
from assessment.errors import AssessmentError

NAME_MAX = 200
INTEGER_MAX = 2**63 - 1  # what an SQLite INTEGER holds
TEXT_MAX = 100
FIELDS = (
    "credit_code",
    "name",
    "park",
    "industry",
    "size",
    "employees",
    "revenue",
    "region",
    "contact_name",
    "contact_phone",
    "contact_email",
)
LABELS = {
    "credit_code": ("统一社会信用代码", "credit code"),
    "name": ("企业名称", "name"),
    "park": ("所在园区", "park"),
    "industry": ("所属行业", "industry"),
    "size": ("企业规模", "size"),
    "employees": ("从业人数", "employees"),
    "revenue": ("营业收入（万元）", "revenue (10k yuan)"),
    "region": ("街道/区域", "street/region"),
    "contact_name": ("联系人", "contact name"),
    "contact_phone": ("联系电话", "contact phone"),
    "contact_email": ("电子邮箱", "contact email"),
}


class ProfileError(AssessmentError):
    """A profile field with a bad value; ``field`` names it."""

    def __init__(self, field: str, zh: str, en: str):
        self.field = field
        label_zh, label_en = LABELS.get(field, (field, field))
        super().__init__(f"{label_zh}：{zh}", f"{label_en}: {en}")


class NotFound(AssessmentError):
    """A record that does not exist."""


def _is_emoji_or_control(ch: str) -> bool:
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return True
    # emoji: the symbol planes, plus the BMP blocks that hold emoji (⌚ ☕ ⭐ ✅ ...)
    code = ord(ch)
    if cat in ("So", "Sk") and (code >= 0x1F000 or 0x2300 <= code <= 0x23FF or 0x2600 <= code <= 0x27BF):
        return True
    return cat == "So" and 0x2B00 <= code <= 0x2BFF or 0xFE00 <= code <= 0xFE0F


def check_text(field: str, value: object, *, required: bool = False, limit: int = TEXT_MAX) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ProfileError(field, "不能为空", "is required")
        return None
    if not isinstance(value, str):
        value = str(value)
    text = " ".join(value.split())
    if len(text) > limit:
        raise ProfileError(
            field,
            f"不能超过 {limit} 个字符（输入了 {len(text)} 个）",
            f"at most {limit} characters (got {len(text)})",
        )
    bad = [ch for ch in text if _is_emoji_or_control(ch)]
    if bad:
        raise ProfileError(
            field,
            f"含有不允许的字符（表情符号或控制字符）：{bad[0]!r}",
            f"contains a character that is not allowed (emoji or control): {bad[0]!r}",
        )
    return text


def _number(field: str, value: object, *, integer: bool) -> float | int | None:
    if value is None or value == "":
        return None
    try:
        number = float(str(value).replace(",", "")) if not isinstance(value, int | float) else value
    except ValueError:
        raise ProfileError(field, f"应为数字，收到 {value!r}", f"expected a number, got {value!r}") from None
    if isinstance(number, bool) or number != number or number < 0:
        raise ProfileError(field, "应为不小于 0 的数字", "expected a number >= 0")
    if number == math.inf or (integer and number > INTEGER_MAX):
        raise ProfileError(field, "数值过大", "the number is too large")
    if integer:
        if int(number) != number:
            raise ProfileError(field, "应为整数", "expected a whole number")
        return int(number)
    return float(number)


def check_profile(data: dict) -> dict:
    """Validate and normalise an enterprise profile; raise ProfileError naming the field."""
    unknown = set(data) - set(FIELDS) - {"synthetic"}
    if unknown:
        field = sorted(unknown)[0]
        raise ProfileError(field, "未知字段", "unknown field")
    try:
        code = cc.validate(data.get("credit_code"))
    except cc.CreditCodeError as exc:
        raise ProfileError("credit_code", exc.zh, exc.en) from None
    out: dict[str, Any] = {
        "credit_code": code,
        "name": check_text("name", data.get("name"), required=True, limit=NAME_MAX),
    }
    for field in ("park", "industry", "region", "contact_name"):
        out[field] = check_text(field, data.get(field))
    phone = check_text("contact_phone", data.get("contact_phone"), limit=30)
    if phone and not re.fullmatch(r"[0-9+\-() ]{5,30}", phone):
        raise ProfileError("contact_phone", "格式不正确", "is not a phone number")
    out["contact_phone"] = phone
    email = check_text("contact_email", data.get("contact_email"))
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise ProfileError("contact_email", "格式不正确", "is not an e-mail address")
    out["contact_email"] = email
    out["employees"] = _number("employees", data.get("employees"), integer=True)
    out["revenue"] = _number("revenue", data.get("revenue"), integer=False)
    size = data.get("size") or None
    derived = size_class(out["employees"], out["revenue"])
    if size is not None and size not in SIZES:
        by_name = {zh: key for key, (zh, en) in SIZES.items()} | {en.lower(): key for key, (zh, en) in SIZES.items()}
        size = by_name.get(str(size).strip().lower(), by_name.get(str(size).strip()))
        if size is None:
            raise ProfileError("size", f"应为 {'/'.join(SIZES)} 之一", f"must be one of {', '.join(SIZES)}")
    out["size"] = derived or size
    out["synthetic"] = 1 if data.get("synthetic") else 0
    return out


def save_profile(db, profile: dict, actor: Actor, *, stamp: str | None = None) -> str:
    """Insert or update a checked profile inside the caller's transaction (``stamp``: the time
    recorded, now by default; the demo cohort passes its own to stay reproducible)."""
    stamp = stamp or now()
    existing = db.execute("SELECT 1 FROM enterprises WHERE credit_code = ?", [profile["credit_code"]]).fetchone()
    if existing:
        sets = ", ".join(f"{k} = ?" for k in profile if k != "credit_code")
        db.execute(
            f"UPDATE enterprises SET {sets}, updated_at = ? WHERE credit_code = ?",
            [v for k, v in profile.items() if k != "credit_code"] + [stamp, profile["credit_code"]],
        )
        record(db, actor, "enterprise.update", "enterprise", profile["credit_code"])
    else:
        row = {**profile, "created_at": stamp, "updated_at": stamp}
        if actor.role != "enterprise":  # entered by the bureau (import, demo, administrator)
            row |= {"confirmed": 1, "confirmed_by": actor.username, "confirmed_at": stamp}
        db.conn.execute(
            f"INSERT INTO enterprises ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
        record(db, actor, "enterprise.create", "enterprise", profile["credit_code"])
    return profile["credit_code"]


def confirm_in(db, actor: Actor, credit_code: str, how: str) -> bool:
    """Mark an enterprise confirmed inside the caller's transaction (``how``: what vouched for
    it, for the audit log); False when it already was."""
    cur = db.execute(
        "UPDATE enterprises SET confirmed = 1, confirmed_by = ?, confirmed_at = ? "
        "WHERE credit_code = ? AND confirmed = 0",
        [actor.username, now(), credit_code],
    )
    if cur.rowcount:
        record(db, actor, "enterprise.confirm", "enterprise", credit_code, detail={"by": how})
    return bool(cur.rowcount)


def confirm(store: Store, actor: Actor, credit_code: str) -> bool:
    """The bureau confirms a self-registered enterprise: from now on it counts in cohort
    figures. Administrators only; False when it was confirmed already."""
    require_role(store, actor, "admin", "enterprise.confirm")
    code = cc.normalise(credit_code or "")
    with store.write() as db:
        if not db.execute("SELECT 1 FROM enterprises WHERE credit_code = ?", [code]).fetchone():
            raise NotFound(f"未找到统一社会信用代码为 {code} 的企业", f"no enterprise with credit code {code}")
        return confirm_in(db, actor, code, "bureau")


def unconfirmed(store: Store, actor: Actor) -> list[dict]:
    """The confirmation queue: self-registered enterprises not yet confirmed, oldest first."""
    require_role(store, actor, "admin", "enterprise.unconfirmed")
    return list(
        store.db.query(
            "SELECT credit_code, name, park, industry, size, contact_name, contact_phone, created_at "
            "FROM enterprises WHERE confirmed = 0 ORDER BY created_at, credit_code"
        )
    )


def upsert(store: Store, actor: Actor, data: dict) -> str:
    """Create or update an enterprise (its own user, or an administrator)."""
    profile = check_profile(data)
    if actor.role == "enterprise":
        require_read(store, actor, profile["credit_code"], "enterprise.update")
    else:
        require_role(store, actor, "admin", "enterprise.update")
    with store.write() as db:
        return save_profile(db, profile, actor)


def get(store: Store, actor: Actor, credit_code: str) -> dict:
    code = cc.normalise(credit_code)
    require_read(store, actor, code, "enterprise.read")
    row = store.db.execute("SELECT * FROM enterprises WHERE credit_code = ?", [code]).fetchone()
    if row is None:
        raise NotFound(f"未找到统一社会信用代码为 {code} 的企业", f"no enterprise with credit code {code}")
    cols = [d[0] for d in store.db.execute("SELECT * FROM enterprises LIMIT 0").description]
    return dict(zip(cols, row))


def listing(store: Store, actor: Actor, **filters) -> list[dict]:
    """All enterprises (analysts and administrators), optionally filtered by column values."""
    if actor.role == "enterprise":
        return [get(store, actor, actor.credit_code)]  # type: ignore[arg-type]  # an enterprise account has its code
    if actor.role == "assessor":
        return sorted((get(store, actor, code) for code in assigned_enterprises(store, actor)), key=lambda e: e["name"])
    where = [f"{k} = ?" for k, v in filters.items() if v is not None]
    params = [v for v in filters.values() if v is not None]
    sql = "SELECT * FROM enterprises" + (" WHERE " + " AND ".join(where) if where else "")
    return list(store.db.query(sql + " ORDER BY name", params))


HAS_SYNTHETIC = "SELECT 1 FROM enterprises WHERE synthetic = 1 LIMIT 1"
COUNT = "SELECT count(*) FROM enterprises"


def has_synthetic(store: Store) -> bool:
    return store.db.execute(HAS_SYNTHETIC).fetchone() is not None


def count(store: Store) -> int:
    """How many enterprises the store holds (0 on a fresh installation)."""
    return store.db.execute(COUNT).fetchone()[0]


def at_a_glance(path: Path) -> tuple[bool, int]:
    """``has_synthetic`` and ``count`` of the database at ``path``, read without opening a
    ``Store`` (``assessment.db.peek``): what the home page shows, sqlite-utils not loaded; a
    database not created yet holds nothing."""
    with peek(path) as conn:
        if conn is None:
            return False, 0
        return conn.execute(HAS_SYNTHETIC).fetchone() is not None, conn.execute(COUNT).fetchone()[0]
