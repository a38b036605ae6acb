"""User text shown through Markdown is escaped (issue 10, point 13)."""

from __future__ import annotations

from ui.markup import plain


def test_user_text_in_markdown_is_plain():
    assert (
        plain("[重新登录](http://x.y) **A** :red[B]") == "\\[重新登录\\]\\(http\\://x.y\\) \\*\\*A\\*\\* \\:red\\[B\\]"
    )
    assert plain("- 列表") == "\\- 列表" and plain("1. 一") == "1\\. 一" and plain("a\n# b") == "a \\# b"
    assert plain("wang.li") == "wang.li"
