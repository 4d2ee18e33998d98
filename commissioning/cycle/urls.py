from django.urls import include, path

from commissioning.cycle import views

app_name = "cycle"

urlpatterns = [
    path("", views.ActivityListView.as_view(), name="list"),
    path("start/", views.ActivityCreateView.as_view(), name="create"),
    path("gate-rules/", include("commissioning.cycle.gaterules.urls")),
    path("", include("commissioning.cycle.cyclecalendar.urls")),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="detail"),
    path("<int:pk>/history/", views.ActivityHistoryView.as_view(), name="history"),
    path("<int:pk>/change/", views.ActivityUpdateView.as_view(), name="update"),
    path("<int:pk>/archive/", views.ActivityArchiveView.as_view(), name="archive"),
    path("<int:pk>/restore/", views.ActivityRestoreView.as_view(), name="restore"),
    path("<int:pk>/steps/<int:number>/", views.StepView.as_view(), name="step"),
    path(
        "<int:pk>/self-assessment/<int:number>/", views.SelfAssessmentView.as_view(), name="self-assessment"
    ),
    path("<int:pk>/steps/<int:number>/status/", views.StepStatusView.as_view(), name="step-status"),
    path("<int:pk>/steps/<int:number>/due-date/", views.StepDueDateView.as_view(), name="step-due-date"),
    path("<int:pk>/steps/<int:number>/evidence/", views.EvidenceAddView.as_view(), name="evidence-add"),
    path(
        "<int:pk>/steps/<int:number>/evidence/<int:evidence_pk>/file/",
        views.EvidenceDownloadView.as_view(),
        name="evidence-file",
    ),
    path(
        "<int:pk>/steps/<int:number>/evidence/<int:evidence_pk>/remove/",
        views.EvidenceArchiveView.as_view(),
        name="evidence-remove",
    ),
    path("<int:pk>/equality/", include("commissioning.cycle.equality.urls")),
    path("<int:pk>/strategy/", include("commissioning.cycle.strategy.urls")),
    path("<int:pk>/decommissioning/", include("commissioning.cycle.decommissioning.urls")),
    path("<int:pk>/", include("commissioning.cycle.resources.urls")),
    path("<int:pk>/", include("commissioning.cycle.reports.urls")),
]
