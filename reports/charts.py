"""Vector charts for the reports, drawn with reportlab.graphics (no browser, no image files).

Colour never carries meaning alone: series have a legend and distinct line styles, bars carry
their numbers, heat-map cells carry their values, box plots come beside a table of figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.fonts import register
from reports.layout import ACCENT, INK, LEVEL_COLORS, MUTED, PEER, PEER_LIGHT, PRIMARY, RULE
from reports.text import plain


def _font() -> str:
    return register().main


def wrap_label(text: str, width: float, size: float, max_lines: int = 3) -> list[str]:
    """Split a label into lines no wider than ``width`` (by words for Latin, by characters for
    CJK); the last line is cut with an ellipsis only when it cannot fit at all."""
    font = _font()
    text = plain(text)
    if stringWidth(text, font, size) <= width:
        return [text]
    tokens: list[str] = []
    for word in text.split(" "):
        if stringWidth(word, font, size) <= width:
            tokens.append(word + " ")
        else:
            tokens.extend(word)  # CJK (or a very long word): break anywhere
            tokens[-1] += " "
    lines, line = [], ""
    for tok in tokens:
        if line and stringWidth((line + tok).rstrip(), font, size) > width:
            lines.append(line.rstrip())
            line = tok.lstrip() if tok.strip() else ""
        else:
            line += tok
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


def _drawing(width: float, height: float) -> Drawing:
    d = Drawing(width, height)
    d.initialFontName = _font()  # else the renderer selects a non-embedded Helvetica first
    d.initialFontSize = 8
    return d


def _text(x: float, y: float, text: str, size: float, color=INK, anchor: str = "start") -> String:
    return String(x, y, text, fontName=_font(), fontSize=size, fillColor=color, textAnchor=anchor)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    color: colors.Color
    width: float = 1.5
    dash: Sequence[float] | None = None
    fill: colors.Color | None = None
    marker: bool = False


def radar(labels: Sequence[str], series: Sequence[Series], *, vmax: float, rings: Sequence[float],
          ring_labels: Sequence[str], width: float, height: float = 250) -> Drawing:  # fmt: skip
    """A radar of the parts on a fixed scale 0..vmax, with grid rings, wrapped spoke labels and
    a legend on the right."""
    d = _drawing(width, height)
    font, size = _font(), 8
    legend_w = 120
    radius = min((width - legend_w) / 2 - 95, height / 2 - 30)
    cx, cy = (width - legend_w) / 2, height / 2
    n = len(labels)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]

    for value in rings:  # grid rings, under the chart
        r = radius * value / vmax
        pts = [c for a in angles for c in (cx + r * math.cos(a), cy + r * math.sin(a))]
        d.add(Polygon(pts, strokeColor=RULE, strokeWidth=0.5, fillColor=None))
    for value, text in zip(rings, ring_labels):
        d.add(_text(cx + 3, cy + radius * value / vmax + 1.5, text, 6.5, MUTED))

    chart = SpiderChart()
    chart.x, chart.y = cx - radius, cy - radius
    chart.width = chart.height = 2 * radius
    # a hidden strand at vmax pins the scale (SpiderChart scales to the data's maximum)
    chart.data = [list(s.values) for s in series] + [[vmax] * n]
    chart.labels = [""] * n
    chart.spokes.strokeColor = RULE
    chart.spokes.strokeWidth = 0.5
    chart.spokeLabels.fontName = font
    for i, s in enumerate(series):
        chart.strands[i].strokeColor = s.color
        chart.strands[i].strokeWidth = s.width
        chart.strands[i].strokeDashArray = s.dash
        chart.strands[i].fillColor = s.fill
        if s.marker:
            chart.strands[i].symbol = "FilledCircle"
            chart.strands[i].symbolSize = 4
    hidden = len(series)
    chart.strands[hidden].strokeColor = None
    chart.strands[hidden].strokeWidth = 0
    chart.strands[hidden].fillColor = None
    d.add(chart)

    label_width = 88
    for a, label in zip(angles, labels):
        lx, ly = cx + (radius + 8) * math.cos(a), cy + (radius + 8) * math.sin(a)
        cos_a = math.cos(a)
        anchor = "middle" if abs(cos_a) < 0.2 else ("start" if cos_a > 0 else "end")
        lines = wrap_label(label, label_width, size)
        lead = size * 1.2
        total = lead * len(lines)
        sin_a = math.sin(a)
        if sin_a > 0.8:
            top = ly + total - lead + 2  # above the top spoke
        elif sin_a < -0.8:
            top = ly - size - 1  # below the bottom spoke
        else:
            top = ly + total / 2 - size * 0.8
        for k, line in enumerate(lines):
            d.add(_text(lx, top - k * lead, line, size, INK, anchor))

    lx, ly = width - legend_w + 10, cy + 12 * len(series) / 2
    for k, s in enumerate(series):
        y = ly - k * 16
        d.add(Line(lx, y + 3, lx + 22, y + 3, strokeColor=s.color, strokeWidth=s.width, strokeDashArray=s.dash))
        if s.marker:
            d.add(Circle(lx + 11, y + 3, 2, fillColor=s.color, strokeColor=s.color))
        for j, line in enumerate(wrap_label(s.name, legend_w - 40, 8, 2)):
            d.add(_text(lx + 28, y - j * 9.6, line, 8))
    return d


def level_bars(rows: Sequence[tuple[str, int, str]], *, width: float, color_index: Sequence[int]) -> Drawing:
    """Horizontal bars: one per (label, count, value text), the text printed at the bar's end."""
    size = 8.5
    row_h = 18
    font = _font()
    label_w = min(width * 0.45, max(stringWidth(plain(label), font, size) for label, _, _ in rows) + 14)
    height = row_h * len(rows) + 6
    d = _drawing(width, height)
    top = max((count for _, count, _ in rows), default=0) or 1
    bar_max = width - label_w - 90
    for k, ((label, count, text), ci) in enumerate(zip(rows, color_index)):
        y = height - (k + 1) * row_h
        d.add(_text(label_w - 6, y + 5, wrap_label(label, label_w - 8, size, 1)[0], size, INK, "end"))
        w = bar_max * count / top
        d.add(Rect(label_w, y + 2, max(w, 0.5), row_h - 6, fillColor=LEVEL_COLORS[ci], strokeColor=PRIMARY,
                   strokeWidth=0.4))  # fmt: skip
        d.add(_text(label_w + w + 5, y + 5, text, size, INK))
    return d


