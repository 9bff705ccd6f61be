from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class ChartsConfig(AppConfig):
    name = "medmassage.charts"
    label = "charts"
    verbose_name = "Client charts"

    def ready(self) -> None:
        post_migrate.connect(_install_stamp_triggers, sender=self)


def _install_stamp_triggers(using: str = "default", **_: Any) -> None:
    """After every `migrate`: a table a migration rebuilt (SQLite, to alter a column) comes
    back without its triggers; put them in place again (those present are kept)."""
    from medmassage.charts.stamps import install

    install(connections[using])
