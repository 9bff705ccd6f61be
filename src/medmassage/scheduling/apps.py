from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "medmassage.scheduling"
    label = "scheduling"
    verbose_name = "Appointments"
