"""The scale benchmark's measuring side: each page's time and queries on the current database,
and a bare view doing the chart's reads, to compare the full stack with under load.

Runs inside one Django process pointed (DATABASE_URL) at a generated practice; the command
`bench_scale` builds the databases, runs this on each and prints the comparison.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from medmassage.accounts.models import Clinic, Membership, Role, User
from medmassage.accounts.sessions import start as start_session
from medmassage.charts.copies import CACHE as CHART_COPIES
from medmassage.clients.models import Client
from medmassage.outcomes.models import Measurement
from medmassage.tenancy import clinic_scope, unscoped
from medmassage.visits.models import TreatmentGiven, Visit, VisitStatus


@dataclass(frozen=True)
class Sample:
    client: int
    visit: int
    plan: int
    search: str


@dataclass(frozen=True)
class Page:
    name: str
    path: Callable[[Sample], str]
    form: Callable[[Sample], dict[str, str]] | None = None  # sent as a POST (search)
    # Before each request, outside the clock: the chart computed (no kept copy), as at its
    # first opening after a change.
    fresh: bool = False


PAGES = (
    Page("chart", lambda s: reverse("charts:client", args=[s.client])),
    Page("chart, computed", lambda s: reverse("charts:client", args=[s.client]), fresh=True),
    Page("client list", lambda s: reverse("clients:list")),
    Page("client search", lambda s: reverse("clients:list"), lambda s: {"q": s.search}),
    Page("dashboard", lambda s: reverse("dashboard:home")),
    Page("visit list", lambda s: reverse("visits:list", args=[s.client])),
    Page("visit page", lambda s: reverse("visits:detail", args=[s.visit])),
    Page("plan page", lambda s: reverse("plans:detail", args=[s.plan])),
    Page("progress", lambda s: reverse("outcomes:progress", args=[s.client])),
    Page("API me", lambda s: "/api/v1/me"),
    Page("API client", lambda s: f"/api/v1/clients/{s.client}"),
    Page("API client search", lambda s: f"/api/v1/clients?q={s.search}"),
    Page("API visit", lambda s: f"/api/v1/visits/{s.visit}"),
)


def bench_clinic() -> Clinic:
    """The generated clinic measured: the first one (all are alike)."""
    clinic = Clinic.objects.filter(slug__startswith="scale-").order_by("id").first()
    if clinic is None:
        raise RuntimeError("No generated clinic: run generate_practice first")
    return clinic


def therapist_of(clinic: Clinic) -> Membership:
    return (
        Membership.objects.select_related("user")
        .filter(clinic=clinic, role=Role.THERAPIST)
        .order_by("id")
        .first()
    ) or Membership.objects.get(clinic=clinic, role=Role.OWNER)


def samples(clinic: Clinic, count: int) -> list[Sample]:
    """Clients with a typical history (the median visit count or more), spread over the ids."""
    with clinic_scope(clinic):
        busy = (
            Visit.objects.filter(status=VisitStatus.SIGNED)
            .values("client_id")
            .annotate(n=Count("id"))
            .filter(n__gte=2)
            .order_by("client_id")
            .values_list("client_id", flat=True)
        )
        ids = list(busy[: count * 20 : 20]) or list(busy[:count])
        picked = []
        for client_id in ids[:count]:
            visit = Visit.objects.filter(client_id=client_id).order_by("-started_at").first()
            client = Client.objects.get(pk=client_id)
            if visit is not None:
                picked.append(Sample(client_id, visit.pk, visit.plan_id, client.family_key[:3]))
    return picked


@dataclass(frozen=True)
class Measured:
    page: str
    median_ms: float
    p95_ms: float
    cpu_ms: float
    queries: int


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_pages(*, rounds: int, sample_count: int) -> list[Measured]:
    """Each page over the samples, `rounds` times, after one warming pass."""
    with unscoped():
        clinic = bench_clinic()
        member = therapist_of(clinic)
        picked = samples(clinic, sample_count)
    browser = signed_in(member.user)
    results = []
    for page in PAGES:
        for sample in picked:  # warm: caches, the session's touch
            _open(browser, page, sample)
        wall, cpu = [], []
        for _ in range(rounds):
            for sample in picked:
                if page.fresh:
                    caches[CHART_COPIES].clear()
                started, started_cpu = time.perf_counter(), time.process_time()
                _open(browser, page, sample)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        if page.fresh:
            caches[CHART_COPIES].clear()
        with CaptureQueriesContext(connection) as captured:
            _open(browser, page, picked[0])
        results.append(
            Measured(
                page=page.name,
                median_ms=statistics.median(wall),
                p95_ms=percentile(wall, 0.95),
                cpu_ms=statistics.median(cpu),
                queries=len(captured.captured_queries),
            )
        )
    return results


def signed_in(user: User) -> Browser:
    """A browser signed in as the user, its session stamped as at a real sign-in."""
    browser = Browser(HTTP_HOST="127.0.0.1")
    browser.force_login(user)
    session = browser.session
    start_session(session)
    # Past the second factor, as after entering an authenticator's code.
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="scale benchmark", defaults={"confirmed": True}
    )
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return browser


def _open(browser: Browser, page: Page, sample: Sample) -> None:
    path = page.path(sample)
    if page.form is None:
        _get(browser, path)
        return
    response = browser.post(path, page.form(sample))
    if response.status_code != 200:
        raise RuntimeError(f"POST {path} answered {response.status_code}")


def _get(browser: Browser, path: str) -> None:
    response = browser.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")


def session_for_load() -> dict[str, Any]:
    """A signed-in therapist's session cookie and the paths the load client requests."""
    with unscoped():
        clinic = bench_clinic()
        member = therapist_of(clinic)
        picked = samples(clinic, 50)
    browser = signed_in(member.user)
    _get(browser, reverse("dashboard:home"))
    session = browser.session
    assert session[SESSION_KEY] == str(member.user.pk)
    return {
        "cookie": browser.cookies["sessionid"].value,
        "chart": [reverse("charts:client", args=[s.client]) for s in picked],
        "bare": [reverse("bench-bare", args=[s.client]) for s in picked],
    }


@login_not_required
@require_GET
def bare_chart(request: HttpRequest, client_id: int) -> HttpResponse:
    """The chart's reads with nothing around them: no session, policy, audit or template.

    The same client, latest visits with their treatment rows and pain scores, as JSON: what the
    full stack is compared with under load.
    """
    with unscoped():
        client = Client.objects.filter(pk=client_id).values("clinic_id", "given_name").first()
        if client is None:
            return JsonResponse({}, status=404)
        clinic = client["clinic_id"]
        visits = list(
            Visit.objects.for_clinic(clinic)
            .filter(client_id=client_id)
            .order_by("-started_at")
            .values("id", "started_at", "status", "pain_today")[:20]
        )
        treatments = list(
            TreatmentGiven.objects.for_clinic(clinic)
            .filter(visit_id__in=[v["id"] for v in visits])
            .values("visit_id", "technique", "minutes")
        )
        scores = list(
            Measurement.objects.for_clinic(clinic)
            .filter(client_id=client_id)
            .order_by("-administered_at")
            .values("instrument", "score")[:20]
        )
    return JsonResponse(
        {"client": client, "visits": visits, "treatments": treatments, "scores": scores},
        json_dumps_params={"default": str},
    )
