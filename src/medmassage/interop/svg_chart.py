"""One outcome measure over time as an SVG string, for pages and PDF documents alike.

Pure and deterministic (no Django, no clock, no randomness): the same series gives the same
bytes. Text is escaped and no script or external reference is emitted, so the markup can be
inlined into a page under the strict content security policy and into WeasyPrint documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from medmassage.clinical.instruments import Instrument, get_instrument

WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 28, 36
BAND_FILLS = ("#e8f5e9", "#fffde7", "#fff3e0", "#ffebee", "#f3e5f5")
MCID_LABEL = "clinically important change"


@dataclass(frozen=True)
class _Frame:
    """Maps dates and scores to the drawing area."""

    instrument: Instrument
    first: date
    last: date

    def x(self, day: date) -> float:
        span = (self.last - self.first).days
        width = WIDTH - LEFT - RIGHT
        if span == 0:
            return LEFT + width / 2
        return LEFT + width * (day - self.first).days / span

    def y(self, score: float) -> float:
        low, high = self.instrument.min, self.instrument.max
        height = HEIGHT - TOP - BOTTOM
        return TOP + height * (high - score) / (high - low)


def render_measure_chart(
    instrument_id: str,
    series: Sequence[tuple[date, float]],
    *,
    baseline: float | None = None,
    title: str | None = None,
) -> str:
    """Draw the series (dates, scores) with bands, baseline and the clinically important change."""
    instrument = get_instrument(instrument_id)
    points = sorted(series, key=lambda point: point[0])
    if baseline is None and points:
        baseline = points[0][1]
    days = [day for day, _ in points] or [date(2000, 1, 1)]
    frame = _Frame(instrument, days[0], days[-1])
    label = title or instrument.name
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="measure-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'font-family="sans-serif" font-size="10">',
        f"<title>{_text(label)}</title>",
        *_bands(frame),
        *_axes(frame, points),
    ]
    if baseline is not None:
        parts += _baseline(frame, baseline)
        parts += _mcid(frame, baseline)
    parts += _series(frame, points)
    parts.append("</svg>")
    return "".join(parts)


def band_ranges(instrument: Instrument) -> list[tuple[str, float, float]]:
    """Each band as (label, low, high) on the score's scale (NDI's bands are on the raw sum)."""
    factor = 1.0
    if instrument.bands.basis == "prorated_raw_sum":
        raw_max = instrument.items.max_count * max(instrument.items.responses)
        factor = (instrument.max - instrument.min) / raw_max
    ranges, low = [], instrument.min
    for band in instrument.bands.levels:
        high = instrument.min + band.upper * factor if factor != 1.0 else band.upper
        ranges.append((band.label, low, high))
        low = high
    return ranges


def mcid_target(instrument: Instrument, baseline: float) -> float | None:
    """The score a clinically important improvement from this baseline reaches, if one exists."""
    rule = instrument.mcid
    if rule.points is None:
        return None
    size = rule.points
    if rule.percent_of_baseline is not None:  # NPRS: both 2 points and 30 % (policy)
        size = max(size, baseline * rule.percent_of_baseline / 100)
    target = baseline + size if instrument.higher_is_better else baseline - size
    return target if instrument.contains(target) else None


def _bands(frame: _Frame) -> list[str]:
    parts = []
    right = WIDTH - RIGHT
    for index, (label, low, high) in enumerate(band_ranges(frame.instrument)):
        if high <= low:
            continue  # NPRS "none" is the single score 0: no area to shade
        top, bottom = frame.y(high), frame.y(low)
        fill = BAND_FILLS[index % len(BAND_FILLS)]
        parts.append(
            f'<rect class="band" data-band="{_text(label)}" x="{LEFT}" y="{_n(top)}" '
            f'width="{right - LEFT}" height="{_n(bottom - top)}" fill="{fill}"/>'
        )
        parts.append(
            f'<text class="band-label" x="{right - 4}" y="{_n(top + 11)}" text-anchor="end" '
            f'fill="#555">{_text(label)}</text>'
        )
    return parts


def _axes(frame: _Frame, points: Sequence[tuple[date, float]]) -> list[str]:
    low, high = frame.instrument.min, frame.instrument.max
    bottom, right = HEIGHT - BOTTOM, WIDTH - RIGHT
    parts = [
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#333"/>',
        f'<line class="axis" x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>',
    ]
    for value in (low, (low + high) / 2, high):
        parts.append(
            f'<text class="tick" x="{LEFT - 4}" y="{_n(frame.y(value) + 3)}" '
            f'text-anchor="end">{_n(value)}</text>'
        )
    ends = sorted({points[0][0], points[-1][0]}) if points else []
    # The first date reads rightwards from its point, the last leftwards: neither is clipped.
    anchors = ["middle"] if len(ends) == 1 else ["start", "end"][: len(ends)]
    for day, anchor in zip(ends, anchors, strict=True):
        parts.append(
            f'<text class="tick" x="{_n(frame.x(day))}" y="{bottom + 14}" '
            f'text-anchor="{anchor}">{day.isoformat()}</text>'
        )
    if not points:
        parts.append(
            f'<text class="empty" x="{(LEFT + right) // 2}" y="{(TOP + bottom) // 2}" '
            f'text-anchor="middle">No scores yet</text>'
        )
    return parts


def _baseline(frame: _Frame, baseline: float) -> list[str]:
    y = _n(frame.y(baseline))
    return [
        f'<line class="baseline" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" '
        f'stroke="#1565c0" stroke-dasharray="6 3"/>',
        f'<text class="baseline-label" x="{LEFT + 4}" y="{_n(frame.y(baseline) - 3)}" '
        f'fill="#1565c0">baseline {_n(baseline)}</text>',
    ]


def _mcid(frame: _Frame, baseline: float) -> list[str]:
    target = mcid_target(frame.instrument, baseline)
    if target is None:
        return []
    y = _n(frame.y(target))
    return [
        f'<line class="mcid" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" '
        f'stroke="#2e7d32" stroke-dasharray="2 2"/>',
        f'<text class="mcid-label" x="{LEFT + 4}" y="{_n(frame.y(target) + 11)}" '
        f'fill="#2e7d32">{MCID_LABEL} ({_n(target)})</text>',
    ]


def _series(frame: _Frame, points: Sequence[tuple[date, float]]) -> list[str]:
    coordinates = [(frame.x(day), frame.y(score)) for day, score in points]
    parts = []
    if len(coordinates) > 1:
        path = " ".join(f"{_n(x)},{_n(y)}" for x, y in coordinates)
        parts.append(f'<polyline class="trend" points="{path}" fill="none" stroke="#333"/>')
    for (day, score), (x, y) in zip(points, coordinates, strict=True):
        parts.append(
            f'<circle class="point" cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="#333" '
            f'data-date="{day.isoformat()}" data-score="{_n(score)}">'
            f"<title>{day.isoformat()}: {_n(score)}</title></circle>"
        )
    return parts


def _n(value: float) -> str:
    """A number for the markup: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text(value: str) -> str:
    return escape(value, {'"': "&quot;", "'": "&#39;"})
