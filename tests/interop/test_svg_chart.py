"""The SVG graph of one measure: bands, baseline, clinically important change, points."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from medmassage.interop.svg_chart import HEIGHT, TOP, render_measure_chart

SVG = "{http://www.w3.org/2000/svg}"
DAYS = [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 2)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own renderer's output, not untrusted


def of_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in root.iter() if element.get("class") == name]


def y_of(score: float, low: float, high: float) -> float:
    # The plot's vertical mapping, restated: the top edge is the maximum.
    return TOP + (HEIGHT - TOP - 36) * (high - score) / (high - low)


def test_bands_come_from_the_instrument() -> None:
    root = parse(render_measure_chart("odi", list(zip(DAYS, [50, 40, 30], strict=True))))

    bands = of_class(root, "band")
    assert [b.get("data-band") for b in bands] == [
        "minimal",
        "moderate",
        "severe",
        "crippled",
        "bed-bound",
    ]
    assert float(bands[0].get("y") or 0) == pytest.approx(y_of(20, 0, 100), abs=0.01)


def test_ndi_bands_on_the_raw_sum_are_drawn_on_the_percent_scale() -> None:
    root = parse(render_measure_chart("ndi", [(DAYS[0], 42.0)]))

    none_band = of_class(root, "band")[0]
    # Vernon's "none" is a raw sum of 0-4, i.e. 0-8 %.
    assert float(none_band.get("y") or 0) == pytest.approx(y_of(8, 0, 100), abs=0.01)


def test_baseline_and_the_clinically_important_change_are_marked() -> None:
    root = parse(render_measure_chart("nprs", list(zip(DAYS, [6, 5, 3], strict=True))))

    baseline = of_class(root, "baseline")[0]
    mcid = of_class(root, "mcid")[0]
    assert float(baseline.get("y1") or 0) == pytest.approx(y_of(6, 0, 10), abs=0.01)
    # NPRS: 2 points and 30 % of baseline, improving downward: 6 - max(2, 1.8) = 4.
    assert float(mcid.get("y1") or 0) == pytest.approx(y_of(4, 0, 10), abs=0.01)
    label = of_class(root, "mcid-label")[0].text or ""
    assert "clinically important change" in label
    assert "(4)" in label


def test_nprs_thirty_percent_decides_from_a_high_baseline() -> None:
    root = parse(render_measure_chart("nprs", [(DAYS[0], 8.0)]))

    assert "(5.6)" in (of_class(root, "mcid-label")[0].text or "")


def test_where_higher_is_better_the_change_is_marked_above() -> None:
    root = parse(render_measure_chart("lefs", [(DAYS[0], 40.0)]))

    assert "(49)" in (of_class(root, "mcid-label")[0].text or "")
    assert of_class(root, "band") == []  # LEFS has no official bands


def test_no_line_where_no_change_is_established() -> None:
    root = parse(render_measure_chart("pss10", [(DAYS[0], 20.0)]))

    assert of_class(root, "mcid") == []
    assert of_class(root, "baseline")


def test_points_carry_their_dates_and_scores() -> None:
    root = parse(render_measure_chart("nprs", list(zip(DAYS, [6, 5, 3], strict=True))))

    points = of_class(root, "point")
    assert [(p.get("data-date"), p.get("data-score")) for p in points] == [
        ("2026-01-05", "6"),
        ("2026-01-19", "5"),
        ("2026-02-02", "3"),
    ]
    xs = [float(p.get("cx") or 0) for p in points]
    assert xs == sorted(xs)
    assert of_class(root, "trend")


def test_the_same_series_gives_the_same_svg() -> None:
    series = list(zip(DAYS, [6, 5, 3], strict=True))

    assert render_measure_chart("nprs", series) == render_measure_chart("nprs", series[::-1])


def test_text_is_escaped_and_nothing_executable_is_emitted() -> None:
    svg = render_measure_chart("nprs", [(DAYS[0], 4.0)], title='<script>alert("x")</script>')
    root = parse(svg)

    assert root.find(f"{SVG}title").text == '<script>alert("x")</script>'  # type: ignore[union-attr]
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert "<script" not in svg
    assert "href" not in svg
    assert " on" not in svg.lower()


def test_an_empty_series_still_draws_the_axes() -> None:
    root = parse(render_measure_chart("ndi", []))

    assert len(of_class(root, "axis")) == 2
    assert of_class(root, "empty")[0].text == "No scores yet"
    assert of_class(root, "point") == []


def test_a_band_of_a_single_score_is_not_shaded() -> None:
    root = parse(render_measure_chart("nprs", [(DAYS[0], 4.0)]))

    # NPRS "none" is the score 0 alone: nothing to shade, and no label over the axis.
    assert [b.get("data-band") for b in of_class(root, "band")] == ["mild", "moderate", "severe"]
