from django.urls import path

from medmassage.scheduling import views

app_name = "scheduling"

urlpatterns = [
    path("feeds/", views.feed_page, name="feeds"),
    path("feeds/<int:feed_id>/revoke/", views.revoke, name="revoke-feed"),
    path("feed/<str:secret>.ics", views.feed, name="feed"),
    path("settings/", views.booking_settings, name="settings"),
]
