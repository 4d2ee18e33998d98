from django.contrib import admin
from django.urls import include, path, re_path

from commissioning.api.errors import api_not_found

handler403 = "commissioning.core.views.permission_denied"
handler404 = "commissioning.core.views.page_not_found"
handler500 = "commissioning.core.views.server_error"

urlpatterns = [
    path("api/v1/", include("commissioning.api.urls")),
    re_path(r"^api/", api_not_found),
    path("admin/", admin.site.urls),
    path("", include("commissioning.accounts.urls")),
    path("", include("commissioning.organisations.urls")),
    path("frameworks/", include("commissioning.frameworks.urls")),
    path("activities/", include("commissioning.cycle.urls")),
    path("needs/", include("commissioning.needs.urls")),
    path("services/", include("commissioning.services.urls")),
    path("funding/", include("commissioning.funding.urls")),
    path("procurement/", include("commissioning.procurement.urls")),
    path("contracts/", include("commissioning.contracts.urls")),
    path("specifications/", include("commissioning.procurement.specifications.urls")),
    path("monitoring/", include("commissioning.monitoring.urls")),
    path("publishing/", include("commissioning.publishing.urls")),
    path("engagement/", include("commissioning.engagement.urls")),
    path("assurance/provider-checks/", include("commissioning.assurance.quality.urls")),
    path("assurance/maturity/", include("commissioning.assurance.maturity.urls")),
    path("assurance/", include("commissioning.assurance.urls")),
    path("governance/", include("commissioning.governance.urls")),
    path("reminders/", include("commissioning.reminders.urls")),
    path("jobs/", include("commissioning.jobs.urls")),
    path("public/strategies/", include("commissioning.cycle.strategy.public_urls")),
    path("public/consultations/", include("commissioning.engagement.public_urls")),
    path("public/decisions/", include("commissioning.governance.public_urls")),
    path("", include("commissioning.core.urls")),
]
