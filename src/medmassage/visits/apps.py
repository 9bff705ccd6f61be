from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "medmassage.visits"
    label = "visits"

    def ready(self) -> None:
        # Signed notes and addenda are sealed; `audit verify` checks them all.
        from medmassage.visits.sealing import register_sealed_kinds

        register_sealed_kinds()
