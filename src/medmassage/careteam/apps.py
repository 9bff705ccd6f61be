from django.apps import AppConfig


class CareteamConfig(AppConfig):
    name = "medmassage.careteam"
    label = "careteam"
    verbose_name = "Care team"

    def ready(self) -> None:
        from medmassage.careteam.documents import holds_documents
        from medmassage.careteam.models import CareRole, ClearanceOutcome, Profession
        from medmassage.words.vocabulary import register

        register("profession", Profession.choices)
        register("care_role", CareRole.choices)
        register("clearance_outcome", ClearanceOutcome.choices)
        holds_documents("careteam.Clearance")
