from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "medmassage.plans"
    label = "plans"

    def ready(self) -> None:
        # Approved plans are sealed; `audit verify` checks them all.
        from medmassage.plans.sealing import register_sealed_kinds

        register_sealed_kinds()
