"""Display names of parks, industries and size classes in the chosen language."""

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
