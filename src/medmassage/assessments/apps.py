from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "medmassage.assessments"
    label = "assessments"
