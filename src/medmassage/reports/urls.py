from django.urls import path

from medmassage.reports import views, views_research

app_name = "reports"

urlpatterns = [
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes/courses/", views.courses, name="courses"),
    path("outcomes/report.csv", views.outcomes_csv, name="outcomes-csv"),
    path("outcomes/research/", views_research.exports, name="research"),
    path(
        "outcomes/research/<int:research_export_id>/download/",
        views_research.download,
        name="research-download",
    ),
]
