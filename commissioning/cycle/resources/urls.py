"""Agreed budgets and recorded reviews of commissioning activities."""

from django.urls import path

from commissioning.cycle.resources import views

app_name = "resources"

urlpatterns = [
    path("budgets/", views.BudgetListView.as_view(), name="budgets"),
    path("budgets/add/", views.BudgetCreateView.as_view(), name="budget-add"),
    path("budgets/<int:budget_pk>/change/", views.BudgetUpdateView.as_view(), name="budget-change"),
    path("budgets/<int:budget_pk>/archive/", views.BudgetArchiveView.as_view(), name="budget-archive"),
    path("budgets/<int:budget_pk>/restore/", views.BudgetRestoreView.as_view(), name="budget-restore"),
    path("budgets/<int:budget_pk>/history/", views.BudgetHistoryView.as_view(), name="budget-history"),
    path("reviews/", views.ReviewListView.as_view(), name="reviews"),
    path("reviews/add/", views.ReviewCreateView.as_view(), name="review-add"),
    path("reviews/<int:review_pk>/change/", views.ReviewUpdateView.as_view(), name="review-change"),
    path("reviews/<int:review_pk>/archive/", views.ReviewArchiveView.as_view(), name="review-archive"),
    path("reviews/<int:review_pk>/restore/", views.ReviewRestoreView.as_view(), name="review-restore"),
    path("reviews/<int:review_pk>/history/", views.ReviewHistoryView.as_view(), name="review-history"),
]
