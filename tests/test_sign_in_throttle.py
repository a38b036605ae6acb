"""Sign-in lock-out by account and client address, the per-address throttle, the client address
behind a trusted proxy, and argon2 kept out of write transactions (issue 10, items 6 and 9)."""

from __future__ import annotations

import ipaddress
import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from hypothesis import given
from hypothesis import strategies as st

from assessment import accounts, throttle
from assessment.accounts import AuthError
from assessment.client_address import UNKNOWN, client_address, trusted_proxies
from tests.conftest import code, make_enterprise

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
PASSWORD = "Qv8#tLm2pRx9wZ"  # make_enterprise's
STRANGER, OWNER = "198.51.100.66", "203.0.113.7"


class ProbingHasher(PasswordHasher):
    """A real (cheap) argon2 hasher that, each time it hashes or verifies, tries to take the
    database's write lock from another connection without waiting, and counts its calls."""

    def __init__(self, path):
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.path, self.calls, self.under_write_lock = path, 0, 0

    def _probe(self) -> None:
        self.calls += 1
        conn = sqlite3.connect(str(self.path), timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.rollback()
        except sqlite3.OperationalError:
            self.under_write_lock += 1
        finally:
            conn.close()

    def hash(self, password, **kw):
        self._probe()
        return super().hash(password, **kw)

    def verify(self, hashed, password):
        self._probe()
        return super().verify(hashed, password)


@pytest.fixture(autouse=True)
def hasher(monkeypatch, store) -> ProbingHasher:
    probe = ProbingHasher(store.path)
    monkeypatch.setattr(accounts, "HASHER", probe)
    return probe


def sign_in(store, username, password, address, at=T0):
    return accounts.authenticate(store, username, password, address=address, at=at)


def fails(store, username, password, address, at=T0) -> AuthError:
    with pytest.raises(AuthError) as info:
        sign_in(store, username, password, address, at)
    return info.value


def lock(store, username, address, at=T0) -> AuthError:
    for k in range(accounts.MAX_FAILURES):
        error = fails(store, username, "wrong-pass-0", address, at + timedelta(seconds=k))
    return error


# ------------------------------------------------------------------------------ item 6


def test_a_stranger_cannot_lock_the_owner_out(store, enterprise):
    error = lock(store, code(1), STRANGER)
    assert "锁定" in error.zh and "locked" in error.en
    later = T0 + timedelta(minutes=1)
    locked = fails(store, code(1), PASSWORD, STRANGER, later)  # even the right password, from there
    assert "locked" in locked.en
    assert sign_in(store, code(1), PASSWORD, OWNER, later).username == code(1)  # the owner, elsewhere


def test_the_lock_of_an_administrator_from_one_address_leaves_other_addresses(store, admin):
    accounts.add_user(store, admin, "chief", "admin", "Kq4!vBn7Sd2@Hm")
    lock(store, "chief", STRANGER)
    assert sign_in(store, "chief", "Kq4!vBn7Sd2@Hm", OWNER, T0 + timedelta(minutes=1)).role == "admin"


def test_an_unknown_username_locks_exactly_like_a_known_one(store, enterprise):
    known, unknown = lock(store, code(1), STRANGER), lock(store, code(2), STRANGER)
    assert (known.zh, known.en) == (unknown.zh, unknown.en)
    later = T0 + timedelta(minutes=1)
    again_known, again_unknown = (
        fails(store, code(1), "x", STRANGER, later),
        fails(store, code(2), "x", STRANGER, later),
    )
    assert (again_known.zh, again_known.en) == (again_unknown.zh, again_unknown.en)


def test_an_address_is_throttled_across_accounts(store):
    make_enterprise(store, 1)
    for k in range(accounts.MAX_ADDRESS_FAILURES):
        fails(store, code(100 + k), "wrong-pass-0", STRANGER, T0 + timedelta(seconds=k))  # 1 try per name
    later = T0 + timedelta(minutes=1)
    error = fails(store, code(1), PASSWORD, STRANGER, later)  # an account it never tried
    assert "网络地址" in error.zh and "network address" in error.en
    last = store.db.execute("SELECT outcome, detail FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert last[0] == "denied" and json.loads(last[1])["reason"] == "throttled"
    assert sign_in(store, code(1), PASSWORD, OWNER, later).username == code(1)
    after = T0 + timedelta(minutes=accounts.LOCK_MINUTES, seconds=accounts.MAX_ADDRESS_FAILURES)
    assert sign_in(store, code(1), PASSWORD, STRANGER, after).username == code(1)


def test_a_lock_lifts_after_the_window_and_a_reset_lifts_it_everywhere(store, admin, enterprise):
    lock(store, code(1), STRANGER)
    lock(store, code(1), OWNER)
    after = T0 + timedelta(minutes=accounts.LOCK_MINUTES, seconds=accounts.MAX_FAILURES)
    assert sign_in(store, code(1), PASSWORD, STRANGER, after)
    accounts.reset_password(store, admin, code(1), "Tb7@xNe4Kw6!Gs")
    assert sign_in(store, code(1), "Tb7@xNe4Kw6!Gs", OWNER, T0 + timedelta(minutes=1))


def test_one_account_state_for_every_list_locked_only_while_the_lock_lasts(store, admin, enterprise):
    lock(store, code(1), STRANGER)
    accounts.add_user(store, admin, "clerk", "analyst", "Kq4!vBn7Sd2@Hm")
    accounts.set_disabled(store, admin, "clerk")
    accounts.add_user(store, admin, "chief", "admin", "Tb7@xNe4Kw6!Gs")

    def states(at):
        return {
            r["username"]: (r["state"], accounts.account_state(r, at)) for r in accounts.list_users(store, admin, at=at)
        }

    during = states(T0 + timedelta(minutes=1))
    assert during[code(1)] == ("locked", "locked") and during["clerk"] == ("disabled", "disabled")
    assert during["chief"] == ("active", "active")
    # the same rows read later: the lock has lifted although the row still names its end
    row = next(r for r in accounts.list_users(store, admin, at=T0 + timedelta(minutes=1)) if r["username"] == code(1))
    after = T0 + timedelta(minutes=accounts.LOCK_MINUTES, seconds=accounts.MAX_FAILURES)
    assert accounts.account_state(row, after) == "active"
    assert states(after)[code(1)] == ("active", "active")


def test_old_failures_are_pruned(store, enterprise):
    lock(store, code(1), STRANGER)
    fails(store, code(1), "wrong-pass-0", OWNER, T0 + timedelta(days=1))
    assert store.db.execute("SELECT count(*) FROM sign_in_failures").fetchone()[0] == 1


def test_a_long_typed_username_is_stored_capped(store):
    fails(store, "x" * 10_000, "wrong-pass-0", STRANGER)
    stored = store.db.execute("SELECT username FROM sign_in_failures").fetchone()[0]
    assert len(stored) == throttle.NAME_MAX


# ------------------------------------------------------------------------------ item 9


def test_an_unknown_username_costs_one_argon2_verification_like_a_wrong_password(store, enterprise, hasher):
    fails(store, "someone", "wrong-pass-0", STRANGER)  # the dummy hash is made once, on first use
    before = hasher.calls
    fails(store, code(1), "wrong-pass-0", OWNER)
    wrong = hasher.calls - before
    fails(store, code(2), "wrong-pass-0", OWNER)
    unknown = hasher.calls - before - wrong
    assert wrong == unknown == 1


def test_argon2_never_runs_under_the_write_lock(store, admin, hasher):
    make_enterprise(store, 1)
    accounts.add_user(store, admin, "chief", "admin", "Kq4!vBn7Sd2@Hm")
    accounts.reset_password(store, admin, "chief", "Wq6!tMz4Bx8#Lr")
    sign_in(store, "chief", "Wq6!tMz4Bx8#Lr", OWNER)
    fails(store, "chief", "wrong-pass-0", OWNER)
    fails(store, "nobody", "wrong-pass-0", OWNER)
    from assessment import enterprises

    enterprises.upsert(store, admin, {"credit_code": code(7), "name": "园区录入企业"})
    issued = accounts.issue_access_code(store, admin, code(7), at=T0)
    accounts.redeem_access_code(store, code(7), issued["code"], "Nr7#tKz2Wf9!Cd", at=T0)
    assert hasher.calls >= 9
    assert hasher.under_write_lock == 0


def test_a_disabled_account_with_a_wrong_password_looks_like_an_unknown_one(store, admin, enterprise):
    accounts.set_disabled(store, admin, code(1))
    disabled, unknown = fails(store, code(1), "wrong-pass-0", OWNER), fails(store, code(2), "wrong-pass-0", OWNER)
    assert (disabled.zh, disabled.en) == (unknown.zh, unknown.en) == accounts.WRONG


# ------------------------------------------------------------------------------ client address


LOCAL = trusted_proxies("127.0.0.1, ::1")


def test_the_socket_peer_is_the_address_without_a_trusted_proxy():
    assert client_address("198.51.100.66", "1.2.3.4", ()) == "198.51.100.66"
    assert client_address("127.0.0.1", "1.2.3.4", ()) == "127.0.0.1"  # nothing trusted: header ignored


def test_a_trusted_proxy_names_the_client_from_the_right():
    assert client_address("127.0.0.1", "203.0.113.7", LOCAL) == "203.0.113.7"
    # the client wrote "6.6.6.6" itself; nginx appended the real address
    assert client_address("127.0.0.1", "6.6.6.6, 203.0.113.7", LOCAL) == "203.0.113.7"
    # two proxies of ours in a row
    chain = trusted_proxies("127.0.0.1,10.0.0.0/8")
    assert client_address("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.1.2.3", chain) == "203.0.113.7"
    assert client_address("::1", "2001:db8::5", LOCAL) == "2001:db8::5"
    assert client_address("127.0.0.1", "garbage", LOCAL) == "127.0.0.1"
    assert client_address("127.0.0.1", None, LOCAL) == "127.0.0.1"


def test_no_valid_peer_is_unknown_and_bad_settings_trust_nothing():
    assert client_address(None, "1.2.3.4", LOCAL) == UNKNOWN
    assert client_address("not an ip", "1.2.3.4", LOCAL) == UNKNOWN
    assert trusted_proxies("nonsense, 300.1.1.1,") == ()


def test_the_setting_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ASSESSMENT_TRUSTED_PROXIES", "127.0.0.1")
    assert client_address("127.0.0.1", "203.0.113.7") == "203.0.113.7"
    monkeypatch.delenv("ASSESSMENT_TRUSTED_PROXIES")
    assert client_address("127.0.0.1", "203.0.113.7") == "127.0.0.1"


@given(st.ip_addresses(v=4), st.lists(st.ip_addresses(), max_size=5), st.text(max_size=40))
def test_a_client_talking_to_the_app_directly_cannot_choose_its_address(peer, forged, junk):
    if peer.is_loopback:
        return
    header = ", ".join([*map(str, forged), junk])
    assert client_address(str(peer), header, LOCAL) == str(ipaddress.ip_address(peer))
