"""Session state shared by the pages: the store, the signed-in actor, session timeout."""

from __future__ import annotations

import time

import streamlit as st

from assessment.access import Actor
from assessment.db import Store, resolve_path

SESSION_TIMEOUT_S = 30 * 60  # idle time after which a user signs in again


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    # one Store per database file; it opens a connection per thread
    return Store(path)


def store() -> Store:
    return _store(str(resolve_path()))


def actor() -> Actor | None:
    """The signed-in user, or None; an idle session expires after SESSION_TIMEOUT_S."""
    who = st.session_state.get("actor")
    if who is None:
        return None
    last = st.session_state.get("last_seen", 0.0)
    if time.time() - last > SESSION_TIMEOUT_S:
        sign_out(expired=True)
        return None
    st.session_state["last_seen"] = time.time()
    return who


def sign_in(who: Actor) -> None:
    st.session_state["actor"] = who
    st.session_state["last_seen"] = time.time()
    st.session_state.pop("session_expired", None)


def sign_out(*, expired: bool = False) -> None:
    """Forget everything of the session but its language."""
    for key in list(st.session_state):
        if key not in ("lang", "lang_switch"):
            del st.session_state[key]
    if expired:
        st.session_state["session_expired"] = True


def error_box(exc: Exception, lang: str) -> None:
    """Show a user-caused error (an AssessmentError) as one clear message."""
    message = exc.message(lang) if hasattr(exc, "message") else str(exc)
    st.error(message, icon=":material/error:")
