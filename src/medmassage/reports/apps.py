from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "medmassage.reports"
    label = "reports"
    verbose_name = "Practice reports"

    def ready(self) -> None:
        from medmassage import course_figures
        from medmassage.reports.summaries import refresh_client_courses

        course_figures.provide(refresh_client_courses)
