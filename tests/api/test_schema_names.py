"""Every schema of the API has its own name: django-ninja names an OpenAPI component after its
class, so two classes of one name would silently document one operation with the other's."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

from medmassage.api.router import api


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_no_two_api_schemas_share_a_name() -> None:
    api.get_openapi_schema()  # every router and its schemas imported
    by_name: dict[str, set[str]] = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("medmassage."):
            by_name[schema.__name__].add(schema.__module__)
    shared = {name: sorted(modules) for name, modules in by_name.items() if len(modules) > 1}
    assert not shared
