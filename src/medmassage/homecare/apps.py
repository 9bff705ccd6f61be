from django.apps import AppConfig


class HomecareConfig(AppConfig):
    name = "medmassage.homecare"
    label = "homecare"

    def ready(self) -> None:
        from medmassage.homecare.models import LogStatus
        from medmassage.words.vocabulary import register, register_fields

        register("home_log_status", LogStatus.choices)
        register_fields({"add": "Add an exercise", "doses": "Dose", "drop": "Drop"})
