"""The public pages of consultations with published summaries: no sign-in needed."""

from django.urls import path

from commissioning.engagement import public_views

app_name = "public_consultations"

urlpatterns = [
    path("", public_views.PublicConsultationListView.as_view(), name="list"),
    path("<int:pk>/", public_views.PublicConsultationDetailView.as_view(), name="detail"),
]
