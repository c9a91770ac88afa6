"""A self-contained HTML report for analysts (`kamervragen report`): works offline.

Charts are drawn by plotly.js, inlined in the page (no CDN, no network request), from figures
built with plotly's Python API:
- the six outcome categories that add up (a bar and the numbers per set and per question) and the
  Kaplan–Meier curve of the share answered after t days (warehouse/report_answers.py);
- the distribution of calendar days taken (answered sets with a term), with the term and the
  extended term marked;
- the share answered late per ministry per year of submission (a heat map; decided sets only,
  see the `set_outcomes` view);
- the number of sets overdue on the first of every month (and today), from `status_as_of`;
- the sets overdue now, with links to the question and the delay notice; a set whose verdict
  rests on something uncertain is marked "⚠ check" with its reasons in the tooltip.
Reads only (a connection from `warehouse.read.open_read`); never imports Prefect.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from warehouse.db import load_sql

DAYS_CAP = 120
"""Days taken beyond this are counted in one last bar ("120 or more")."""

_PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
_COLORS = {"bar": "#3b6ea8", "late": "#b2182b", "line": "#b2182b", "term": "#555555"}


@dataclass(slots=True)
class ReportData:
    """Everything the page shows, as plain values (collected in one read)."""

    generated_at: datetime
    source: str
    data_as_of: datetime | None
    summary: dict[str, Any]
    days_taken: list[tuple[int, int]]
    late_by_ministry: list[tuple[str, int, float, int, int]]
    overdue_now: list[dict[str, Any]]
    overdue_over_time: list[tuple[date, int]]
    notes: list[str] = field(default_factory=list)
    outcomes: dict[str, Any] | None = None
    answer_curve: list[tuple[int, float]] = field(default_factory=list)


def collect(con: duckdb.DuckDBPyConnection, source: str = "", now: datetime | None = None) -> ReportData:
    """Run the report's queries on an open (read-only) connection."""
    summary = _dicts(con, load_sql("report_summary"))[0]
    from warehouse import tk

    summary["sources_agree"] = tk.agreement_share(con)  # the "sources agree on N %" panel
    overdue = _dicts(con, load_sql("report_overdue_now"))
    from warehouse.report_answers import collect_curve, collect_outcomes

    return ReportData(
        generated_at=now or datetime.now(UTC),
        source=source,
        data_as_of=_data_as_of(con),
        summary=summary,
        days_taken=[
            (int(d), int(n))
            for d, n in con.execute(load_sql("report_days_taken"), {"cap": DAYS_CAP}).fetchall()
        ],
        late_by_ministry=[
            (str(m), int(y), float(s), int(n), int(o))
            for m, y, s, n, o in con.execute(load_sql("report_late_by_ministry")).fetchall()
        ],
        overdue_now=overdue,
        overdue_over_time=[(d, int(n)) for d, n in con.execute(load_sql("report_overdue_over_time")).fetchall()],
        outcomes=collect_outcomes(con),
        answer_curve=collect_curve(con),
    )


