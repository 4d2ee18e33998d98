from django.urls import path

from commissioning.assurance.maturity import views

app_name = "maturity"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("add/", views.AssessmentAddView.as_view(), name="add"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("<int:pk>/", views.AssessmentView.as_view(), name="assessment"),
    path("<int:pk>/edit/", views.AssessmentEditView.as_view(), name="edit"),
    path("<int:pk>/history/", views.HistoryView.as_view(), name="history"),
    path("<int:pk>/archive/", views.AssessmentArchiveView.as_view(), name="archive"),
    path("<int:pk>/restore/", views.AssessmentRestoreView.as_view(), name="restore"),
]
