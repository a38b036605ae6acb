"""Display names of parks, industries and size classes in the chosen language, and names users
typed shown as literal text."""

from __future__ import annotations

from assessment.directory import INDUSTRIES, PARKS, SIZES


def park(name: str | None, lang: str) -> str:
    if name is None:
        return "—"
    found = next((p for p in PARKS if p["name"] == name), None)
    return found["en"] if (found and lang == "en") else name


def industry(name: str | None, lang: str) -> str:
    if name is None:
        return "—"
    found = next((i for i in INDUSTRIES if i["name"] == name), None)
    return found["en"] if (found and lang == "en") else name


def size(key: str | None, lang: str) -> str:
    if key not in SIZES:
        return "—" if key is None else key
    return SIZES[key][1 if lang == "en" else 0]


def group(column: str, value: str | None, lang: str) -> str:
    return {"park": park, "industry": industry, "size": size}[column](value, lang)


def literal(text: str) -> str:
    """A name as literal text in Markdown (an enterprise may be called "A*B*" or "[x](y)")."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~$" else ch for ch in text)


def plain(text: str) -> str:
    """A name as literal text in Markdown (an enterprise may be called "A*B*" or "[x](y)", a file
    "![a](b).pdf")."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~$" else ch for ch in text)
