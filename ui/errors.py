"""The one way pages show an error a user can cause (an ``AssessmentError``): one message in the
page's language, never a stack trace, and nothing half-done — the rest of the guarded block does
not run. Errors of programming (anything else) are not caught here.

    with errors.shown(lang):            # an action: its follow-up (a notice, a rerun) is skipped
        accounts.reset_password(...)
        done(...)

    with errors.shown(lang, stop=True): # what the page needs to go on: the page ends here
        row = lifecycle.get(...)

A widget callback runs before the page is drawn, so its error is kept (``kept``) and shown by
the page (``show_kept``) on the run that follows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from assessment.errors import AssessmentError

KEPT = "save_error"  # the session key of a callback's error, shown on the next run


def box(exc: AssessmentError, lang: str) -> None:
    """Show a user-caused error as one message in ``lang``."""
    st.error(exc.message(lang), icon=":material/error:")


@contextmanager
def shown(lang: str, *, stop: bool = False) -> Iterator[None]:
    """Run the block; an ``AssessmentError`` raised in it is shown (``box``) and the rest of the
    block is skipped. ``stop``: the page stops there too (what follows needs the block)."""
    try:
        yield
    except AssessmentError as exc:
        box(exc, lang)
        if stop:
            st.stop()


@contextmanager
def kept() -> Iterator[None]:
    """For a widget callback: an ``AssessmentError`` raised in the block is kept for the page to
    show (``show_kept``), and the rest of the block is skipped."""
    try:
        yield
    except AssessmentError as exc:
        st.session_state[KEPT] = exc


def show_kept(lang: str) -> None:
    """Show (once) the error a widget callback kept."""
    if (error := st.session_state.pop(KEPT, None)) is not None:
        box(error, lang)