def render_html(data: ReportData) -> str:
    """The whole page as one HTML string, plotly.js inlined."""
    from plotly.offline import get_plotlyjs

    s = data.summary
    term, extension = int(s["term_days"]), int(s["extension_days"])
    from warehouse.report_answers import curve_caption, curve_figure, outcomes_figure, outcomes_table

    charts = [
        ("Outcomes",
         "Every set with a term in one of six outcome categories, as of today; they add up to 100 %. "
         "Within the extension: answered after the term, by the extended date a delay notice gave "
         "(also when the notice itself came after the due date). The table gives the numbers, per set "
         "and per question.",
         _styled(outcomes_figure(data.outcomes), 300), "chart-outcomes", "No sets with a term yet.",
         outcomes_table(data.outcomes)),
        ("Share answered after t days",
         curve_caption(data.outcomes)
         + f" Dashed lines: the term ({term} days) and the term after a delay notice ({term + extension} days).",
         _styled(curve_figure(data.answer_curve, term, extension), 380), "chart-answer-curve",
         "No sets with a term yet.", ""),
        ("Days taken to answer",
         f"Answered sets with a term (Tweede Kamer written questions), by calendar days from submission "
         f"to the first answer. Dashed lines: the term ({term} days) and the term after a delay notice "
         f"({term + extension} days).",
         _days_figure(data.days_taken, term, extension), "chart-days-taken",
         "No answered sets with a term yet.", ""),
        ("Share answered late, per ministry and year",
         "Late = answered after the (extended) term, or overdue now; over the sets whose outcome is "
         "known (answered or overdue). A set addressed to several ministries counts for each.",
         _late_figure(data.late_by_ministry), "chart-late-by-ministry",
         "No decided sets yet.", ""),
        ("Sets overdue over time",
         "Sets overdue on the first of every month (and today), each counted with only the documents "
         "received by that date (status_as_of).",
         _overdue_figure(data.overdue_over_time), "chart-overdue-over-time",
         "No sets with a term yet.", ""),
    ]
    parts = [_head(data), _summary_html(data)]
    for title, caption, figure, div_id, empty, table in charts:
        parts.append(f'<section><h2>{_e(title)}</h2><p class="caption">{_e(caption)}</p>')
        if figure is None:
            parts.append(f'<p class="empty" id="{div_id}-empty">{_e(empty)}</p></section>')
            continue
        parts.append(_figure_html(figure, div_id) + table + "</section>")
    parts.append(_overdue_table(data.overdue_now))
    parts.append(_foot(term, extension))
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>Kamervragen: how the government answers written questions</title>\n"
        f"<style>{_CSS}</style>\n<script>{get_plotlyjs()}</script>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def write_report(
    con: duckdb.DuckDBPyConnection, out: str | Path, *, source: str = "", now: datetime | None = None
) -> Path:
    """Collect, render and write the report to `out` (atomically); return the path."""
    target = Path(out)
    page = render_html(collect(con, source=source, now=now))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, target)
    return target


# --- figures -------------------------------------------------------------------------------


def _days_figure(rows: list[tuple[int, int]], term: int, extension: int) -> Any:
    if not rows:
        return None
    import plotly.graph_objects as go

    labels = [f"{d} or more" if d == DAYS_CAP else str(d) for d, _ in rows]
    fig = go.Figure(go.Bar(
        x=[d for d, _ in rows], y=[n for _, n in rows], customdata=labels,
        marker_color=_COLORS["bar"], hovertemplate="%{customdata} days: %{y} sets<extra></extra>",
    ))
    for x, label in ((term, f"term ({term} days)"), (term + extension, f"after a notice ({term + extension})")):
        fig.add_vline(x=x + 0.5, line_dash="dash", line_color=_COLORS["term"],
                      annotation_text=label, annotation_position="top right")
    fig.update_layout(xaxis_title="calendar days taken", yaxis_title="sets", bargap=0.05)
    return _style(fig)


def _late_figure(rows: list[tuple[str, int, float, int, int]]) -> Any:
    if not rows:
        return None
    import plotly.graph_objects as go

    ministries = sorted({r[0] for r in rows}, reverse=True)  # A at the top
    years = list(range(min(r[1] for r in rows), max(r[1] for r in rows) + 1))  # gaps stay visible
    cell = {(m, y): (share, n) for m, y, share, n, _ in rows}
    z = [[cell[(m, y)][0] if (m, y) in cell else None for y in years] for m in ministries]
    counts = [[cell[(m, y)][1] if (m, y) in cell else 0 for y in years] for m in ministries]
    fig = go.Figure(go.Heatmap(
        z=z, x=[str(y) for y in years], y=ministries, customdata=counts, zmin=0, zmax=1,
        colorscale="Reds", colorbar={"title": {"text": "late"}, "tickformat": ".0%"},
        hovertemplate="%{y}, %{x}: %{z:.0%} late of %{customdata} decided sets<extra></extra>",
        xgap=1, ygap=1,
    ))
    fig.update_layout(xaxis={"type": "category", "title": "year of submission"},
                      yaxis={"type": "category", "title": "ministry"},
                      height=max(320, 28 * len(ministries) + 140))
    return _style(fig, height=None)


