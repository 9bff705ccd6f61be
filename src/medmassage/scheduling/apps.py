from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "medmassage.scheduling"
    label = "scheduling"
    verbose_name = "Appointments"

    def ready(self) -> None:
        from medmassage.scheduling.models import Source, Status
        from medmassage.words.vocabulary import register

        register("appointment_status", Status.choices)
        register("booking_source", Source.choices)
