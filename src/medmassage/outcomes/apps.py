from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "medmassage.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from medmassage.outcomes.models import Context
        from medmassage.words.vocabulary import register

        register("measure_context", Context.choices)
