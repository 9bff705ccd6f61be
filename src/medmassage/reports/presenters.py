"""The report as the page, the CSV and the API show it: graphs, rounded numbers, links."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from medmassage.interop.svg_bars import Bar, render_share_bars
from medmassage.reports.models import Dimension
from medmassage.reports.queries import FIGURE_FILTERS, Group, OutcomesReport, Period
from medmassage.words.vocabulary import number

SECTION_TITLES: dict[str, str] = {
    Dimension.CONDITION.value: "By condition",
    Dimension.TECHNIQUE.value: "By technique",
    Dimension.THERAPIST.value: "By therapist",
}


@dataclass(frozen=True)
class Row:
    """A group as a row of the page: its figures and the address of each figure's courses."""

    group: Group
    links: dict[str, str]


@dataclass(frozen=True)
class Section:
    dimension: str
    title: str
    rows: list[Row]
    svg: SafeString


def row(report: OutcomesReport, group: Group) -> Row:
    links = {
        figure: drill_url(report.period, group.dimension, group.key, figure)
        for figure in FIGURE_FILTERS
    }
    return Row(group, links if not group.suppressed else {})


def sections(report: OutcomesReport) -> list[Section]:
    """Each dimension with its graph of the share that reached the MCID."""
    return [
        Section(
            dimension,
            SECTION_TITLES[dimension],
            [row(report, group) for group in groups],
            share_chart(groups, dimension),
        )
        for dimension, groups in report.sections.items()
    ]


def share_chart(groups: list[Group], dimension: str) -> SafeString:
    bars = []
    for group in groups:
        figures = group.figures
        share = interval = None
        if figures is not None and figures.judged_clients:
            share = figures.reached_clients / figures.judged_clients
            interval = figures.reached_interval
        bars.append(
            Bar(
                label=group.label,
                share=share,
                low=interval.low if interval else None,
                high=interval.high if interval else None,
                suppressed=group.suppressed,
            )
        )
    title = f"Share reaching the clinically important change, {SECTION_TITLES[dimension].lower()}"
    return mark_safe(render_share_bars(bars, title=title))  # noqa: S308 - escaped by the renderer


def drill_url(period: Period, dimension: str, key: str, figure: str) -> str:
    """The address of the list of courses behind one figure."""
    query = {
        "dimension": dimension,
        "group": key,
        "figure": figure,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }
    return f"{reverse('reports:courses')}?{urlencode(query)}"


def shown(value: Decimal | float | None, *, places: int = 1, unit: str = "") -> str:
    """A figure for people: rounded, or a dash when there is none."""
    return "—" if value is None else f"{number(value, places=places)}{unit}"


CSV_COLUMNS = (
    "dimension",
    "group",
    "label",
    "suppressed",
    "clients",
    "courses_started",
    "courses_completed",
    "courses_dropped_out",
    "courses_judged",
    "courses_reached_mcid",
    "clients_judged",
    "clients_reached_mcid",
    "reached_percent",
    "reached_ci95_low_percent",
    "reached_ci95_high_percent",
    "median_change_percent_of_scale",
    "courses_with_change",
    "median_sessions_to_reach",
    "visits",
    "adverse_events",
    "adverse_events_per_100_visits",
    "adherence_visits_most_or_all_percent",
    "home_sessions_logged",
    "home_adherence_percent",
)


def csv_rows(report: OutcomesReport) -> Iterator[list[str]]:
    """The report as CSV rows (header first); suppressed groups have no numbers."""
    yield list(CSV_COLUMNS)
    for group in [report.total, *(g for gs in report.sections.values() for g in gs)]:
        yield _csv_row(group)


def safe_cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def _csv_row(group: Group) -> list[str]:
    head = [group.dimension, group.key, safe_cell(group.label)]
    f = group.figures
    if f is None:
        return [*head, "yes", *([""] * (len(CSV_COLUMNS) - 4))]
    interval = f.reached_interval
    values: list[object] = [
        f.clients,
        f.started,
        f.completed,
        f.dropped_out,
        f.judged,
        f.reached,
        f.judged_clients,
        f.reached_clients,
        _plain(f.reached_share),
        _plain(interval.low * 100) if interval else "",
        _plain(interval.high * 100) if interval else "",
        _plain(f.median_change),
        f.changes,
        _plain(f.median_sessions),
        f.visits,
        f.adverse_events,
        _plain(f.adverse_per_100),
        _plain(f.adherence_visits),
        f.home_logged,
        _plain(f.adherence_portal),
    ]
    return [*head, "no", *(str(v) for v in values)]


def _plain(value: Decimal | float | None) -> str:
    return "" if value is None else f"{float(value):.2f}"


def csv_text(report: OutcomesReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(csv_rows(report))
    return out.getvalue()
