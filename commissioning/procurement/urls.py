from django.urls import include, path

from commissioning.procurement import views
from commissioning.procurement.models import LocalRule, Threshold

app_name = "procurement"

urlpatterns = [
    path("", include("commissioning.procurement.tenders.urls")),
    path("portal/", include("commissioning.procurement.bidding.urls")),
    path("", include("commissioning.procurement.evaluation.urls")),
    path("route-advice/", views.RouteAdviceView.as_view(), name="route-advice"),
    path("rules/", views.RulesView.as_view(), name="rules"),
    path("rules/thresholds/add/", views.ThresholdCreateView.as_view(), name="threshold-add"),
    path("rules/thresholds/<int:pk>/change/", views.ThresholdUpdateView.as_view(), name="threshold-change"),
    path(
        "rules/thresholds/<int:pk>/archive/", views.ThresholdArchiveView.as_view(), name="threshold-archive"
    ),
    path(
        "rules/thresholds/<int:pk>/restore/", views.ThresholdRestoreView.as_view(), name="threshold-restore"
    ),
    path(
        "rules/thresholds/<int:pk>/history/",
        views.RuleHistoryView.as_view(model=Threshold),
        name="threshold-history",
    ),
    path("rules/local/add/", views.LocalRuleCreateView.as_view(), name="local-rule-add"),
    path("rules/local/<int:pk>/change/", views.LocalRuleUpdateView.as_view(), name="local-rule-change"),
    path("rules/local/<int:pk>/archive/", views.LocalRuleArchiveView.as_view(), name="local-rule-archive"),
    path("rules/local/<int:pk>/restore/", views.LocalRuleRestoreView.as_view(), name="local-rule-restore"),
    path(
        "rules/local/<int:pk>/history/",
        views.RuleHistoryView.as_view(model=LocalRule),
        name="local-rule-history",
    ),
]
