"""Plotly figures for the pages (drawn by Streamlit's bundled plotly.js: nothing is fetched)."""

from __future__ import annotations

import plotly.graph_objects as go

from questionnaires.parts import overall_range, part_max


def part_scale(q, part: str) -> float:
    """A part's full marks per unit of the overall scale: 1 for DCMM areas and CMMM domains (both
    0-5 like the whole); SME dimensions (points) and operations (0-4) go onto one 0-100 axis."""
    return part_max(q, part) / overall_range(q)[1]


def radar(q, labels: dict[str, str], series: dict[str, dict[str, float]], lang: str) -> go.Figure:
    """One closed trace per series (e.g. the enterprise, park median, park P75). A part a series
    has no value for (a CMMM domain that does not apply) is left as a gap."""
    parts = list(labels)
    fig = go.Figure()
    styles = [("solid", 3), ("dash", 2), ("dot", 2)]
    for n, (name, values) in enumerate(series.items()):
        if not values:
            continue
        r = [None if values.get(p) is None else values[p] / part_scale(q, p) for p in parts]
        dash, width = styles[n % len(styles)]
        fig.add_trace(
            go.Scatterpolar(
                r=r + r[:1],
                theta=[labels[p] for p in parts] + [labels[parts[0]]],
                name=name,
                line={"dash": dash, "width": width},
                fill="toself" if n == 0 else None,
                opacity=0.85,
            )
        )
    fig.update_layout(
        polar={"radialaxis": {"range": list(overall_range(q))}},
        height=420,
        margin={"l": 130, "r": 130, "t": 40, "b": 40},
        legend={"orientation": "h"},
    )
    return fig


def progress(rounds: list[str], scores: list[float], levels: list[int], title: str) -> go.Figure:
    fig = go.Figure(
        go.Bar(x=rounds, y=scores, text=[f"{s:.2f} · L{lv}" for s, lv in zip(scores, levels)], textposition="outside")
    )
    fig.update_layout(
        title=title, height=320, margin={"l": 30, "r": 30, "t": 50, "b": 30}, yaxis={"rangemode": "tozero"}
    )
    return fig


def grouped_bars(labels: dict[str, str], series: dict[str, dict[str, float]]) -> go.Figure:
    fig = go.Figure()
    for name, values in series.items():
        fig.add_trace(
            go.Bar(
                name=name,
                x=[labels[p] for p in labels],
                y=[values.get(p) for p in labels],
                text=[f"{values[p]:.2f}" if p in values else "" for p in labels],
                textposition="outside",
            )
        )
    fig.update_layout(
        barmode="group", height=360, margin={"l": 30, "r": 30, "t": 30, "b": 30}, legend={"orientation": "h"}
    )
    return fig


def level_scores(scores: dict[str, float], threshold: float, names: dict[str, str], threshold_label: str) -> go.Figure:
    """The score of each level (CMMM A(1..5), 0-1) as bars, with the threshold a level needs as a
    line; bars that reach it are drawn solid, the others pale."""
    levels = list(scores)
    values = [scores[lv] for lv in levels]
    fig = go.Figure(
        go.Bar(
            x=[names[lv] for lv in levels],
            y=values,
            text=[f"{v:.2f}" for v in values],
            textposition="outside",
            marker={"color": ["#2e7d32" if v + 1e-9 >= threshold else "#b0bec5" for v in values]},
            showlegend=False,
        )
    )
    fig.add_hline(
        y=threshold,
        line={"dash": "dash", "color": "#c62828", "width": 2},
        annotation_text=f"{threshold_label} {threshold:g}",
        annotation_position="top right",
    )
    fig.update_layout(height=320, margin={"l": 30, "r": 30, "t": 30, "b": 30}, yaxis={"range": [0, 1.15]})
    return fig
