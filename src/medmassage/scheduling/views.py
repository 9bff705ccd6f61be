"""The therapist's calendar feed: the page to create and revoke it, and the feed itself (a
secret address for calendar apps, past the login wall)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.scheduling import feeds
from medmassage.scheduling.models import CalendarFeed


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
