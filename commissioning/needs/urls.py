from django.urls import include, path

from commissioning.needs.views import NeedsHomeView

app_name = "needs"

urlpatterns = [
    path("", NeedsHomeView.as_view(), name="home"),
    path("areas/", include("commissioning.needs.areas.urls")),
    path("analyses/", include("commissioning.needs.analysis.urls")),
    path("", include("commissioning.needs.benchmark.urls")),
    path("", include("commissioning.needs.indicators.urls")),
]
