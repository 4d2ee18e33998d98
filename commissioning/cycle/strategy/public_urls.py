"""The public pages of published strategies: no sign-in needed."""

from django.urls import path

from commissioning.cycle.strategy import public_views

app_name = "public_strategies"

urlpatterns = [
    path("", public_views.PublicStrategyListView.as_view(), name="list"),
    path("<slug:slug>/", public_views.PublicStrategyDetailView.as_view(), name="detail"),
]
