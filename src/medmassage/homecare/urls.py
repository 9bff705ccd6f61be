from django.urls import path

from medmassage.homecare import views

app_name = "homecare"

urlpatterns = [
    path("clients/<int:client_id>/", views.program, name="program"),
    path("clients/<int:client_id>/start/", views.start, name="start"),
    path("clients/<int:client_id>/change/", views.change, name="change"),
    path("clients/<int:client_id>/history/", views.history, name="history"),
    path("clients/<int:client_id>/handout.pdf", views.handout, name="handout"),
]
