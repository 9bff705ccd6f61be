from django.urls import path

from medmassage.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("clients/<int:client_id>/", views.measurement_list, name="list"),
    path("clients/<int:client_id>/progress/", views.progress, name="progress"),
    path("clients/<int:client_id>/new/", views.measurement_record, name="record"),
    path("<int:measurement_id>/", views.measurement_detail, name="detail"),
    path("questionnaire-fields/", views.questionnaire_fields, name="questionnaire-fields"),
]
