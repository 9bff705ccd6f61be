from django.urls import path

from medmassage.visits import views

app_name = "visits"

urlpatterns = [
    path("clients/<int:client_id>/", views.visit_list, name="list"),
    path("clients/<int:client_id>/check-in/", views.check_in, name="check-in"),
    path("<int:visit_id>/", views.detail, name="detail"),
    path("<int:visit_id>/save/", views.save, name="save"),
    path("<int:visit_id>/draft/", views.autosave, name="autosave"),
    path("<int:visit_id>/feedback/", views.feedback, name="feedback"),
    path("<int:visit_id>/sign/", views.sign, name="sign"),
    path("<int:visit_id>/addenda/", views.addendum, name="addendum"),
    path("<int:visit_id>/adverse-events/", views.adverse_event, name="adverse-event"),
    path(
        "adverse-events/<int:adverse_event_id>/review/",
        views.review_adverse_event,
        name="review-adverse-event",
    ),
]
