from django.urls import path

from commissioning.cycle.equality import views

app_name = "equality"

urlpatterns = [
    path("", views.AssessmentDetailView.as_view(), name="detail"),
    path("start/", views.AssessmentStartView.as_view(), name="start"),
    path("change/", views.AssessmentUpdateView.as_view(), name="change"),
    path("impacts/", views.ImpactsView.as_view(), name="impacts"),
    path("status/", views.StatusView.as_view(), name="status"),
    path("archive/", views.AssessmentArchiveView.as_view(), name="archive"),
    path("restore/", views.AssessmentRestoreView.as_view(), name="restore"),
    path("history/", views.AssessmentHistoryView.as_view(), name="history"),
]
