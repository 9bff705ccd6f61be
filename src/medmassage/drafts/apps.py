from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "medmassage.drafts"
    label = "drafts"
    verbose_name = "Form drafts"
