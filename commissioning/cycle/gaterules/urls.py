from django.urls import path

from commissioning.cycle.gaterules import views

urlpatterns = [
    path("", views.GateRuleListView.as_view(), name="gate-rules"),
    path("add/", views.GateRuleCreateView.as_view(), name="gate-rule-add"),
    path("<int:rule_pk>/change/", views.GateRuleChangeView.as_view(), name="gate-rule-change"),
    path("<int:rule_pk>/history/", views.GateRuleHistoryView.as_view(), name="gate-rule-history"),
]
