from django.apps import AppConfig


class WordsConfig(AppConfig):
    name = "medmassage.words"
    label = "words"
    verbose_name = "Display vocabulary"
