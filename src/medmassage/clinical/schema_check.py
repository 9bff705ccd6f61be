"""A small validator for the JSON Schema subset our documents use, naming the failing field.

The intake and practitioner parsers validate with this against the very schema that
`medmassage schema` publishes, so the published schema and the parser cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

JSON = Any
Schema = Mapping[str, Any]
_TYPES: dict[str, Callable[[object], bool]] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SchemaError(ValueError):
    """The document breaks its schema; the message starts with the JSON path of the field."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path or '(document)'}: {message}")
        self.path = path


def join(path: str, key: str | int) -> str:
    """The JSON path of a member (`a.b`) or an item (`a[0]`)."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def validate(value: JSON, schema: Schema, path: str = "") -> None:
    """Raise SchemaError for the first place `value` breaks `schema`."""
    if "anyOf" in schema or "oneOf" in schema:
        _validate_alternatives(value, schema, path)
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else types
        if not any(_TYPES[name](value) for name in names):
            raise SchemaError(path, f"expected {' or '.join(names)}, got {_show(value)}")
    if "const" in schema and not _same(value, schema["const"]):
        raise SchemaError(path, f"must be {_show(schema['const'])}, got {_show(value)}")
    if "enum" in schema and not any(_same(value, choice) for choice in schema["enum"]):
        choices = ", ".join(str(choice) for choice in schema["enum"])
        raise SchemaError(path, f"{_show(value)} is not one of {choices}")
    if isinstance(value, dict):
        _validate_object(value, schema, path)
    elif isinstance(value, list):
        _validate_array(value, schema, path)
    elif isinstance(value, str):
        _validate_string(value, schema, path)
    elif _TYPES["number"](value):
        _validate_number(value, schema, path)


def _validate_alternatives(value: JSON, schema: Schema, path: str) -> None:
    options = schema.get("anyOf") or schema.get("oneOf") or []
    errors = []
    for option in options:
        try:
            validate(value, option, path)
        except SchemaError as error:
            errors.append(error)
        else:
            return
    # The error of the alternative of the value's own type is the most telling one.
    typed = [
        error
        for option, error in zip(options, errors, strict=True)
        if "type" not in option or _TYPES[option["type"]](value)
    ]
    raise (typed or errors)[0]


def _same(value: object, expected: object) -> bool:
    """JSON equality: 0 is not false and 1 is not true (Python's == says they are)."""
    return value == expected and isinstance(value, bool) == isinstance(expected, bool)


def _validate_object(value: dict[str, JSON], schema: Schema, path: str) -> None:
    for key in schema.get("required", ()):
        if key not in value:
            raise SchemaError(join(path, key), "is required")
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, member in value.items():
        if key in properties:
            validate(member, properties[key], join(path, key))
        elif extra is False:
            known = ", ".join(properties)
            raise SchemaError(join(path, key), f"is not a known field (known: {known})")
        elif isinstance(extra, dict):
            validate(member, extra, join(path, key))


def _validate_array(value: list[JSON], schema: Schema, path: str) -> None:
    if len(value) < schema.get("minItems", 0):
        raise SchemaError(path, f"needs at least {schema['minItems']} item(s)")
    items = schema.get("items")
    if items is not None:
        for index, item in enumerate(value):
            validate(item, items, join(path, index))


def _validate_string(value: str, schema: Schema, path: str) -> None:
    if len(value) < schema.get("minLength", 0):
        raise SchemaError(path, "must not be empty")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        raise SchemaError(path, f"{_show(value)} does not match {schema['pattern']}")
    if schema.get("format") == "date":
        try:
            if not _DATE.match(value):
                raise ValueError(value)
            dt.date.fromisoformat(value)
        except ValueError:
            raise SchemaError(path, f"{_show(value)} is not a date (YYYY-MM-DD)") from None


def _validate_number(value: float, schema: Schema, path: str) -> None:
    if "minimum" in schema and value < schema["minimum"]:
        raise SchemaError(path, f"{value} is below the minimum {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        raise SchemaError(path, f"{value} is above the maximum {schema['maximum']}")


def _show(value: JSON) -> str:
    return repr(value) if isinstance(value, str) else json.dumps(value)
