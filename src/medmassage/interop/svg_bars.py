"""Shares with their 95 % intervals as horizontal bars, one row per group, as an SVG string.

Pure and deterministic like svg_chart.py (no Django, no clock): the same rows give the same
bytes; text is escaped and nothing external is referenced, so it can be inlined under the
strict content security policy and into PDF documents. A suppressed group gets a row saying
so and no bar; a group without a share gets a row saying that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH = 560
LABEL_WIDTH = 200
RIGHT = 56
ROW = 30
TOP, BOTTOM = 8, 30


@dataclass(frozen=True)
class Bar:
    label: str
    share: float | None  # 0-1; None: no share (nothing judged)
    low: float | None = None
    high: float | None = None
    suppressed: bool = False


def render_share_bars(bars: Sequence[Bar], *, title: str) -> str:
    """One row per bar: the label, the share as a bar, its interval as a whisker, the %."""
    height = TOP + ROW * max(len(bars), 1) + BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="share-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'font-family="sans-serif" font-size="11">',
        f"<title>{_text(title)}</title>",
        *_scale(height),
    ]
    for index, bar in enumerate(bars):
        parts += _row(index, bar)
    parts.append("</svg>")
    return "".join(parts)


def _x(share: float) -> float:
    return LABEL_WIDTH + (WIDTH - LABEL_WIDTH - RIGHT) * share


def _scale(height: int) -> list[str]:
    bottom = height - BOTTOM
    parts = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = _n(_x(tick))
        parts.append(
            f'<line class="grid" x1="{x}" y1="{TOP}" x2="{x}" y2="{bottom}" stroke="#ccc"/>'
        )
        parts.append(
            f'<text class="tick" x="{x}" y="{bottom + 14}" text-anchor="middle">'
            f"{round(tick * 100)} %</text>"
        )
    return parts


def _row(index: int, bar: Bar) -> list[str]:
    top = TOP + index * ROW
    middle = top + ROW / 2
    parts = [
        f'<text class="bar-label" x="{LABEL_WIDTH - 6}" y="{_n(middle + 4)}" '
        f'text-anchor="end">{_text(_short(bar.label))}</text>'
    ]
    if bar.suppressed or bar.share is None:
        note = "suppressed (see the table)" if bar.suppressed else "not judged yet"
        parts.append(
            f'<text class="bar-note" x="{LABEL_WIDTH + 4}" y="{_n(middle + 4)}" '
            f'fill="#555">{note}</text>'
        )
        return parts
    parts.append(
        f'<rect class="bar" x="{LABEL_WIDTH}" y="{_n(top + 6)}" '
        f'width="{_n(_x(bar.share) - LABEL_WIDTH)}" height="{ROW - 12}" fill="#2e7d32">'
        f"<title>{_text(bar.label)}: {_percent(bar.share)}</title></rect>"
    )
    if bar.low is not None and bar.high is not None:
        low, high = _n(_x(bar.low)), _n(_x(bar.high))
        y = _n(middle)
        parts += [
            f'<line class="interval" x1="{low}" y1="{y}" x2="{high}" y2="{y}" stroke="#111"/>',
            f'<line class="interval" x1="{low}" y1="{_n(middle - 5)}" x2="{low}" '
            f'y2="{_n(middle + 5)}" stroke="#111"/>',
            f'<line class="interval" x1="{high}" y1="{_n(middle - 5)}" x2="{high}" '
            f'y2="{_n(middle + 5)}" stroke="#111"/>',
        ]
    parts.append(
        f'<text class="bar-value" x="{WIDTH - RIGHT + 6}" y="{_n(middle + 4)}">'
        f"{_percent(bar.share)}</text>"
    )
    return parts


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text(value: str) -> str:
    return escape(value, {'"': "&quot;", "'": "&#39;"})
