from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from commissioning.api import (
    assurance,
    bids,
    contracts,
    engagement,
    evaluation,
    funding,
    governance,
    maturity,
    monitoring,
    needs,
    procurement,
    procurements,
    publishing,
    quality,
    services,
    specifications,
    views,
)

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
router.register("funding-streams", funding.FundingStreamViewSet, basename="funding-stream")
router.register("pooled-budgets", funding.PooledBudgetViewSet, basename="pooled-budget")
router.register("specifications", specifications.SpecificationViewSet, basename="specification")
router.register("procurements", procurements.ProcurementViewSet, basename="procurement")
router.register("agreements", contracts.AgreementViewSet, basename="agreement")
router.register("monitoring/kpis", monitoring.KpiViewSet, basename="monitoring-kpi")
router.register("monitoring/returns", monitoring.ReturnViewSet, basename="monitoring-return")
router.register("monitoring/meetings", monitoring.MeetingViewSet, basename="monitoring-meeting")
router.register("monitoring/reviews", monitoring.ReviewViewSet, basename="monitoring-review")
router.register("assurance/programmes", assurance.ProgrammeViewSet, basename="assurance-programme")
router.register("assurance/audits", assurance.AuditViewSet, basename="assurance-audit")
router.register("assurance/ratings", assurance.RatingViewSet, basename="assurance-rating")
router.register("assurance/provider-checks", quality.ProviderCheckViewSet, basename="quality-check")
router.register("assurance/quality-requirements", quality.RequirementViewSet, basename="quality-requirement")
router.register("assurance/maturity", maturity.MaturityAssessmentViewSet, basename="maturity-assessment")
router.register("involvement", engagement.InvolvementViewSet, basename="involvement")
router.register("consultations", engagement.ConsultationViewSet, basename="consultation")
router.register("governance/bodies", governance.BodyViewSet, basename="governance-body")
router.register("governance/meetings", governance.MeetingViewSet, basename="governance-meeting")
router.register("governance/decisions", governance.DecisionViewSet, basename="governance-decision")
router.register("governance/actions", governance.ActionViewSet, basename="governance-action")

items = views.FrameworkItemViewSet.as_view({"get": "list"})
item = views.FrameworkItemViewSet.as_view({"get": "retrieve"})

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("frameworks/<slug:framework_slug>/items/", items, name="framework-items"),
    path("frameworks/<slug:framework_slug>/items/<str:ref>/", item, name="framework-item"),
    path("procurement/route-advice/", procurement.RouteAdviceView.as_view(), name="route-advice"),
    path("opportunities/", bids.OpportunityListView.as_view(), name="opportunities"),
    path(
        "procurements/<int:pk>/clarifications/",
        bids.ClarificationListView.as_view(),
        name="procurement-clarifications",
    ),
    path("procurements/<int:pk>/bids/", bids.ProcurementBidListView.as_view(), name="procurement-bids"),
    path("bids/<int:pk>/", bids.BidDetailView.as_view(), name="bid"),
    path(
        "procurements/<int:pk>/evaluation/",
        evaluation.EvaluationView.as_view(),
        name="procurement-evaluation",
    ),
    path("procurements/<int:pk>/awards/", evaluation.AwardsView.as_view(), name="procurement-awards"),
    path("ocds/release-package/", publishing.OcdsReleasePackageView.as_view(), name="ocds-release-package"),
    path("payments-compliance/", contracts.PaymentsComplianceView.as_view(), name="payments-compliance"),
    path("", include(router.urls)),
]
