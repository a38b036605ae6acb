"""A fast flowable for plain text in one font, size and colour.

Most text in the reports is plain (names, criteria, steps, notes): reportlab's ``Paragraph``
parses it as markup, splits it into fragments and measures it character by character each time
a table asks for its size, which made it most of a report's build time. ``TextBlock`` breaks
lines once per width with cached character widths (between any two CJK characters, at spaces
in Latin text, inside a word only when it is longer than a line) and draws each line with one
``drawString``. It knows no markup, so a user's ``<b>`` prints as it is: nothing to escape.

Text with a character the main font lacks goes through ``Paragraph`` instead (see
``reports.layout.P``), which switches fonts and marks what no font has.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

# no line starts with these (closing punctuation), and none ends with the opening ones
NO_START = set("，。、；：！？）》」』】〕〉”’,.;:!?)]}%％·…—")
NO_END = set("（《「『【〔〈“‘([{")


@cache
def _widths(font: str) -> dict[str, float]:
    return {}


def char_width(ch: str, font: str) -> float:
    """Width of one character at size 1 (cached per font)."""
    table = _widths(font)
    width = table.get(ch)
    if width is None:
        width = table[ch] = pdfmetrics.stringWidth(ch, font, 1000) / 1000
    return width


@lru_cache(maxsize=16384)
def _breakable_after(ch: str) -> bool:
    return ch == " " or unicodedata.east_asian_width(ch) in ("W", "F")


@lru_cache(maxsize=32768)
def break_lines(
    text: str, font: str, size: float, width: float, first_indent: float = 0
) -> tuple[tuple[str, float], ...]:
    """Greedy line breaking: (line, its width) pairs, each no wider than ``width`` (less
    ``first_indent`` on the first line) unless a single character is. Cached: the question
    bank's texts (criteria, steps, notes) recur in every report of a batch."""
    lines: list[tuple[str, float]] = []
    for part in text.split("\n"):
        lines += _break(part, font, size, width, first_indent if not lines else 0)
    return tuple(lines) or (("", 0.0),)


def _break(text: str, font: str, size: float, width: float, indent: float) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    start = 0
    x = 0.0
    last_break = -1  # index after which the line may end
    limit = width - indent
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        w = char_width(ch, font) * size
        if x + w > limit and i > start and ch != " ":
            cut = last_break + 1 if last_break >= start else i
            if cut <= start:
                cut = i
            # kinsoku: keep closing punctuation with the line before, opening with the line after
            while cut < n and text[cut] in NO_START and cut - start > 1:
                cut -= 1
            while cut - 1 > start and text[cut - 1] in NO_END:
                cut -= 1
            line = text[start:cut].rstrip(" ")
            out.append((line, _width(line, font, size)))
            while cut < n and text[cut] == " ":
                cut += 1
            start = cut
            i = cut
            x = 0.0
            last_break = -1
            limit = width
            continue
        x += w
        if _breakable_after(ch) or (i + 1 < n and _breakable_after(text[i + 1]) and text[i + 1] != " "):
            last_break = i
        i += 1
    line = text[start:].rstrip(" ")
    if line or not out:
        out.append((line, _width(line, font, size)))
    return out


def _width(text: str, font: str, size: float) -> float:
    return sum(char_width(ch, font) for ch in text) * size


class TextBlock(Flowable):
    """Plain text laid out like a Paragraph of ``style`` (font, size, leading, colour,
    alignment, indents, space before and after, an optional bullet)."""

    def __init__(self, text: str, style: ParagraphStyle, bullet: str | None = None):
        super().__init__()
        self.text = text
        self.style = style
        self.bullet = bullet
        self._cache: tuple[float, tuple[tuple[str, float], ...]] | None = None

    def _lines(self, available: float) -> tuple[tuple[str, float], ...]:
        if self._cache is None or self._cache[0] != available:
            s = self.style
            width = available - s.leftIndent - s.rightIndent
            first = s.firstLineIndent
            self._cache = (available, break_lines(self.text, s.fontName, s.fontSize, width, first))
        return self._cache[1]

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = self.style.leading * len(self._lines(available_width))
        return self.width, self.height

    def getSpaceBefore(self):
        return self.style.spaceBefore

    def getSpaceAfter(self):
        return self.style.spaceAfter

    def split(self, available_width, available_height):
        lines = self._lines(available_width)
        fit = int(available_height // self.style.leading)
        if fit <= 0 or fit >= len(lines):
            return []
        head = TextBlock("\n".join(line for line, _ in lines[:fit]), self.style, self.bullet)
        tail = TextBlock("\n".join(line for line, _ in lines[fit:]), self.style)
        return [head, tail]

    def draw(self):
        s = self.style
        canvas = self.canv
        lines = self._lines(self.width)
        y = self.height - s.fontSize  # the first baseline, where a Paragraph puts it
        # one text object for all lines: a drawString per line costs a text object each
        text = canvas.beginText()
        text.setFont(s.fontName, s.fontSize)
        text.setFillColor(s.textColor)
        if self.bullet:
            text.setTextOrigin(s.bulletIndent, y)
            text.textOut(self.bullet)
        inner = self.width - s.leftIndent - s.rightIndent
        for k, (line, width) in enumerate(lines):
            x = s.leftIndent + (s.firstLineIndent if k == 0 else 0)
            if s.alignment == TA_RIGHT:
                x = s.leftIndent + inner - width
            elif s.alignment == TA_CENTER:
                x = s.leftIndent + (inner - width) / 2
            if line:
                text.setTextOrigin(x, y)
                text.textOut(line)
            y -= s.leading
        canvas.drawText(text)
