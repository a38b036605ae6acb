"""Plotly figures of the bureau's pages. Every figure writes its numbers on the marks (colour
is never the only carrier of meaning) and the pages show the same numbers as a table."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

# Okabe-Ito: told apart with the common colour-vision deficiencies; symbols differ as well
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "x", "triangle-down", "star"]
FONT = {"size": 14}


def wrap(label: str, width: int = 16) -> str:
    """A long axis label over several lines (at spaces; Chinese labels are short already)."""
    lines, line = [], ""
    for word in label.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def _layout(fig: go.Figure, height: int, **kw) -> go.Figure:
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, font=FONT, **kw)
    return fig


def level_bars(names: list[str], counts: list[int], shares: list[float]) -> go.Figure:
    fig = go.Figure(
        go.Bar(
            x=names,
            y=counts,
            text=[f"{c:,} · {s:.0%}" for c, s in zip(counts, shares)],
            textposition="outside",
            marker_color=PALETTE[0],
            cliponaxis=False,
        )
    )
    return _layout(fig, 340, yaxis={"rangemode": "tozero"}, showlegend=False)


def heatmap(
    rows: list[str], columns: list[str], shares: list[list[float]], texts: list[list[str]], scale: str
) -> go.Figure:
    """Groups (rows) x parts (columns): the shade is the share of the part's scale, the cell
    prints the score itself."""
    fig = go.Figure(
        go.Heatmap(
            z=shares,
            x=[wrap(c) for c in columns],
            y=rows,
            text=texts,
            texttemplate="%{text}",
            textfont={"size": 15},
            colorscale="Blues",
            zmin=0,
            zmax=100,
            colorbar={"title": {"text": scale}, "ticksuffix": "%"},
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, 120 + 46 * len(rows), xaxis={"side": "top", "tickangle": 0})


def percentile_bands(table: pd.DataFrame, names: list[str], labels: dict[str, str], scale: str) -> go.Figure:
    """One row per part: P10-P90 (light band), P25-P75 (dark band) and the median (marker),
    on the percentage of each part's scale; the labels print the real values."""
    fig = go.Figure()
    y = names
    for low, high, color, width in (("p10", "p90", "#BFD7EA", 0.6), ("p25", "p75", "#3B7DB8", 0.3)):
        fig.add_trace(
            go.Bar(
                y=y,
                x=table[f"{high}_pct"] - table[f"{low}_pct"],
                base=table[f"{low}_pct"],
                orientation="h",
                name=labels[f"{low}_{high}"],
                marker_color=color,
                width=width,
                hovertemplate=f"%{{y}}: {low.upper()}–{high.upper()}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            y=y,
            x=table["p50_pct"],
            mode="markers+text",
            name=labels["p50"],
            marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": "#111111"}},
            text=[f"{v:.2f}" for v in table["p50"]],
            textposition="top center",
            hovertemplate="%{y}: P50 %{text}<extra></extra>",
        )
    )
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 100], ticksuffix="%", title={"text": scale})
    fig = _layout(fig, 150 + 56 * len(y), legend={"orientation": "h", "y": -0.25, "yanchor": "top"})
    fig.update_layout(margin={"t": 40, "b": 40})
    return fig


def scatter(points: pd.DataFrame, names: dict[str, str], unplaced: str, axis: tuple[str, str]) -> go.Figure:
    """PCA scatter, one trace per archetype (colour and symbol)."""
    fig = go.Figure()
    ids = [i for i in names if (points["archetype"] == i).any()]
    for k, archetype_id in enumerate(ids + [None]):
        chosen = points["archetype"].isna() if archetype_id is None else points["archetype"] == archetype_id
        part = points[chosen]
        if part.empty:
            continue
        label = unplaced if archetype_id is None else f"{archetype_id} · {names[archetype_id]}"
        fig.add_trace(
            go.Scattergl(
                x=part["x"],
                y=part["y"],
                mode="markers",
                name=label,
                text=part["name"],
                marker={
                    "color": "#999999" if archetype_id is None else PALETTE[k % len(PALETTE)],
                    "symbol": "circle-open" if archetype_id is None else SYMBOLS[k % len(SYMBOLS)],
                    "size": 7,
                    "opacity": 0.75,
                },
                hovertemplate="%{text}<extra>" + label + "</extra>",
            )
        )
    fig.update_xaxes(title={"text": axis[0]}, zeroline=False)
    fig.update_yaxes(title={"text": axis[1]}, zeroline=False)
    return _layout(fig, 520, legend={"orientation": "h", "y": -0.15})


def round_bars(table: pd.DataFrame, groups: dict[str, str]) -> go.Figure:
    """Mean score per group in each round (cohort means, not paired)."""
    fig = go.Figure()
    for k, (round_, part) in enumerate(table.groupby("round", sort=True)):
        fig.add_trace(
            go.Bar(
                name=str(round_),
                x=[wrap(groups.get(g, g), 20) for g in part.iloc[:, 0]],
                y=part["mean"],
                text=[f"{v:.2f}" for v in part["mean"]],
                textposition="outside",
                marker_color=PALETTE[k % len(PALETTE)],
                cliponaxis=False,
            )
        )
    fig.update_xaxes(tickangle=0)
    return _layout(
        fig,
        420,
        barmode="group",
        legend={"orientation": "h", "y": -0.3, "yanchor": "top"},
        yaxis={"rangemode": "tozero"},
    )


def change_histogram(changes: pd.Series, title: str) -> go.Figure:
    bins = min(30, max(6, len(changes) // 4))  # wide enough bars for a small cohort
    fig = go.Figure(go.Histogram(x=changes, nbinsx=bins, marker_color=PALETTE[0], texttemplate="%{y}"))
    fig.add_vline(x=0, line_width=2, line_dash="dash", line_color="#111111")
    return _layout(fig, 300, xaxis={"title": {"text": title}}, showlegend=False, bargap=0.05)


def profile_bars(
    parts: list[str],
    archetypes: dict[str, str],
    shares: dict[str, list[float]],
    texts: dict[str, list[str]],
    scale: str,
) -> go.Figure:
    """Each archetype's centre per part (share of the part's scale), numbers on the bars."""
    fig = go.Figure()
    for k, (archetype_id, label) in enumerate(archetypes.items()):
        fig.add_trace(
            go.Bar(
                name=label,
                x=[wrap(p) for p in parts],
                y=shares[archetype_id],
                text=texts[archetype_id],
                textposition="outside",
                marker_color=PALETTE[k % len(PALETTE)],
                marker_pattern_shape=["", "/", ".", "x", "-", "|", "+", "\\"][k % 8],
                cliponaxis=False,
            )
        )
    fig.update_yaxes(range=[0, 105], ticksuffix="%", title={"text": scale})
    fig.update_xaxes(tickangle=0)
    return _layout(fig, 420, barmode="group", legend={"orientation": "h", "y": -0.25, "yanchor": "top"})
