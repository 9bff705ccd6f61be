from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "medmassage.fhir"
    label = "fhir"
    verbose_name = "FHIR R4 exchange"
