from django.urls import path

from medmassage.intake import views

app_name = "intake"

urlpatterns = [
    path("clients/<int:client_id>/", views.intake_list, name="list"),
    path("clients/<int:client_id>/new/", views.intake_new, name="new"),
    path("clients/<int:client_id>/draft/", views.autosave, name="autosave"),
    path("<int:intake_id>/", views.intake_detail, name="detail"),
    path("<int:intake_id>/prompts/", views.answer_prompts, name="answer-prompts"),
    path("red-flag-questions/", views.red_flag_questions, name="red-flag-questions"),
    path("medications/", views.medication_search, name="medication-search"),
]
