from django.contrib import admin
from django.urls import include, path

from medmassage.accounts.views import health
from medmassage.api.router import api, api_urls

urlpatterns = [
    path("", include("medmassage.dashboard.urls")),
    path("accounts/", include("medmassage.accounts.urls")),
    path("clients/", include("medmassage.clients.urls")),
    path("clients/", include("medmassage.charts.urls")),
    path("practitioners/", include("medmassage.practitioners.urls")),
    path("intake/", include("medmassage.intake.urls")),
    path("assessments/", include("medmassage.assessments.urls")),
    path("outcomes/", include("medmassage.outcomes.urls")),
    path("plans/", include("medmassage.plans.urls")),
    path("visits/", include("medmassage.visits.urls")),
    path("homecare/", include("medmassage.homecare.urls")),
    path("plans/", include("medmassage.discharges.urls")),
    path("providers/", include("medmassage.careteam.urls")),
    path("referrals/", include("medmassage.referrals.urls")),
    path("admin/", admin.site.urls),
    path("portal/", include("medmassage.portal.urls")),
    path("billing/", include("medmassage.billing.urls")),
    path("frontdesk/", include("medmassage.frontdesk.urls")),
    path("calendar/", include("medmassage.scheduling.urls")),
    path("reports/", include("medmassage.reports.urls")),
    path("api/v1/", api_urls(api)),
    path("health/", health, name="health"),
    path("accounts/mfa/", include("medmassage.mfa.urls")),
    path("security/", include("medmassage.recordaccess.urls")),
    path("fhir/R4/", include("medmassage.fhir.urls")),
    path("fhir/imports/", include("medmassage.fhir.import_urls")),
    path("messages/", include("medmassage.messaging.urls")),
]
