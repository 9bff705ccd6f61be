from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "medmassage.fhir"
    label = "fhir"
    verbose_name = "FHIR R4 exchange"

    def ready(self) -> None:
        from medmassage.clients.models import Client
        from medmassage.fhir.models import StagedImport
        from medmassage.recordaccess.records import register

        # The treating-team rule for the pages that name a record by these (the resource reads,
        # whose ids are not the apps' own, check the resource's patient themselves).
        register("patient_id", Client)
        register("staged_import_id", StagedImport)
