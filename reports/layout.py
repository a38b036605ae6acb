"""The page and its parts, shared by the enterprise and the cohort report: A4, styles, the page
header and footer (with the synthetic-data mark on every page), headings and tables."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from reports.fonts import font_for, register
from reports.text import fmt_date, markup, tr
from reports.textblock import TextBlock

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
PRIMARY = colors.HexColor("#1F3A5F")
ACCENT = colors.HexColor("#D9622B")  # the enterprise itself, in every chart
PEER = colors.HexColor("#4A7FB0")
PEER_LIGHT = colors.HexColor("#9CC3E4")
RULE = colors.HexColor("#C9D2DC")
ZEBRA = colors.HexColor("#F3F6F9")
HEADER_BG = colors.HexColor("#E4EBF2")
WARN = colors.HexColor("#B00020")
WARN_BG = colors.HexColor("#FDE7EA")
GOOD = colors.HexColor("#1B7F4B")

# a sequential blue scale for levels 0-5 and heat maps; dark cells take white text
LEVEL_COLORS = [colors.HexColor(c) for c in ("#EEF2F6", "#D6E4F0", "#A9C8E3", "#6FA3CF", "#3F7AB3", "#1F4E85")]


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    name: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_small: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    cell_head_center: ParagraphStyle
    bullet: ParagraphStyle
    bullet_small: ParagraphStyle
    cell_bullet: ParagraphStyle
    cell_bullet_small: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    banner: ParagraphStyle
    header: ParagraphStyle
    footer: ParagraphStyle
    footer_right: ParagraphStyle
    footer_mark: ParagraphStyle
    big: ParagraphStyle


def _style_of(name: str, font: str, size: float, wrap: str | None, **kw) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=font,
        bulletFontName=font,
        fontSize=size,
        leading=kw.pop("leading", round(size * 1.35, 1)),
        wordWrap=wrap,
        **kw,
    )


@cache
def styles(lang: str = "zh") -> Styles:
    """The paragraph styles of a report in ``lang``. Chinese text wraps between any two
    characters ('CJK'); English text wraps at spaces, which is faster, and a long run without
    spaces (a Chinese name) is still split to fit."""
    f = register().main
    _style = partial(_style_of, wrap="CJK" if lang == "zh" else None)
    return Styles(
        title=_style("title", f, 26, textColor=PRIMARY, spaceAfter=6),
        subtitle=_style("subtitle", f, 13, textColor=MUTED, spaceAfter=4),
        name=_style("name", f, 20, textColor=INK, spaceBefore=18, spaceAfter=10),
        h1=_style("h1", f, 15, textColor=PRIMARY, spaceBefore=12, spaceAfter=8),
        h2=_style("h2", f, 11.5, textColor=PRIMARY, spaceBefore=8, spaceAfter=4),
        body=_style("body", f, 9.5, textColor=INK, spaceAfter=4),
        small=_style("small", f, 8, textColor=MUTED, spaceAfter=3),
        cell=_style("cell", f, 8.5, textColor=INK),
        cell_small=_style("cell_small", f, 7.5, textColor=MUTED),
        cell_head=_style("cell_head", f, 8.5, textColor=PRIMARY),
        cell_head_right=_style("cell_head_right", f, 8.5, textColor=PRIMARY, alignment=TA_RIGHT),
        cell_head_center=_style("cell_head_center", f, 8.5, textColor=PRIMARY, alignment=TA_CENTER),
        bullet=_style("bullet", f, 9.5, textColor=INK, spaceAfter=3, leftIndent=10, bulletIndent=0),
        bullet_small=_style("bullet_small", f, 8, textColor=MUTED, spaceAfter=2, leftIndent=10, bulletIndent=0),
        cell_bullet=_style("cell_bullet", f, 8.5, textColor=INK, leftIndent=8, bulletIndent=0),
        cell_bullet_small=_style("cell_bullet_small", f, 7.5, textColor=MUTED, leftIndent=8, bulletIndent=0),
        cell_right=_style("cell_right", f, 8.5, textColor=INK, alignment=TA_RIGHT),
        cell_center=_style("cell_center", f, 8.5, textColor=INK, alignment=TA_CENTER),
        banner=_style("banner", f, 10, textColor=WARN, alignment=TA_CENTER),
        header=_style("header", f, 7.5, textColor=MUTED),
        footer=_style("footer", f, 7.5, textColor=MUTED),
        footer_right=_style("footer_right", f, 7.5, textColor=MUTED, alignment=TA_RIGHT),
        footer_mark=_style("footer_mark", f, 7.5, textColor=WARN, alignment=TA_CENTER),
        big=_style("big", f, 22, textColor=PRIMARY, leading=28),
    )


class ReportDocument(BaseDocTemplate):
    """A4 pages with a running header and a footer: date, synthetic mark, page number."""

    def __init__(
        self,
        buffer,
        *,
        lang: str,
        header: str,
        footer: str,
        synthetic: bool,
        title: str,
        skip_header_on_first: bool = False,
        **kw,
    ):
        self.lang = lang
        self.skip_header_on_first = skip_header_on_first
        self.header_text = header
        self.footer_text = footer
        self.synthetic = synthetic
        self.st = styles(lang)
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author=tr("tool", lang),
            creator=tr("tool", lang),
            subject=title,
            lang="en" if lang == "en" else "zh-CN",
            initialFontName=register().main,  # no reference to a non-embedded Helvetica
            initialFontSize=9,
            **kw,
        )
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def _place(self, canvas, text: str, style: ParagraphStyle, x: float, y: float, width: float) -> None:
        p = P(text, style)
        _, h = p.wrapOn(canvas, width, 40)
        p.drawOn(canvas, x, y - h)

    def _decorate(self, canvas, doc) -> None:
        canvas.saveState()
        top = PAGE_HEIGHT - 10 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        if not (self.skip_header_on_first and canvas.getPageNumber() == 1):
            self._place(canvas, self.header_text, self.st.header, MARGIN_X, top, CONTENT_WIDTH)
            canvas.line(MARGIN_X, top - 5 * mm, PAGE_WIDTH - MARGIN_X, top - 5 * mm)
        base = 11 * mm
        canvas.line(MARGIN_X, base + 2 * mm, PAGE_WIDTH - MARGIN_X, base + 2 * mm)
        left, middle = CONTENT_WIDTH * 0.5, CONTENT_WIDTH * 0.3
        self._place(canvas, self.footer_text, self.st.footer, MARGIN_X, base, left)
        if self.synthetic:
            mark = tr("synthetic_footer", self.lang)
            self._place(canvas, mark, self.st.footer_mark, MARGIN_X + left, base, middle)
        page = tr("page", self.lang, n=canvas.getPageNumber())
        right = CONTENT_WIDTH - left - middle
        self._place(canvas, page, self.st.footer_right, MARGIN_X + left + middle, base, right)
        canvas.restoreState()


def render_report(story: list[Flowable], *, lang: str, report_date, **doc_args) -> bytes:
    """A report's story as a PDF whose footer gives the report date and the tool's name."""
    footer = tr("generated", lang, date=fmt_date(report_date, lang)) + " · " + tr("tool", lang)
    return render(story, lang=lang, footer=footer, **doc_args)


def render(story: list[Flowable], **doc_args) -> bytes:
    buffer = io.BytesIO()
    # binary (Flate only) streams: ASCII85 on top makes the file a quarter larger and, without
    # reportlab's C accelerator, costs a tenth of the build time
    use_a85, rl_config.useA85 = rl_config.useA85, 0
    try:
        ReportDocument(buffer, **doc_args).build(story)
    finally:
        rl_config.useA85 = use_a85
    return buffer.getvalue()


# ----------------------------------------------------------------------------------- pieces


def P(text: str, style: ParagraphStyle) -> Flowable:
    """Plain text in ``style``: a fast TextBlock, or an escaped Paragraph when a character
    needs the fallback font or marker."""
    text = "" if text is None else str(text)
    if _needs_fallback(text):
        return Paragraph(markup(text), style)
    return TextBlock(text, style)


def M(markup_text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of markup the caller built (user text inside already escaped)."""
    return Paragraph(markup_text, style)


