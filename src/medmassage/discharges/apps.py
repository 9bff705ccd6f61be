from django.apps import AppConfig


class DischargesConfig(AppConfig):
    name = "medmassage.discharges"
    label = "discharges"
    verbose_name = "Discharges"

    def ready(self) -> None:
        from medmassage.discharges.models import DischargeReason
        from medmassage.words.vocabulary import register

        register("discharge_reason", DischargeReason.choices)

        # Discharge summaries are sealed; `audit verify` checks them all.
        from medmassage.discharges.sealing import register_sealed_kinds

        register_sealed_kinds()
