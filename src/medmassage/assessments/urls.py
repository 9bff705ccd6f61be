from django.urls import path

from medmassage.assessments import views

app_name = "assessments"

urlpatterns = [
    path("clients/<int:client_id>/", views.assessment_list, name="list"),
    path("clients/<int:client_id>/new/", views.assessment_create, name="create"),
    path("<int:assessment_id>/", views.assessment_detail, name="detail"),
]
