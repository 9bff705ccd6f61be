from django.urls import path

from medmassage.homecare import discharge_views, views

app_name = "homecare"

urlpatterns = [
    path("clients/<int:client_id>/", views.program, name="program"),
    path("clients/<int:client_id>/start/", views.start, name="start"),
    path("clients/<int:client_id>/change/", views.change, name="change"),
    path("clients/<int:client_id>/history/", views.history, name="history"),
    path("clients/<int:client_id>/handout.pdf", views.handout, name="handout"),
    path("plans/<int:plan_id>/close/", discharge_views.close, name="close"),
    path("plans/<int:plan_id>/discharge/", discharge_views.summary, name="discharge"),
    path("plans/<int:plan_id>/discharge.pdf", discharge_views.summary_pdf, name="discharge-pdf"),
]
