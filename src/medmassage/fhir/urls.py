"""FHIR R4 under /fhir/R4/: metadata, one path per resource type, $everything, the three
$export addresses, and the export's status and files (as Content-Location and the manifest
name them)."""

from __future__ import annotations

from django.urls import URLPattern, path

from medmassage.fhir import export_views, views
from medmassage.fhir.kinds import KINDS

app_name = "fhir"

# The id parameter is named for what it names (a visit, a plan, ...), as every URL here does.
ID_PARAMETERS = {
    "Patient": "patient_id",
    "Practitioner": "membership_id",
    "PractitionerRole": "membership_id",
    "Organization": "organization_id",
    "Encounter": "visit_id",
    "Condition": "condition_id",
    "Observation": "observation_id",
    "QuestionnaireResponse": "measurement_id",
    "Procedure": "procedure_id",
    "CarePlan": "plan_id",
    "Consent": "consent_id",
    "AdverseEvent": "adverse_event_id",
    "DocumentReference": "document_id",
    "ServiceRequest": "referral_id",
}


def _resource_paths() -> list[URLPattern]:
    found = []
    for name in KINDS:
        parameter = ID_PARAMETERS[name]
        found += [
            path(name, views.search_type, {"resource_type": name}, name=f"search-{name}"),
            path(
                f"{name}/<str:{parameter}>",
                views.read_as(parameter),
                {"resource_type": name},
                name=f"read-{name}",
            ),
        ]
    return found


urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("$export", export_views.export_system, name="export"),
    path("Patient/$export", export_views.export_patients, name="export-patients"),
    path("Group/<str:group_id>/$export", export_views.export_group, name="export-group"),
    path("$export-status/<int:export_id>", export_views.export_status, name="export-status"),
    path("$export-file/<int:export_file_id>", export_views.export_file, name="export-file"),
    path("Patient/<str:patient_id>/$everything", views.everything, name="everything"),
    path("Binary/<str:binary_id>", views.binary, name="binary"),
    *_resource_paths(),
]
