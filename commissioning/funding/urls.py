from django.urls import path

from commissioning.funding import views

app_name = "funding"

urlpatterns = [
    path("", views.FundingHomeView.as_view(), name="home"),
    # Funding streams
    path("streams/", views.StreamListView.as_view(), name="streams"),
    path("streams/add/", views.StreamCreateView.as_view(), name="stream-create"),
    path("streams/<int:pk>/", views.StreamDetailView.as_view(), name="stream"),
    path("streams/<int:pk>/history/", views.StreamHistoryView.as_view(), name="stream-history"),
    path("streams/<int:pk>/change/", views.StreamUpdateView.as_view(), name="stream-update"),
    path("streams/<int:pk>/archive/", views.StreamArchiveView.as_view(), name="stream-archive"),
    path("streams/<int:pk>/restore/", views.StreamRestoreView.as_view(), name="stream-restore"),
    path("streams/<int:pk>/services/add/", views.ServiceFundingAddView.as_view(), name="stream-link-add"),
    path(
        "service-links/<int:pk>/remove/", views.ServiceFundingRemoveView.as_view(), name="stream-link-remove"
    ),
    # Pooled and aligned budgets
    path("budgets/", views.BudgetListView.as_view(), name="budgets"),
    path("budgets/add/", views.BudgetCreateView.as_view(), name="budget-create"),
    path("budgets/<int:pk>/", views.BudgetDetailView.as_view(), name="budget"),
    path("budgets/<int:pk>/history/", views.BudgetHistoryView.as_view(), name="budget-history"),
    path("budgets/<int:pk>/change/", views.BudgetUpdateView.as_view(), name="budget-update"),
    path("budgets/<int:pk>/archive/", views.BudgetArchiveView.as_view(), name="budget-archive"),
    path("budgets/<int:pk>/restore/", views.BudgetRestoreView.as_view(), name="budget-restore"),
    path("budgets/<int:pk>/agreement/", views.AgreementDownloadView.as_view(), name="budget-agreement"),
    path("budgets/<int:pk>/contributions/add/", views.ContributionAddView.as_view(), name="contribution-add"),
    path(
        "contributions/<int:pk>/change/", views.ContributionChangeView.as_view(), name="contribution-change"
    ),
    path(
        "contributions/<int:pk>/remove/", views.ContributionRemoveView.as_view(), name="contribution-remove"
    ),
    path("budgets/<int:pk>/allocations/add/", views.AllocationAddView.as_view(), name="allocation-add"),
    path("allocations/<int:pk>/remove/", views.AllocationRemoveView.as_view(), name="allocation-remove"),
    path("allocations/<int:pk>/commitments/add/", views.CommitmentAddView.as_view(), name="commitment-add"),
    path("commitments/<int:pk>/remove/", views.CommitmentRemoveView.as_view(), name="commitment-remove"),
    # Workforce and market development plans
    path("plans/", views.PlanListView.as_view(), name="plans"),
    path("plans/add/", views.PlanCreateView.as_view(), name="plan-create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("plans/<int:pk>/history/", views.PlanHistoryView.as_view(), name="plan-history"),
    path("plans/<int:pk>/change/", views.PlanUpdateView.as_view(), name="plan-update"),
    path("plans/<int:pk>/archive/", views.PlanArchiveView.as_view(), name="plan-archive"),
    path("plans/<int:pk>/restore/", views.PlanRestoreView.as_view(), name="plan-restore"),
    path("plans/<int:pk>/training/add/", views.TrainingAddView.as_view(), name="training-add"),
    path("training/<int:pk>/remove/", views.TrainingRemoveView.as_view(), name="training-remove"),
    path("plans/<int:pk>/actions/add/", views.ActionAddView.as_view(), name="action-add"),
    path("actions/<int:pk>/change/", views.ActionChangeView.as_view(), name="action-change"),
    path("actions/<int:pk>/remove/", views.ActionRemoveView.as_view(), name="action-remove"),
    path("plans/<int:pk>/evidence/", views.PlanEvidenceView.as_view(), name="plan-evidence"),
]