def box_plot(quantiles: dict[str, float], *, vmin: float, vmax: float, width: float, height: float = 14,
             mark: float | None = None) -> Drawing:  # fmt: skip
    """A one-row box plot on vmin..vmax: P10-P90 line, P25-P75 box, median tick."""
    d = _drawing(width, height)

    def x(v: float) -> float:
        return 2 + (width - 4) * (min(max(v, vmin), vmax) - vmin) / (vmax - vmin)

    mid = height / 2
    d.add(Line(2, mid, width - 2, mid, strokeColor=RULE, strokeWidth=0.4))
    d.add(Line(x(quantiles["p10"]), mid, x(quantiles["p90"]), mid, strokeColor=PRIMARY, strokeWidth=0.8))
    for q in ("p10", "p90"):
        d.add(Line(x(quantiles[q]), mid - 2.5, x(quantiles[q]), mid + 2.5, strokeColor=PRIMARY, strokeWidth=0.8))
    d.add(Rect(x(quantiles["p25"]), mid - 4, max(x(quantiles["p75"]) - x(quantiles["p25"]), 0.8), 8,
               fillColor=PEER_LIGHT, strokeColor=PRIMARY, strokeWidth=0.6))  # fmt: skip
    d.add(Line(x(quantiles["p50"]), mid - 5.5, x(quantiles["p50"]), mid + 5.5, strokeColor=PRIMARY, strokeWidth=1.6))
    if mark is not None:
        d.add(Circle(x(mark), mid, 2.6, fillColor=ACCENT, strokeColor=colors.white, strokeWidth=0.5))
    return d


def scale_axis(*, vmin: float, vmax: float, ticks: Sequence[float], labels: Sequence[str], width: float) -> Drawing:
    """The tick labels under a column of box plots."""
    d = _drawing(width, 10)
    for t, text in zip(ticks, labels):
        xx = 2 + (width - 4) * (t - vmin) / (vmax - vmin)
        d.add(Line(xx, 8, xx, 10, strokeColor=MUTED, strokeWidth=0.4))
        d.add(_text(xx, 1, text, 6.5, MUTED, "middle"))
    return d