class SectionRule(Flowable):
    """A thin coloured rule under a section heading."""

    def __init__(self, width: float, color=PRIMARY, thickness: float = 1.2):
        super().__init__()
        self.width, self.color, self.thickness = width, color, thickness

    def wrap(self, available_width, available_height):
        return self.width, self.thickness + 6

    def draw(self):
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.thickness + 4, self.width, self.thickness + 4)


def heading(text: str, st: Styles, number: int | str | None = None) -> list[Flowable]:
    label = f"{number}  {text}" if number is not None else text
    return [P(label, st.h1), SectionRule(CONTENT_WIDTH)]


def table_style(cmds: Sequence[tuple]) -> TableStyle:
    """A table style that names the embedded font: a table sets its cells' font even for
    Paragraph cells, and reportlab's default would put a non-embedded Helvetica in the file."""
    return TableStyle([("FONT", (0, 0), (-1, -1), register().main, 8.5), *cmds])


def banner(text: str, st: Styles) -> Table:
    """The red synthetic-data box of a cover."""
    t = Table([[P(text, st.banner)]], colWidths=[CONTENT_WIDTH])
    t.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, WARN),
                ("BACKGROUND", (0, 0), (-1, -1), WARN_BG),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return t


def data_table(
    st: Styles,
    rows: Sequence[Sequence],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    align: str = "",
    extra: Sequence[tuple] = (),
    zebra: bool = True,
    repeat: bool = True,
    label_column: bool = False,
    rules: bool = True,
) -> Table:
    """A table with a tinted header, hairlines and zebra rows. ``align`` gives each column's
    alignment: L, R or C. A cell is a flowable, or text: text that fits on one line is drawn as
    a plain string (several times faster than a paragraph), longer text or text that needs a
    fallback font becomes an escaped paragraph that wraps. ``label_column`` colours the first
    column as labels (a table of facts)."""
    font_size = 8.5
    cells = []
    for r, row in enumerate(rows):
        head = r < header_rows
        out = []
        for c, value in enumerate(row):
            if isinstance(value, str | int | float):
                label = head or (label_column and c == 0)
                a = align[c] if c < len(align) else "L"
                value = _cell(str(value), widths[c], st, a, label, font_size)
            out.append(value)
        cells.append(out)
    t = Table(cells, colWidths=list(widths), repeatRows=header_rows if repeat else 0)
    cmds = [
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if rules:
        cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE))
    for col, a in enumerate(align):
        if a in "RC":
            cmds.append(("ALIGN", (col, 0), (col, -1), "RIGHT" if a == "R" else "CENTER"))
    if label_column:
        cmds.append(("TEXTCOLOR", (0, 0), (0, -1), PRIMARY))
    if header_rows:
        cmds += [
            ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), PRIMARY),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_BG),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, PRIMARY),
        ]
    if zebra and len(rows) > header_rows:
        cmds.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA]))
    t.setStyle(table_style(cmds + list(extra)))
    return t


