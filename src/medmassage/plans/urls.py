from django.urls import path

from medmassage.plans import views

app_name = "plans"

urlpatterns = [
    path("clients/<int:client_id>/", views.plan_list, name="list"),
    path("clients/<int:client_id>/draft/", views.draft, name="draft"),
    path("<int:plan_id>/", views.detail, name="detail"),
    path("<int:plan_id>/edit/", views.edit, name="edit"),
    path("<int:plan_id>/draft/", views.autosave, name="autosave"),
    path("<int:plan_id>/approve/", views.approve, name="approve"),
    path("<int:plan_id>/revise/", views.revise, name="revise"),
]