def _overdue_figure(rows: list[tuple[date, int]]) -> Any:
    if not rows:
        return None
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(
        x=[d.isoformat() for d, _ in rows], y=[n for _, n in rows],
        mode="lines+markers" if len(rows) <= 60 else "lines", line_color=_COLORS["line"],
        hovertemplate="%{x}: %{y} sets overdue<extra></extra>",
    ))
    fig.update_layout(xaxis_title="date", yaxis_title="sets overdue", yaxis_rangemode="tozero")
    return _style(fig)


def _style(fig: Any, height: int | None = 380) -> Any:
    fig.update_layout(template="plotly_white", margin={"l": 60, "r": 30, "t": 30, "b": 50},
                      font={"family": "system-ui, sans-serif", "size": 13})
    if height is not None:
        fig.update_layout(height=height)
    return fig


def _styled(fig: Any, height: int) -> Any:
    return None if fig is None else _style(fig, height=height)


def _figure_html(fig: Any, div_id: str) -> str:
    import plotly.io as pio

    return pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=div_id,
                       config=_PLOTLY_CONFIG, default_width="100%", default_height=f"{fig.layout.height}px")


# --- HTML pieces ---------------------------------------------------------------------------


def _head(data: ReportData) -> str:
    as_of = f"; data as of {_e(_when(data.data_as_of))}" if data.data_as_of else ""
    source = f" from <code>{_e(data.source)}</code>" if data.source else ""
    return (f"<header><h1>How the government answers written questions</h1>"
            f"<p class=\"meta\">Generated {_e(_when(data.generated_at))}{source}{as_of}.</p></header>")


def _summary_html(data: ReportData) -> str:
    s = data.summary
    share = s.get("share_late")
    median = s.get("median_days_taken")
    cards = [
        ("question sets", f"{s['sets']:,}"),
        ("answered", f"{s['answered']:,}"),
        ("median days taken", "–" if median is None else f"{median:g}"),
        ("answered late (or overdue)", "–" if share is None else f"{share:.0%}"),
        ("overdue now", f"{s['overdue_now']:,}"),
        ("open within term", f"{s['still_open']:,}"),
        ("to check before citing", f"{s['needing_review']:,}"),
        *_how_late_cards(s),
    ]
    if s.get("sources_agree") is not None:
        cards.append(("sources agree (publications and Tweede Kamer records)", f"{s['sources_agree']:.0%}"))
    items = "".join(f'<div class="card"><div class="num">{_e(v)}</div><div>{_e(k)}</div></div>' for k, v in cards)
    span = ""
    if s.get("first_submitted_on"):
        span = (f'<p class="caption">Submitted {_e(str(s["first_submitted_on"]))} to '
                f'{_e(str(s["last_submitted_on"]))}; statuses as of today (Europe/Amsterdam).</p>')
    return f'<section class="summary">{items}</section>{span}'


def _how_late_cards(s: dict[str, Any]) -> list[tuple[str, str]]:
    """How late, not only whether: days past the due date of the late sets, and the shares."""
    def days(v: Any) -> str:
        return "–" if v is None else f"{v:g}"

    def share(v: Any) -> str:
        return "–" if v is None else f"{v:.0%}"

    return [
        ("median days overdue (late sets)", days(s.get("median_days_overdue"))),
        ("90th percentile days overdue", days(s.get("p90_days_overdue"))),
        ("answered within twice the term", share(s.get("share_within_twice_term"))),
        ("with a delay notice", share(s.get("share_with_delay_notice"))),
        ("delay notices after the due date", share(s.get("share_late_delay_notices"))),
    ]


