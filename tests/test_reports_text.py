"""Escaping, fallback markers, number formats, labels and the font set-up of the reports."""

from __future__ import annotations

import pytest

from reports import fonts
from reports.text import LABELS, fmt, fmt_signed, markup, ordinal, plain, tr


def test_markup_escapes_what_a_paragraph_would_obey():
    assert markup("A&B <公司> <b>x</b>") == "A&amp;B &lt;公司&gt; &lt;b&gt;x&lt;/b&gt;"
    assert markup('<img src="/etc/passwd"/>') == '&lt;img src="/etc/passwd"/&gt;'
    assert markup(None) == ""
    assert markup("两行\n文本") == "两行<br/>文本"


def test_characters_no_font_has_become_red_markers_and_others_switch_font():
    out = markup("张𠀀㐀")
    assert out.startswith("张") and "[U+20000]" in out and "[U+3400]" in out and "B00020" in out
    second = fonts.font_for("∛")
    assert second in fonts.register().second
    assert markup("x∛y") == f'x<font name="{second}">∛</font>y'
    assert plain("张𠀀∛") == "张[U+20000][U+221B]"  # a chart label: one font, so markers only


def test_numbers_are_never_minus_zero():
    assert fmt(-0.001, 2) == "0.00"
    assert fmt(2.345, 1) == "2.3"
    assert fmt(None) == "—"
    assert fmt_signed(0.0001) == "+0.00"
    assert fmt_signed(-0.004) == "+0.00"
    assert fmt_signed(-0.5, 1) == "-0.5"


@pytest.mark.parametrize(("n", "text"), [("1", "1st"), ("2", "2nd"), ("3", "3rd"), ("11", "11th"), ("22", "22nd"),
                                         ("13", "13th"), ("100", "100th"), ("0", "0th")])  # fmt: skip
def test_english_ordinals(n, text):
    assert ordinal(n) == text


def test_every_label_has_both_languages_and_the_same_placeholders():
    import string

    for key, (zh, en) in LABELS.items():
        assert zh and en, key
        fields = {f for _, f, _, _ in string.Formatter().parse(zh) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(en) if f}, key
    assert tr("level_n", "en", n=3) == "Level 3" and tr("level_n", "zh", n=3) == "3 级"


def test_a_missing_cjk_font_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv("REPORT_CJK_FONT", str(tmp_path / "missing.ttc"))
    with pytest.raises(fonts.FontMissing) as caught:
        fonts.cjk_font_path()
    assert "fonts-wqy-microhei" in caught.value.zh and "fonts-wqy-microhei" in caught.value.en
    monkeypatch.delenv("REPORT_CJK_FONT")
    assert fonts.cjk_font_path().name == "wqy-microhei.ttc"
