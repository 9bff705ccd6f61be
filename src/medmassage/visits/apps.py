from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "medmassage.visits"
    label = "visits"

    def ready(self) -> None:
        from medmassage.visits.models import (
            Adherence,
            Adjustment,
            AdverseKind,
            FeedbackKind,
            Severity,
        )
        from medmassage.words.vocabulary import register

        register("feedback_kind", FeedbackKind.choices)
        register("adjustment", Adjustment.choices)
        register("adverse_kind", AdverseKind.choices)
        register("severity", Severity.choices)
        register("adherence", Adherence.choices)

        # Signed notes and addenda are sealed; `audit verify` checks them all.
        from medmassage.visits.sealing import register_sealed_kinds

        register_sealed_kinds()
