"""AppTest helpers: the app under test on the test database (or on a copy of a module's built
cohort), the texts a page shows, starting an assessment."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from assessment.access import Actor
from assessment.db import Store
from questionnaires import get

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def app_on(store, monkeypatch):
    """A maker of AppTests of the app on ``store``: ``make(actor, lang, **session_state)`` (the
    ``app`` fixture of tests/conftest.py)."""
    monkeypatch.setenv("ASSESSMENT_DB", str(store.path))
    st.cache_resource.clear()
    st.cache_data.clear()

    def make(actor: Actor | None = None, lang: str = "zh", **state) -> AppTest:
        return app_test(actor, lang, **state)

    return make


def app_test(actor: Actor | None = None, lang: str = "zh", timeout: float = 60, **state) -> AppTest:
    """An AppTest of the app in ``lang``, signed in as ``actor`` (None: anonymous), with ``state``
    in its session; not run yet."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state["lang"] = lang
    if actor is not None:
        at.session_state["actor"] = actor
        at.session_state["last_seen"] = time.time()
    for k, v in state.items():
        at.session_state[k] = v
    return at


def opened(page: str, actor: Actor | None = None, lang: str = "zh", timeout: float = 120, **state) -> AppTest:
    """The app run on ``page`` (its path, ``ui/pages/….py``), as ``app_test`` sets it up; cohort
    pages on a demo cohort take their time, hence the longer default timeout."""
    at = app_test(actor, lang, timeout, **state)
    at.switch_page(page)
    return at.run()


def sealed(store: Store) -> Path:
    """Close a module's built database with its log written into the file, so that a plain file
    copy (``copy_for_app``) is the whole database; its path."""
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return Path(store.path)


def copy_for_app(source: Path, tmp_path: Path, monkeypatch) -> Iterator[Store]:
    """A copy of a built database for one test (tests may write), used by the app; for a fixture
    to ``yield from``."""
    path = tmp_path / "assessment.db"
    shutil.copyfile(source, path)
    monkeypatch.setenv("ASSESSMENT_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    store = Store(path)
    yield store
    store.close()


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + [w.value for w in at.warning]
    parts += [i.value for i in at.info] + [s.value for s in at.success] + [t.value for t in at.title]
    parts += [str(m.value) for m in at.metric] + [c.value for c in at.caption]
    parts += [h.value for h in at.subheader] + [h.value for h in at.header]
    return "\n".join(str(p) for p in parts)


def table_with(at: AppTest, column: str):
    """The first table of the page with a column named ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def start(app, who, questionnaire="sme-2024", mode="quick"):
    at = app(who)
    at.switch_page("ui/pages/answer.py").run()
    at.selectbox(key="start_q").set_value(questionnaire)
    at.radio(key="start_mode").set_value(mode)
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    return at


def full_sme_answers():
    q = get("sme-2024")
    answers = {}
    for x in q.questions:
        if x.type == "single":
            answers[x.id] = x.options[2].id if len(x.options) > 2 else x.options[-1].id
        elif x.type == "multi":
            answers[x.id] = [o.id for o in x.options if not o.exclusive][:2]
        else:
            answers[x.id] = 35.0
    answers.update({s.id: (2 if n % 2 else 3) for n, s in enumerate(q.scenarios)})
    return answers
