"""The public decision log: no sign-in needed."""

from django.urls import path

from commissioning.governance import public_views

app_name = "public_decisions"

urlpatterns = [
    path("", public_views.PublicDecisionListView.as_view(), name="list"),
    path("<str:reference>/", public_views.PublicDecisionDetailView.as_view(), name="detail"),
]
