from django.urls import path

from commissioning.contracts import views

app_name = "contracts"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="list"),
    path("add/", views.AgreementCreateView.as_view(), name="create"),
    path("from-award/<int:award_pk>/", views.AgreementFromAwardView.as_view(), name="from-award"),
    path("alerts/", views.AlertsView.as_view(), name="alerts"),
    path("alerts/<slug:group>/", views.AlertGroupView.as_view(), name="alert-group"),
    path("payments-compliance/", views.ComplianceView.as_view(), name="compliance"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/confirm/", views.ImportConfirmView.as_view(), name="import-confirm"),
    path("import/template.csv", views.ImportTemplateView.as_view(), name="import-template"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="detail"),
    path("<int:pk>/history/", views.AgreementHistoryView.as_view(), name="history"),
    path("<int:pk>/change/", views.AgreementUpdateView.as_view(), name="update"),
    path("<int:pk>/archive/", views.AgreementArchiveView.as_view(), name="archive"),
    path("<int:pk>/restore/", views.AgreementRestoreView.as_view(), name="restore"),
    path("<int:pk>/schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("<int:pk>/payments/add/", views.PaymentCreateView.as_view(), name="payment-create"),
    path("<int:pk>/payments/<int:payment_pk>/", views.PaymentUpdateView.as_view(), name="payment-update"),
    path("<int:pk>/extension/", views.ExtensionView.as_view(), name="extension"),
    path("<int:pk>/variations/add/", views.VariationView.as_view(), name="variation"),
    path("<int:pk>/terminate/", views.TerminateView.as_view(), name="terminate"),
]
