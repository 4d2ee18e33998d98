from django.urls import path

from commissioning.needs.analysis import views

urlpatterns = [
    path("", views.AnalysisListView.as_view(), name="analyses"),
    path("start/", views.AnalysisCreateView.as_view(), name="analysis-create"),
    path("<int:pk>/", views.AnalysisDetailView.as_view(), name="analysis"),
    path("<int:pk>/change/", views.AnalysisUpdateView.as_view(), name="analysis-update"),
    path("<int:pk>/history/", views.AnalysisHistoryView.as_view(), name="analysis-history"),
    path("<int:pk>/final/", views.AnalysisFinaliseView.as_view(), name="analysis-finalise"),
    path("<int:pk>/reopen/", views.AnalysisReopenView.as_view(), name="analysis-reopen"),
    path("<int:pk>/archive/", views.AnalysisArchiveView.as_view(), name="analysis-archive"),
    path("<int:pk>/restore/", views.AnalysisRestoreView.as_view(), name="analysis-restore"),
    path("<int:pk>/priorities/add/", views.PriorityCreateView.as_view(), name="priority-add"),
    path(
        "<int:pk>/priorities/<int:priority_pk>/change/",
        views.PriorityUpdateView.as_view(),
        name="priority-update",
    ),
    path(
        "<int:pk>/priorities/<int:priority_pk>/remove/",
        views.PriorityRemoveView.as_view(),
        name="priority-remove",
    ),
    path(
        "<int:pk>/priorities/<int:priority_pk>/move/", views.PriorityMoveView.as_view(), name="priority-move"
    ),
    path(
        "<int:pk>/priorities/<int:priority_pk>/report-card/",
        views.ReportCardView.as_view(),
        name="report-card",
    ),
]
