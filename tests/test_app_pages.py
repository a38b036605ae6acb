"""AppTest: every page renders without exception, in both languages."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_questionnaires_page_in_chinese_then_english():
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value == "数字化转型评估工具箱"
    assert any("33 个能力项" in m.value for m in at.markdown)
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Digital Transformation Assessment Toolkit"
    assert any("15 scored questions" in m.value for m in at.markdown)
