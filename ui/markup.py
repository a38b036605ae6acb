"""User text (names, parks, usernames, file names) shown in Markdown is shown as text: every
character Markdown or Streamlit's directives (``:red[...]``, ``:material/...:``) would act on is
escaped, a list marker cannot start it, and a line break cannot start a new block (issue 10,
point 13)."""

from __future__ import annotations

import re

MARKUP = set("\\`*_{}[]()#|<>~$:&!")
_LIST_MARKER = re.compile(r"^(\s*)([-+]|\d+[.)])")


def plain(text: object) -> str:
    """``text`` as literal text in Markdown (an enterprise may be called "A*B*" or "[x](y)")."""
    text = " ".join(str(text).splitlines())
    text = "".join("\\" + ch if ch in MARKUP else ch for ch in text)
    return _LIST_MARKER.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)
