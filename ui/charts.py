"""Plotly figures for the pages (drawn by Streamlit's bundled plotly.js: nothing is fetched)."""

from __future__ import annotations

import plotly.graph_objects as go

from questionnaires.schema import DcmmQuestionnaire


def part_scale(q, part: str) -> float:
    """Full marks of a part, to put SME dimensions (points) and operations (0-4) on one 0-100 axis."""
    if isinstance(q, DcmmQuestionnaire):
        return 1.0
    if part == "operations":
        return 4.0 / 100.0
    return next(d.max_points for d in q.dimensions if d.id == part) / 100.0


def radar(q, labels: dict[str, str], series: dict[str, dict[str, float]], lang: str) -> go.Figure:
    """One closed trace per series (e.g. the enterprise, park median, park P75)."""
    parts = list(labels)
    fig = go.Figure()
    styles = [("solid", 3), ("dash", 2), ("dot", 2)]
    for n, (name, values) in enumerate(series.items()):
        if not values:
            continue
        r = [values[p] / part_scale(q, p) for p in parts]
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
    top = 5 if isinstance(q, DcmmQuestionnaire) else 100
    fig.update_layout(
        polar={"radialaxis": {"range": [0 if top == 100 else 1, top]}},
        height=420,
        margin={"l": 110, "r": 110, "t": 40, "b": 40},
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
