from django.urls import path

from medmassage.frontdesk import appointments, invitations, views

app_name = "frontdesk"

urlpatterns = [
    path("", views.day_list, name="day"),
    path("calendar/day/", views.calendar_day, name="calendar-day"),
    path("calendar/week/", views.calendar_week, name="calendar-week"),
    path("appointments/new/", appointments.book, name="book"),
    path("appointments/<int:appointment_id>/", appointments.appointment_detail, name="appointment"),
    path("appointments/<int:appointment_id>/check-in/", views.check_in, name="check-in"),
    path("appointments/<int:appointment_id>/no-show/", views.no_show, name="no-show"),
    path("appointments/<int:appointment_id>/move/", appointments.move, name="move"),
    path("appointments/<int:appointment_id>/cancel/", appointments.cancel, name="cancel"),
    path("appointments/<int:appointment_id>/visit/", appointments.open_visit, name="open-visit"),
    path(
        "clients/<int:client_id>/portal-invitation/",
        invitations.invite_to_portal,
        name="portal-invite",
    ),
]
