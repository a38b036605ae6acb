"""The fonts of the PDF reports: WenQuanYi Micro Hei for everything, embedded and subset.

A report never relies on the reader's fonts (reportlab's CID font ``STSong-Light`` would not be
embedded). WenQuanYi Micro Hei has TrueType outlines, which reportlab can embed; it comes from the
Debian package ``fonts-wqy-microhei`` that ``./dev`` installs. A character it lacks (a rare name
character such as U+3400 or U+20000) is drawn with a second TrueType font that has it, or else
shown as a visible ``[U+XXXX]`` marker (see ``reports.text``): it never silently vanishes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from assessment.errors import AssessmentError

MAIN = "WQYMicroHei"
CJK_PATHS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),  # Debian, Ubuntu
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),  # Fedora
)
CJK_PACKAGE = "fonts-wqy-microhei"
# Second fonts for characters the main font lacks, tried in order: DejaVu Sans where the system
# has it (many symbols and scripts), then Bitstream Vera, which ships inside reportlab itself.
SECOND_FONTS = (
    ("DejaVuSans", Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")),
    ("Vera", Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"),
)


class FontMissing(AssessmentError):
    """The CJK font the reports embed is not installed."""


@dataclass(frozen=True)
class Fonts:
    """The registered fonts: ``main`` for all text, ``second`` for the characters it lacks."""

    main: str
    second: tuple[str, ...]


def cjk_font_path() -> Path:
    """The WenQuanYi Micro Hei file: ``$REPORT_CJK_FONT`` if set, else the packaged paths."""
    override = os.environ.get("REPORT_CJK_FONT")
    candidates = (Path(override),) if override else CJK_PATHS
    for path in candidates:
        if path.is_file():
            return path
    shown = ", ".join(str(p) for p in candidates)
    raise FontMissing(
        f"报告所需的中文字体未安装（{shown}）：请安装 Debian 软件包 {CJK_PACKAGE}（或运行 ./dev setup）",
        f"the CJK font the reports need is not installed ({shown}): install the Debian package "
        f"{CJK_PACKAGE} (or run ./dev setup)",
    )


def _register(name: str, path: Path, **kw) -> TTFont:
    font = TTFont(name, str(path), **kw)
    pdfmetrics.registerFont(font)
    # the same face for bold and italic: <b> in a paragraph must not fail, and the report
    # marks emphasis with size and colour instead
    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    return font


@cache
def register() -> Fonts:
    """Register the fonts once per process (parsing the CJK font takes about 0.3 s)."""
    path = cjk_font_path()
    try:
        _register(MAIN, path, subfontIndex=0)
    except (TTFError, OSError) as exc:
        raise FontMissing(
            f"无法读取中文字体 {path}：{exc}；请重新安装 {CJK_PACKAGE}",
            f"cannot read the CJK font {path}: {exc}; reinstall {CJK_PACKAGE}",
        ) from None
    second = []
    for name, font_path in SECOND_FONTS:
        if font_path.is_file():
            try:
                _register(name, font_path)
            except (TTFError, OSError):
                continue
            second.append(name)
    return Fonts(MAIN, tuple(second))


@cache
def _cmap(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def font_for(ch: str) -> str | None:
    """The registered font that draws ``ch``: the main font when it can, else the first second
    font that has it, else None (the caller shows a marker instead)."""
    fonts = register()
    code = ord(ch)
    if code in _cmap(fonts.main):
        return fonts.main
    return next((name for name in fonts.second if code in _cmap(name)), None)
