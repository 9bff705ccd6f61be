from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "medmassage.messaging"
    label = "messaging"
    verbose_name = "Messages to clients and the clinic"
