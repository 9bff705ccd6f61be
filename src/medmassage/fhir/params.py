"""Search parameters as Django filters: dates with FHIR's prefixes, tokens, references, strings.

Each filter takes one parameter value (commas meaning OR) and returns a Q, or raises FhirError
(400) naming what is wrong with the value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from django.db.models import Q

from medmassage.fhir.errors import FhirError

Filter = Callable[[str], Q]
NOTHING = Q(pk__in=[])

_DATE = re.compile(
    r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:T(?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?P<zone>Z|[+-]\d{2}:\d{2})?)?)?)?$"
)
_PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap")


def _either(values: list[Q]) -> Q:
    found = NOTHING
    for value in values:
        found = value if found is NOTHING else found | value
    return found


def parse_instant(text: str, *, name: str) -> tuple[dt.datetime, dt.datetime]:
    """The span a FHIR date, dateTime or instant covers: [start, end), in UTC when no zone."""
    match = _DATE.match(text)
    if match is None:
        raise FhirError(
            400, f"{name}: {text!r} is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime)"
        )
    try:
        return _span(match)
    except ValueError as error:
        raise FhirError(400, f"{name}: {text!r} is not a real date ({error})") from None


def _span(match: re.Match[str]) -> tuple[dt.datetime, dt.datetime]:
    year, month, day = int(match["year"]), int(match["month"] or 1), int(match["day"] or 1)
    if match["time"]:
        zone = dt.UTC if match["zone"] in (None, "Z") else _offset(match["zone"])
        start = dt.datetime.fromisoformat(
            f"{match['year']}-{match['month']}-{match['day']}T{match['time']}"
        ).replace(tzinfo=zone)
        precision = (
            dt.timedelta(seconds=1) if match["time"].count(":") == 2 else dt.timedelta(minutes=1)
        )
        return start, start + precision
    start = dt.datetime(year, month, day, tzinfo=dt.UTC)
    if match["day"]:
        return start, start + dt.timedelta(days=1)
    if match["month"]:
        return start, dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=dt.UTC)
    return start, dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)


def _offset(text: str) -> dt.tzinfo:
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def date_filter(field: str, *, is_date: bool = False) -> Filter:
    """`date=ge2025-01-01`, `date=2025-03` (the whole month), with FHIR's prefixes."""

    def build(value: str) -> Q:
        return _either([_date_q(field, part, is_date=is_date) for part in value.split(",")])

    return build


def _date_q(field: str, value: str, *, is_date: bool) -> Q:
    prefix = value[:2] if value[:2] in _PREFIXES else "eq"
    text = value[2:] if value[:2] in _PREFIXES else value
    start, end = parse_instant(text, name="date")
    low: dt.date | dt.datetime = start
    high: dt.date | dt.datetime = end
    if is_date:
        low, high = (
            start.date(),
            end.date() if end.time() == dt.time(0) else end.date() + dt.timedelta(days=1),
        )
    within = Q(**{f"{field}__gte": low, f"{field}__lt": high})
    return {
        "eq": within,
        "ap": within,
        "ne": ~within,
        "gt": Q(**{f"{field}__gte": high}),
        "sa": Q(**{f"{field}__gte": high}),
        "ge": Q(**{f"{field}__gte": low}),
        "lt": Q(**{f"{field}__lt": low}),
        "eb": Q(**{f"{field}__lt": low}),
        "le": Q(**{f"{field}__lt": high}),
    }[prefix]


CodeMatch = Callable[[str | None, str], Q | None]


def token_filter(match: CodeMatch) -> Filter:
    """`code=system|code`, `code=|code` or `code=code`; `match` turns one into a Q (None: no
    row can have it)."""

    def build(value: str) -> Q:
        found = []
        for part in value.split(","):
            before, bar, after = part.partition("|")
            system = before if bar else None
            code = (after if bar else part).strip()
            q = match(system, code) if code else None
            if q is not None:
                found.append(q)
        return _either(found)

    return build


def codes(field: str, system: str | None, values: Mapping[str, str] | None = None) -> CodeMatch:
    """A token held in one column, in one code system (FHIR codes mapped to stored values)."""

    def match(asked_system: str | None, code: str) -> Q | None:
        if asked_system is not None and asked_system != (system or ""):
            return None
        stored = values.get(code) if values is not None else code
        return None if stored is None else Q(**{field: stored})

    return match


def status_filter(field: str, values: Mapping[str, str | tuple[str, ...]]) -> Filter:
    """`status=active,completed`: FHIR statuses mapped to the stored ones."""

    def build(value: str) -> Q:
        stored: list[str] = []
        for part in value.split(","):
            mapped = values.get(part.strip())
            stored += [mapped] if isinstance(mapped, str) else list(mapped or ())
        return Q(**{f"{field}__in": stored}) if stored else NOTHING

    return build


def reference_filter(field: str, resource_type: str) -> Filter:
    """`patient=Patient/12` or `patient=12`."""

    def build(value: str) -> Q:
        ids = []
        for part in value.split(","):
            text = part.strip().rsplit("/", 2)
            if len(text) >= 2 and text[-2] != resource_type:
                continue
            if text[-1].isdigit():
                ids.append(int(text[-1]))
        return Q(**{f"{field}__in": ids}) if ids else NOTHING

    return build


def string_filter(*fields: str) -> Filter:
    """`name=ada`: starts with, ignoring case, in any of the fields."""

    def build(value: str) -> Q:
        return _either([Q(**{f"{field}__istartswith": value.strip()}) for field in fields])

    return build


def boolean_filter(field: str) -> Filter:
    def build(value: str) -> Q:
        if value not in ("true", "false"):
            raise FhirError(400, f"expected true or false, not {value!r}")
        return Q(**{field: value == "true"})

    return build


def fixed_filter(*accepted: str) -> Filter:
    """A parameter every row answers the same way (all observations are final)."""

    def build(value: str) -> Q:
        return Q() if any(part.strip() in accepted for part in value.split(",")) else NOTHING

    return build


def has_coding(resource_field: str) -> Callable[[dict[str, object], str], bool]:
    """A token matched against a built resource's codings (for rows holding several)."""

    def keep(resource: dict[str, object], value: str) -> bool:
        concept = resource.get(resource_field)
        found = concept.get("coding", []) if isinstance(concept, dict) else []
        for part in value.split(","):
            before, bar, after = part.partition("|")
            system, code = (before or None, after) if bar else (None, part)
            for item in found:
                if item.get("code") == code.strip() and system in (None, item.get("system")):
                    return True
        return False

    return keep
