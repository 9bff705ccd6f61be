from django.urls import URLPattern

app_name = "visits"

urlpatterns: list[URLPattern] = []
