"""The report's answer-time sections (warehouse/report.py): the six outcome categories that add up, per
set and per question, as a bar and a table; and the Kaplan–Meier curve "share answered after t days"
(open sets counted as still unanswered today) with the term and the extended term marked.

Figures come from warehouse/sql/report_outcomes.sql and report_answer_curve.sql (the views
timeliness_by_group, answer_time_stats and answer_time_curve); plotly draws them.
"""

from __future__ import annotations

import html
from typing import Any

import duckdb

from warehouse.db import load_sql

CATEGORIES = (
    ("answered_on_time", "answered on time", "#2e6b30"),
    ("answered_within_extension", "answered within the extension", "#7fb77e"),
    ("answered_late", "answered late", "#b2182b"),
    ("withdrawn", "withdrawn", "#999999"),
    ("open_within_term", "open, within the term", "#3b6ea8"),
    ("open_overdue", "open, overdue", "#e08214"),
)
"""(column, label, colour) of each outcome category, in the order they add up."""


def collect_outcomes(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The counts, shares and Kaplan–Meier figures over every set (None when no set has a term)."""
    cur = con.execute(load_sql("report_outcomes"))
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    return dict(zip(names, row, strict=True)) if row else None


def collect_curve(con: duckdb.DuckDBPyConnection) -> list[tuple[int, float]]:
    """(t, share answered after t days) at each day a set was answered or left observation."""
    return [(int(t), float(s)) for t, s, _ in con.execute(load_sql("report_answer_curve")).fetchall()]


def outcomes_figure(o: dict[str, Any] | None) -> Any:
    """One horizontal bar, the six categories stacked (shares of the sets with a term)."""
    if not o:
        return None
    import plotly.graph_objects as go

    fig = go.Figure()
    for column, label, colour in CATEGORIES:
        fig.add_trace(go.Bar(
            y=["sets"], x=[o[f"share_{column}"]], name=label, orientation="h", marker_color=colour,
            customdata=[o[column]], hovertemplate=f"{label}: %{{x:.0%}} (%{{customdata}} sets)<extra></extra>",
        ))
    fig.update_layout(barmode="stack", xaxis={"tickformat": ".0%", "range": [0, 1]}, height=220,
                      legend={"orientation": "h", "y": -0.35, "traceorder": "normal"})
    return fig


def curve_figure(curve: list[tuple[int, float]], term: int, extension: int) -> Any:
    """The step curve of the share answered after t days, dashed lines at the term and extended term."""
    if not curve:
        return None
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(
        x=[0, *(t for t, _ in curve)], y=[0.0, *(s for _, s in curve)], mode="lines", line_shape="hv",
        line_color="#3b6ea8", hovertemplate="after %{x} days: %{y:.0%} answered<extra></extra>",
    ))
    for x, label in ((term, f"term ({term} days)"), (term + extension, f"after a notice ({term + extension})")):
        fig.add_vline(x=x, line_dash="dash", line_color="#555555", annotation_text=label,
                      annotation_position="bottom right")
    fig.update_layout(xaxis_title="days since submission", yaxis={"title": "share answered", "tickformat": ".0%",
                                                                  "range": [0, 1]})
    return fig


def outcomes_table(o: dict[str, Any] | None) -> str:
    """The numbers behind the bar: sets and questions per category, with their shares (they add up)."""
    if not o:
        return ""

    def share(v: Any) -> str:
        return "–" if v is None else f"{v:.1%}"

    rows = "".join(
        f"<tr><td>{html.escape(label)} (<code>{column}</code>)</td><td class=\"n\">{o[column]:,}</td>"
        f"<td class=\"n\">{share(o[f'share_{column}'])}</td><td class=\"n\">{o[f'questions_{column}']:,}</td>"
        f"<td class=\"n\">{share(o[f'share_questions_{column}'])}</td>"
        "</tr>"
        for column, label, _ in CATEGORIES)
    total = (f"<tr><th>all with a term</th><th class=\"n\">{o['sets_categorised']:,}</th><th class=\"n\">100%</th>"
             f"<th class=\"n\">{o['questions_categorised'] or 0:,}</th><th class=\"n\">100%</th></tr>")
    head = "".join(f'<th class="n">{h}</th>' for h in ("sets", "share", "questions", "share"))
    return (f'<table id="outcomes-table"><thead><tr><th>outcome</th>{head}</tr></thead>'
            f"<tbody>{rows}{total}</tbody></table>")


def curve_caption(o: dict[str, Any] | None) -> str:
    """What the curve says in numbers: median, shares answered by day 21 and 42, restricted mean."""
    base = ("Kaplan–Meier estimate over the sets with a term: a set still open today counts as unanswered "
            "after the days it has been open (censored), a withdrawn one until its withdrawal.")
    if not o:
        return base
    median = "not reached (more than half unanswered)" if o["median_days"] is None else f"{o['median_days']} days"
    return (f"{base} Median {median}; answered by day 21: {o['share_by_21']:.0%}, by day 42: "
            f"{o['share_by_42']:.0%}; mean days to answer, counting at most 90: {o['restricted_mean_90']:.1f}.")
