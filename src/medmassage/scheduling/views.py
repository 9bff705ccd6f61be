"""The therapist's calendar feed: the page to create and revoke it, and the feed itself (a
secret address for calendar apps, past the login wall); the owner's booking settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.problems import DOMAIN_ERRORS, problem_errors, problem_message
from medmassage.scheduling import feeds
from medmassage.scheduling.models import CalendarFeed
from medmassage.scheduling.queries import get_policy
from medmassage.scheduling.settings import BookingSettings, set_booking_policy


def _own_feeds(request: ClinicRequest) -> list[CalendarFeed]:
    return list(
        CalendarFeed.objects.for_clinic(request.clinic).filter(therapist=request.membership)
    )


@require_http_methods(["GET", "POST"])
@require_clinic
def feed_page(request: ClinicRequest) -> HttpResponse:
    """The therapist's feed addresses: make a new one (shown once here), revoke old ones."""
    policy.require(request.membership, "appointments.feed")
    address = None
    if request.method == "POST":
        _, secret = feeds.create_feed(by=request.actor)
        address = settings.SITE_URL + reverse("scheduling:feed", args=[secret])
    context = {"feeds": _own_feeds(request), "address": address}
    return render(request, "scheduling/feeds.html", context)


@require_POST
@require_clinic
def revoke(request: ClinicRequest, feed_id: int) -> HttpResponse:
    """Stop one of the therapist's own feed addresses."""
    policy.require(request.membership, "appointments.feed")
    feed = next((f for f in _own_feeds(request) if f.pk == feed_id), None)
    if feed is None:
        raise Http404("No such feed")
    feeds.revoke_feed(feed=feed, by=request.actor)
    return redirect("scheduling:feeds")


@login_not_required
@require_GET
def feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The iCalendar of a live feed's therapist (initials only); 404 once revoked."""
    found = feeds.feed_for_secret(secret)
    if found is None:
        raise Http404("No such calendar")
    response = HttpResponse(feeds.calendar_text(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="appointments.ics"'
    return response


@require_http_methods(["GET", "POST"])
@require_clinic
def booking_settings(request: ClinicRequest) -> HttpResponse:
    """Online booking on or off, the cancellation notice, when reminders go (the owner's)."""
    policy.require(request.membership, "appointments.settings")
    context: dict[str, Any] = {"policy": get_policy(request.clinic), "posted": None, "errors": {}}
    if request.method == "POST":
        post = request.POST
        try:
            set_booking_policy(
                by=request.actor,
                settings=BookingSettings(
                    online_booking=post.get("online_booking") == "1",
                    cancel_notice_hours=post.get("cancel_notice_hours", ""),
                    reminder_hours=post.get("reminder_hours", ""),
                ),
            )
        except DOMAIN_ERRORS as error:
            context |= {
                "posted": post,
                "errors": problem_errors(error) or {},
                "problem": problem_message(error),
            }
            return render(request, "scheduling/settings.html", context, status=422)
        messages.success(request, "Booking settings saved.")
        return redirect("scheduling:settings")
    return render(request, "scheduling/settings.html", context)
