"""The pages' one way of showing a user's error (ui.errors): the message in the page's language,
the rest of the guarded block skipped, the page stopped when asked, a callback's error kept for
the next run; other errors are not swallowed."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def guarded(lang: str, stop: bool) -> None:
    import streamlit as st

    from assessment.errors import AssessmentError
    from ui import errors

    with errors.shown(lang, stop=stop):
        st.write("before")
        raise AssessmentError("未找到该评估", "assessment not found")
        st.write("half-done")  # never runs
    st.write("after")


def callback_page() -> None:
    import streamlit as st

    from assessment.errors import AssessmentError
    from ui import errors

    def save() -> None:
        with errors.kept():
            raise AssessmentError("评估已提交，不能修改", "the assessment is submitted and cannot change")

    errors.show_kept("en")
    st.button("save", key="save", on_click=save)


def other_error() -> None:
    from ui import errors

    with errors.shown("zh"):
        {}["missing"]


def run(fn, **kwargs) -> AppTest:
    return AppTest.from_function(fn, kwargs=kwargs).run()


def test_the_error_is_shown_in_the_pages_language_and_the_rest_of_the_block_is_skipped():
    at = run(guarded, lang="en", stop=False)
    assert not at.exception
    assert [e.value for e in at.error] == ["assessment not found"]
    assert [m.value for m in at.markdown] == ["before", "after"]
    at = run(guarded, lang="zh", stop=False)
    assert [e.value for e in at.error] == ["未找到该评估"]


def test_stop_ends_the_page_after_the_message():
    at = run(guarded, lang="zh", stop=True)
    assert not at.exception
    assert [e.value for e in at.error] == ["未找到该评估"]
    assert [m.value for m in at.markdown] == ["before"]


def test_a_callbacks_error_is_shown_once_on_the_next_run():
    at = run(callback_page)
    assert not at.error
    at.button(key="save").click().run()
    assert [e.value for e in at.error] == ["the assessment is submitted and cannot change"]
    at.run()
    assert not at.error


def test_an_error_that_is_not_the_users_is_not_swallowed():
    at = run(other_error)
    assert at.exception and not at.error  # the app's own error page (details redacted), not a message
