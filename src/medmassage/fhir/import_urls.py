from django.urls import path

from medmassage.fhir import import_views

app_name = "fhir-imports"

urlpatterns = [
    path("", import_views.import_list, name="list"),
    path("<int:staged_import_id>/", import_views.import_detail, name="detail"),
    path("<int:staged_import_id>/confirm/", import_views.confirm, name="confirm"),
    path("<int:staged_import_id>/discard/", import_views.discard, name="discard"),
    path("<int:staged_import_id>/intake/", import_views.intake, name="intake"),
]
