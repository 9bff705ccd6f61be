from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "medmassage.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
