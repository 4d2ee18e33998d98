from django.urls import path

from commissioning.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.MonitoringHomeView.as_view(), name="home"),
    path("value-bands/", views.BandListView.as_view(), name="bands"),
    path("value-bands/add/", views.BandFormView.as_view(), name="band-create"),
    path("value-bands/<int:pk>/change/", views.BandFormView.as_view(), name="band-update"),
    path("value-bands/<int:pk>/remove/", views.BandRemoveView.as_view(), name="band-remove"),
    path("agreements/<int:pk>/", views.AgreementView.as_view(), name="agreement"),
    path("agreements/<int:pk>/history/", views.AgreementHistoryView.as_view(), name="agreement-history"),
    path("agreements/<int:pk>/plan/", views.PlanView.as_view(), name="plan"),
    path("agreements/<int:pk>/kpis/add/", views.KpiCreateView.as_view(), name="kpi-create"),
    path("agreements/<int:pk>/kpis/copy/", views.KpiCopyView.as_view(), name="kpi-copy"),
    path("agreements/<int:pk>/kpis/<int:kpi>/change/", views.KpiUpdateView.as_view(), name="kpi-update"),
    path("agreements/<int:pk>/kpis/<int:kpi>/archive/", views.KpiArchiveView.as_view(), name="kpi-archive"),
    path("agreements/<int:pk>/kpis/<int:kpi>/restore/", views.KpiRestoreView.as_view(), name="kpi-restore"),
    path("agreements/<int:pk>/meetings/add/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("agreements/<int:pk>/visits/add/", views.VisitCreateView.as_view(), name="visit-create"),
    path("agreements/<int:pk>/feedback/add/", views.FeedbackCreateView.as_view(), name="feedback-create"),
    path(
        "agreements/<int:pk>/improvement-plans/add/",
        views.ImprovementPlanCreateView.as_view(),
        name="improvement-create",
    ),
    path(
        "agreements/<int:pk>/improvement-plans/<int:plan>/change/",
        views.ImprovementPlanUpdateView.as_view(),
        name="improvement-update",
    ),
    path("agreements/<int:pk>/reviews/add/", views.AnnualReviewCreateView.as_view(), name="review-create"),
    path(
        "agreements/<int:pk>/assessments/add/", views.AssessmentCreateView.as_view(), name="assessment-create"
    ),
    path("<slug:kind>/<int:pk>/archive/", views.RecordArchiveView.as_view(), name="record-archive"),
    path("meetings/<int:pk>/", views.MeetingView.as_view(), name="meeting"),
    path("meetings/<int:pk>/change/", views.MeetingUpdateView.as_view(), name="meeting-update"),
    path("meetings/<int:pk>/actions/add/", views.ActionCreateView.as_view(), name="action-create"),
    path("actions/<int:pk>/status/", views.ActionStatusView.as_view(), name="action-status"),
    path("periods/<int:pk>/", views.PeriodView.as_view(), name="period"),
    path("periods/<int:pk>/query/", views.ReturnQueryView.as_view(), name="return-query"),
    path("periods/<int:pk>/accept/", views.ReturnAcceptView.as_view(), name="return-accept"),
    path("returns/", views.ProviderReturnsView.as_view(), name="returns"),
    path("returns/<int:pk>/submit/", views.ReturnSubmitView.as_view(), name="return-submit"),
]
