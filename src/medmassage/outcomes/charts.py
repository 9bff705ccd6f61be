"""Progress as the pages and PDFs draw it: each measure's SVG graph next to its numbers."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from medmassage.interop.svg_chart import render_measure_chart
from medmassage.outcomes.progress import MeasureProgress


@dataclass(frozen=True)
class ChartedMeasure:
    measure: MeasureProgress
    svg: SafeString


def chart(measure: MeasureProgress) -> ChartedMeasure:
    """The measure with its graph; the renderer escapes every text, so the SVG is safe."""
    series = [(point.on, float(point.score)) for point in measure.series]
    svg = render_measure_chart(measure.instrument, series, baseline=float(measure.baseline))
    return ChartedMeasure(measure, mark_safe(svg))  # noqa: S308 - escaped by the renderer
