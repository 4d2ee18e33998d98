from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from commissioning.api import needs, procurement, services, views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("frameworks", views.FrameworkViewSet, basename="framework")
router.register(
    "commissioning-activities", views.CommissioningActivityViewSet, basename="commissioning-activity"
)
router.register("indicators", needs.IndicatorViewSet, basename="indicator")
router.register("indicator-values", needs.IndicatorValueViewSet, basename="indicator-value")
router.register("services", services.ServiceViewSet, basename="service")

items = views.FrameworkItemViewSet.as_view({"get": "list"})
item = views.FrameworkItemViewSet.as_view({"get": "retrieve"})

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("frameworks/<slug:framework_slug>/items/", items, name="framework-items"),
    path("frameworks/<slug:framework_slug>/items/<str:ref>/", item, name="framework-item"),
    path("procurement/route-advice/", procurement.RouteAdviceView.as_view(), name="route-advice"),
    path("", include(router.urls)),
]
