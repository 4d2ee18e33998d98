"""Decommissioning services, with the Compact's notice and consultation warnings."""

from django.urls import path

from commissioning.cycle.decommissioning import views

app_name = "decommissioning"

urlpatterns = [
    path("", views.DecommissioningListView.as_view(), name="list"),
    path("propose/", views.DecommissioningCreateView.as_view(), name="create"),
    path("<int:record_pk>/", views.DecommissioningDetailView.as_view(), name="detail"),
    path("<int:record_pk>/change/", views.DecommissioningUpdateView.as_view(), name="change"),
    path("<int:record_pk>/status/", views.DecommissioningStatusView.as_view(), name="status"),
    path("<int:record_pk>/archive/", views.DecommissioningArchiveView.as_view(), name="archive"),
    path("<int:record_pk>/restore/", views.DecommissioningRestoreView.as_view(), name="restore"),
    path("<int:record_pk>/history/", views.DecommissioningHistoryView.as_view(), name="history"),
]
