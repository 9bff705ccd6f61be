from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "medmassage.messaging"
    label = "messaging"
    verbose_name = "Messages to clients and the clinic"

    def ready(self) -> None:
        from medmassage.messaging.models import Kind, Status
        from medmassage.words.vocabulary import register

        register("message_kind", Kind.choices)
        register("message_status", Status.choices)
