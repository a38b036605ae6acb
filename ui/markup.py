"""User text (names, parks, usernames, file names) shown in Markdown is shown as text: every
character Markdown or Streamlit's directives (``:red[...]``, ``:material/...:``) would act on is
escaped, and a line break cannot start a new block (issue 10, point 13)."""

from __future__ import annotations

MARKUP = set("\\`*_{}[]()#+-.!|<>~$:&")


def plain(text: object) -> str:
    """``text`` as literal text in Markdown (an enterprise may be called "A*B*" or "[x](y)")."""
    text = " ".join(str(text).split("\n")).replace("\r", " ")
    return "".join("\\" + ch if ch in MARKUP else ch for ch in text)