def what_if_chart(points: Sequence[tuple[int, float, int]], *, vmin: float, vmax: float, thresholds: Sequence[float],
                  marks: Sequence[tuple[int, str]], width: float, height: float = 150, y_label: str,
                  x_label: str, digits: int) -> Drawing:  # fmt: skip
    """Score after the first n actions (n = 0..N): a line with level thresholds dashed and the
    3/6/12-month boundaries marked."""
    d = _drawing(width, height)
    left, right, bottom, top = 40, 14, 28, 12
    pw, ph = width - left - right, height - bottom - top
    n_max = max((n for n, _, _ in points), default=1) or 1

    def x(n: float) -> float:
        return left + pw * n / n_max

    def y(v: float) -> float:
        return bottom + ph * (v - vmin) / (vmax - vmin)

    d.add(Rect(left, bottom, pw, ph, fillColor=None, strokeColor=RULE, strokeWidth=0.5))
    for t in thresholds:
        if vmin < t < vmax:
            d.add(Line(left, y(t), left + pw, y(t), strokeColor=PEER, strokeWidth=0.5, strokeDashArray=(2, 2)))
    step = max(1, math.ceil(n_max / 12))
    for n in range(0, n_max + 1, step):
        d.add(_text(x(n), bottom - 10, str(n), 7, MUTED, "middle"))
    for t in thresholds:
        if vmin <= t <= vmax:
            d.add(_text(left - 4, y(t) - 2.5, f"{t:g}", 7, MUTED, "end"))
    for k, (n, text) in enumerate(marks):
        d.add(Line(x(n), bottom, x(n), bottom + ph, strokeColor=ACCENT, strokeWidth=0.5, strokeDashArray=(1, 2)))
        # staggered downwards so that close marks do not overlap; near the right edge, to the left
        label_y = bottom + ph - 9 - 9 * k
        if x(n) + 2 + stringWidth(text, _font(), 7) > left + pw:
            d.add(_text(x(n) - 2, label_y, text, 7, ACCENT, "end"))
        else:
            d.add(_text(x(n) + 2, label_y, text, 7, ACCENT))
    pts = [c for n, v, _ in points for c in (x(n), y(v))]
    if len(pts) >= 4:
        d.add(PolyLine(pts, strokeColor=PRIMARY, strokeWidth=1.4))
    # markers only where they say something (now, the end of each horizon, the end): a marker
    # per action would cost a drawing state each and add nothing the line does not show
    marked = {points[0][0], points[-1][0], *(n for n, _ in marks)}
    for n, v, _ in points:
        if n in marked:
            d.add(Circle(x(n), y(v), 2.2, fillColor=PRIMARY, strokeColor=PRIMARY))
    first, last = points[0], points[-1]
    d.add(_text(x(first[0]) + 3, y(first[1]) - 10, f"{first[1]:.{digits}f}", 7.5, PRIMARY))
    d.add(_text(x(last[0]) - 3, y(last[1]) - 10, f"{last[1]:.{digits}f}", 7.5, PRIMARY, "end"))
    d.add(_text(left + pw / 2, 3, x_label, 7.5, MUTED, "middle"))
    d.add(_text(4, bottom + ph + 3, y_label, 7.5, MUTED))
    return d


HEAT_LOW = colors.HexColor("#EEF3F8")
HEAT_HIGH = colors.HexColor("#1F4E85")


def heat_color(share: float) -> tuple[colors.Color, colors.Color]:
    """(fill, text) colours for a position 0..1 on the shade scale: light to dark blue, with
    white text where the fill is dark (contrast above 4.5:1 either way)."""
    share = min(max(share, 0.0), 1.0)
    fill = colors.linearlyInterpolatedColor(HEAT_LOW, HEAT_HIGH, 0, 1, share)
    luminance = 0.2126 * fill.red + 0.7152 * fill.green + 0.0722 * fill.blue
    return fill, (colors.white if luminance < 0.45 else INK)


def level_scores_chart(bars: Sequence[tuple[str, float, str, bool]], *, threshold: float, width: float,
                       height: float = 150, threshold_label: str) -> Drawing:  # fmt: skip
    """Vertical bars on 0..1, one per (label, value, status text, reached): the value printed on
    top, the status under the label, reached bars dark and the others light, with the threshold
    dashed across (colour is never the only carrier: the status says it in words)."""
    d = _drawing(width, height)
    left, right, bottom, top = 34, 10, 34, 12
    pw, ph = width - left - right, height - bottom - top

    def y(v: float) -> float:
        return bottom + ph * min(max(v, 0.0), 1.0)

    d.add(Rect(left, bottom, pw, ph, fillColor=None, strokeColor=RULE, strokeWidth=0.5))
    for tick in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        d.add(Line(left - 2, y(tick), left, y(tick), strokeColor=MUTED, strokeWidth=0.4))
        d.add(_text(left - 4, y(tick) - 2.5, f"{tick:.1f}", 7, MUTED, "end"))
    slot = pw / max(len(bars), 1)
    bar_w = min(slot * 0.55, 60)
    for k, (label, value, status, ok) in enumerate(bars):
        cx = left + slot * (k + 0.5)
        d.add(Rect(cx - bar_w / 2, bottom, bar_w, max(y(value) - bottom, 0.5),
                   fillColor=LEVEL_COLORS[5] if ok else PEER_LIGHT, strokeColor=PRIMARY, strokeWidth=0.4))  # fmt: skip
        d.add(_text(cx, y(value) + 3, f"{value:.2f}", 8, INK, "middle"))
        d.add(_text(cx, bottom - 11, wrap_label(label, slot - 4, 8, 1)[0], 8, INK, "middle"))
        d.add(_text(cx, bottom - 22, status, 7.5, PRIMARY if ok else ACCENT, "middle"))
    d.add(Line(left, y(threshold), left + pw, y(threshold), strokeColor=ACCENT, strokeWidth=0.9,
               strokeDashArray=(3, 2)))  # fmt: skip
    d.add(_text(left + pw - 2, y(threshold) + 3, threshold_label, 7, ACCENT, "end"))
    return d