def _overdue_table(rows: list[dict[str, Any]]) -> str:
    flagged = sum(1 for r in rows if r.get("needs_review"))
    check = f'; <span class="review">⚠ {flagged} to check before citing</span>' if flagged else ""
    head = f'<section><h2 id="overdue-now">Overdue now ({len(rows)}{check})</h2>'
    if not rows:
        return head + '<p class="empty">No set is overdue today.</p></section>'
    lines = ["<table id=\"overdue-table\"><thead><tr><th>vraagnummer</th><th>title</th><th>submitted</th>"
             "<th>due</th><th>days overdue</th><th>ministries</th><th>submitted by</th><th>delay notice</th>"
             "</tr></thead><tbody>"]
    for r in rows:
        mark = ""
        if r.get("overridden_fields"):
            fixed = _e(", ".join(r["overridden_fields"]))
            mark = f' <span class="override" title="corrected by hand: {fixed}">*</span>'
        mark += _review_mark(r)
        row_class = ' class="needs-review"' if r.get("needs_review") else ""
        notice = _link(r.get("delay_notice_url"), "notice") if r.get("delay_notice_url") else "none"
        lines.append(
            f"<tr{row_class}>"
            f"<td>{_link(r.get('question_url'), r['vraagnummer'])}{mark}</td>"
            f"<td>{_e(r.get('title') or '')}</td>"
            f"<td>{_e(str(r.get('submitted_on') or ''))}</td>"
            f"<td>{_e(str(r.get('effective_due_on') or ''))}</td>"
            f"<td class=\"n\">{_e(str(r.get('days_overdue')))}</td>"
            f"<td>{_e(', '.join(r.get('ministries') or []))}</td>"
            f"<td>{_e(', '.join(r.get('submitted_by') or []))}</td>"
            f"<td>{notice}</td>"
            "</tr>"
        )
    lines.append("</tbody></table>")
    note = ('<p class="caption">* a fact of this set was corrected by hand (see the <code>overrides_applied</code> '
            'view).</p>') if any(r.get("overridden_fields") for r in rows) else ""
    if flagged:
        note += ('<p class="caption"><span class="review">⚠ check</span>: this verdict rests on something '
                 'uncertain (hover for the reasons; <code>kamervragen review</code> lists them). Check the '
                 'documents before citing it as late.</p>')
    return head + "".join(lines) + note + "</section>"


def _review_mark(r: dict[str, Any]) -> str:
    """'⚠ check' with the unsettled reasons as its tooltip; '✓ checked' for a settled set."""
    if r.get("needs_review"):
        reasons = _e("check before citing: " + "; ".join(r.get("review_open_reasons") or []))
        return f' <span class="review" title="{reasons}">⚠ check</span>'
    if r.get("review_settled_by"):
        why = _e(f"checked by {r['review_settled_by']}: {r.get('review_settled_reason') or ''} "
                 f"({'; '.join(r.get('review_reasons') or [])})")
        return f' <span class="checked" title="{why}">✓ checked</span>'
    return ""


def _foot(term: int, extension: int) -> str:
    return ("<footer><p>Definitions (calendar days, Europe/Amsterdam dates): due = submitted + "
            f"{term} days; after a delay notice the term is {term + extension} days. On time: answered "
            "by the due date; within extension: after it, with a delay notice, by the extended date; late: "
            "after that, or still unanswered past it (overdue). Eerste Kamer and oral questions have no "
            "term. Source: officielebekendmakingen.nl.</p></footer>")


def _link(url: Any, text: Any) -> str:
    label = _e(str(text))
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}" rel="noopener noreferrer">{label}</a>'
    return label


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _dicts(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _data_as_of(con: duckdb.DuckDBPyConnection) -> datetime | None:
    row = con.execute(load_sql("report_data_as_of")).fetchone()
    return row[0] if row else None


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .3rem; }
.meta, .caption { color: #555; font-size: .9rem; margin-top: .2rem; }
.summary { display: flex; flex-wrap: wrap; gap: .8rem; margin-top: 1rem; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .6rem 1rem; min-width: 9rem; }
.card .num { font-size: 1.5rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid #e4e4e4; padding: .3rem .4rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; } .override { color: #b2182b; font-weight: 700; }
.review { color: #8a4b00; font-weight: 700; white-space: nowrap; } .checked { color: #2e6b30; white-space: nowrap; }
tr.needs-review td { background: #fff6e5; }
.empty { color: #777; font-style: italic; } footer { margin-top: 2.5rem; color: #555; font-size: .85rem; }
"""