def _cell(text: str, width: float, st: Styles, align: str, label: bool, size: float) -> str | Paragraph:
    main = register().main
    if "\n" not in text and _text_width(text, main, size) <= width - 8.5 and not _needs_fallback(text):
        return text
    if label:
        style = {"R": st.cell_head_right, "C": st.cell_head_center}.get(align, st.cell_head)
    else:
        style = {"R": st.cell_right, "C": st.cell_center}.get(align, st.cell)
    return P(text, style)


@lru_cache(maxsize=32768)
def _text_width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)  # cached: the same labels recur on every page of a batch


@lru_cache(maxsize=32768)
def _needs_fallback(text: str) -> bool:
    main = register().main
    return any(font_for(ch) != main for ch in text if not ch.isspace())


def bullet(text: str, style: ParagraphStyle) -> Flowable:
    """A bulleted paragraph with a hanging indent (style: one of the bullet styles)."""
    if _needs_fallback(text):
        return Paragraph(markup(text), style, bulletText="•")
    return TextBlock(text, style, bullet="•")


def facts_table(pairs: Sequence[tuple[str, Flowable | str]], st: Styles, label_width: float = 42 * mm) -> Table:
    """Label / value pairs (the cover's facts, the summary)."""
    rows = [[label, value] for label, value in pairs]
    widths = [label_width, CONTENT_WIDTH - label_width]
    return data_table(st, rows, widths, header_rows=0, zebra=False, label_column=True)


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))


def gap(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)
