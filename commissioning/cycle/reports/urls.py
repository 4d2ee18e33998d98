from django.urls import path

from commissioning.cycle.reports import views

app_name = "reports"

urlpatterns = [
    path("self-assessment.xlsx", views.SelfAssessmentWorkbookView.as_view(), name="self-assessment-xlsx"),
    path("self-assessment.pdf", views.SelfAssessmentPdfView.as_view(), name="self-assessment-pdf"),
    path("summary.pdf", views.SummaryPdfView.as_view(), name="summary-pdf"),
]
