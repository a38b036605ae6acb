"""Session state shared by the pages: the store, the signed-in actor, session timeout, the end of
a session whose account changed, and the client's address for the sign-in lock-out."""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from assessment.access import Actor
from assessment.client_address import client_address as address_of
from assessment.db import Store, resolve_path

SESSION_TIMEOUT_S = 30 * 60  # idle time after which a user signs in again


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    # one Store per database file; it opens a connection per thread
    return Store(path)


def path() -> Path:
    """The database file of this server."""
    return resolve_path()


def store() -> Store:
    return _store(str(resolve_path()))


def actor() -> Actor | None:
    """The signed-in user, or None; an idle session expires after SESSION_TIMEOUT_S, and a
    session whose account was disabled or had its password or role changed since the sign-in
    ends (checked on every script run)."""
    who = st.session_state.get("actor")
    if who is None:
        return None
    last = st.session_state.get("last_seen", 0.0)
    if time.time() - last > SESSION_TIMEOUT_S:
        sign_out(expired=True)
        return None
    from assessment.accounts import session_stamp  # argon2 and co.: not on an anonymous first page

    stamp = session_stamp(store(), who)
    # sign_in keeps the stamp; a session given its actor otherwise keeps the first one seen
    if stamp is None or st.session_state.setdefault("account_stamp", stamp) != stamp:
        sign_out(ended="account_changed")
        return None
    st.session_state["last_seen"] = time.time()
    return who


def sign_in(who: Actor) -> None:
    st.session_state["actor"] = who
    from assessment.accounts import session_stamp

    st.session_state["account_stamp"] = session_stamp(store(), who)
    st.session_state["last_seen"] = time.time()
    st.session_state.pop("session_expired", None)


def sign_out(*, expired: bool = False, ended: str | None = None) -> None:
    """Forget everything of the session but its language; ``expired`` (idle) or ``ended`` (why
    the session was ended) are kept for the message that asks to sign in again."""
    for key in list(st.session_state):
        if key not in ("lang", "lang_switch"):
            del st.session_state[key]
    if expired:
        st.session_state["session_expired"] = True
    if ended:
        st.session_state["session_expired"] = ended


def client_address() -> str:
    """The address a sign-in is counted against (``assessment.client_address``): the socket peer,
    or the client a trusted proxy names in X-Forwarded-For. Streamlit reports a peer on the
    loopback interface as None."""
    peer = st.context.ip_address or "127.0.0.1"
    return address_of(peer, st.context.headers.get("X-Forwarded-For"))
