"""Static SVG charts for the site (issue 23), drawn with leather: plain SVG, no script, no external load.

`answer_curve_svg`: the share of sets answered after t days (1 − the Kaplan–Meier S(t)), a step line
from day 0 to day 90, with dashed marks at the term (21 days) and the extended term (42 days).
`outcome_bars_svg`: the six outcome categories as horizontal bars of percentages.
Each chart is an `<svg role="img">` that scales with its container; its text alternative (a caption
and the numbers as a table) is the template's job (templates/chart.html.j2).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import leather

from publish.dutch import OUTCOME_LABELS

HORIZON = 90
WIDTH, HEIGHT = 640, 320
INK = "#1a1a1a"
MUTED = "#555555"
LINE = "#0b5cad"
MARK = "#8a4b00"
BAR = "#0b5cad"

# The site's look (the stylesheet's colours, a system font); leather reads these module settings.
for _name, _value in {"background_color": "#ffffff", "title_color": INK, "legend_color": INK,
                      "axis_title_color": INK, "label_color": MUTED, "tick_color": "#dddddd",
                      "zero_color": MUTED}.items():
    setattr(leather.theme, _name, _value)
for _name in ("title_font_family", "legend_font_family", "axis_title_font_family", "tick_font_family"):
    setattr(leather.theme, _name, "system-ui, sans-serif")


def step_points(curve: Sequence[tuple[int, float]], horizon: int = HORIZON) -> list[tuple[float, float]]:
    """The step line of `curve` ((t, S(t)) at each day something happened, t ascending) as points of
    the share answered (1 − S), from day 0 to `horizon`: flat until each step, then straight up."""
    points: list[tuple[float, float]] = [(0, 0.0)]
    share = 0.0
    for t, survival in curve:
        if t > horizon:
            break
        points.append((t, share))
        share = 1 - survival
        points.append((t, share))
    points.append((horizon, share))
    return points


def answer_curve_svg(curve: Sequence[tuple[int, float]], label_id: str) -> str:
    """The curve "share answered after t days" with the 21- and 42-day marks, labelled by `label_id`."""
    chart = leather.Chart()
    chart.add_x_scale(0, HORIZON)
    chart.add_y_scale(0, 100)
    chart.add_x_axis(ticks=[0, 21, 42, 63, 90], name="dagen na indienen")
    chart.add_y_axis(ticks=[0, 25, 50, 75, 100], tick_formatter=lambda v, i, n: f"{v:g}%", name="beantwoord")
    chart.add_line([(x, round(100 * y, 4)) for x, y in step_points(curve)], name="beantwoord",
                   stroke_color=LINE, width=2)
    for day, name in ((21, "termijn (21 dagen)"), (42, "na uitstel (42 dagen)")):
        chart.add_line([(day, 0), (day, 100)], name=name, stroke_color=MARK, width=1, stroke_dasharray="4 3")
    return _accessible(chart.to_svg(width=WIDTH, height=HEIGHT), label_id)


def outcome_bars_svg(shares: Sequence[tuple[str, float]], label_id: str) -> str:
    """Horizontal bars: (Dutch category label, percentage 0–100) in the order given."""
    chart = leather.Chart()
    chart.add_x_scale(0, 100)
    chart.add_x_axis(ticks=[0, 25, 50, 75, 100], tick_formatter=lambda v, i, n: f"{v:g}%")
    chart.add_bars([(round(share, 4), label) for label, share in shares], fill_color=BAR)
    return _accessible(chart.to_svg(width=WIDTH, height=40 * len(shares) + 60), label_id)


def _accessible(svg: str, label_id: str) -> str:
    """Scale with the container (a viewBox instead of a fixed size), an image labelled by the caption."""
    match = re.match(r'<svg width="(\d+)" height="(\d+)"', svg)
    if match is None:  # leather changed its output: fail loudly rather than publish an unlabelled chart
        raise ValueError("leather's SVG does not start with <svg width=… height=…>")
    width, height = match.groups()
    head = (f'<svg viewBox="0 0 {width} {height}" preserveAspectRatio="xMidYMid meet" role="img" '
            f'aria-labelledby="{label_id}" focusable="false" class="grafiek"')
    return head + svg[match.end():]


def share_after(curve: Sequence[tuple[int, float]], day: int) -> float:
    """1 − S(day): the share answered after `day` days (S is 1 before the first step)."""
    survival = 1.0
    for t, s in curve:
        if t > day:
            break
        survival = s
    return 1 - survival


class AnswerChart:
    """What a page shows of a group's answer times (templates/_macros.html.j2 `answer_charts`) and the
    rows of its two tables (their downloads hold the same rows); the SVGs are drawn only when the
    page is rendered (an unchanged page is not)."""

    MARKS = (7, 14, 21, 28, 42, 60, 90)
    AFTER_COLUMNS = ("t", "survival", "share_answered")
    OUTCOME_COLUMNS = ("outcome", "sets", "share", "questions")

    def __init__(self, stats: dict[str, Any], curve: Sequence[tuple[int, float]], key: str,
                 labels: dict[str, str]) -> None:
        # rounded: DuckDB's sums may differ in the last bits from run to run, and a page is rewritten
        # only when what it shows changes (publish/output.py)
        stats = {k: round(v, 9) if isinstance(v, float) else v for k, v in stats.items()}
        curve = tuple((t, round(s, 9)) for t, s in curve)
        self.stats, self.curve, self.key, self.labels = stats, curve, key, labels
        total = int(stats["sets"] or 0)
        self.outcomes = [{"outcome": name, "sets": int(stats[name] or 0),
                          "share": int(stats[name] or 0) / total if total else None,
                          "questions": stats.get(f"questions_{name}")} for name in labels]
        self.after = [{"t": day, "survival": 1 - share_after(curve, day), "share_answered": share_after(curve, day)}
                      for day in self.MARKS]

    def inputs(self) -> list[object]:
        """What the page is made from (publish/output.py hashes it)."""
        return [self.stats, list(self.curve)]

    def curve_svg(self) -> str:
        return answer_curve_svg(self.curve, f"{self.key}-curve")

    def bars_svg(self) -> str:
        return outcome_bars_svg([(self.labels[o["outcome"]], 100 * (o["share"] or 0)) for o in self.outcomes],
                                f"{self.key}-uitkomst")


def answer_chart(answer_times: dict[tuple[str, str | None], Any], dimension: str,
                 value: str | None) -> AnswerChart | None:
    """The charts of a group (SiteData.answer_times; ('all', None): every set), None when it has no set
    with a term."""
    found = answer_times.get((dimension, value))
    if found is None or not found.stats.get("sets"):
        return None
    return AnswerChart(found.stats, found.curve, "antwoordtijd", OUTCOME_LABELS)
