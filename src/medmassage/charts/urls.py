from django.urls import path

from medmassage.charts import views

app_name = "charts"

urlpatterns = [
    path("<int:client_id>/", views.client_chart, name="client"),
]
