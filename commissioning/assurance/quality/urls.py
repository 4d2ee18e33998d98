from django.urls import path

from commissioning.assurance.quality import views

app_name = "quality"

urlpatterns = [
    path("", views.RegisterView.as_view(), name="home"),
    path("mine/", views.MineView.as_view(), name="mine"),
    path("providers/add/", views.EnrolView.as_view(), name="enrol"),
    path("providers/<int:org_pk>/", views.ProviderView.as_view(), name="provider"),
    path("providers/<int:org_pk>/pdf/", views.ProviderPdfView.as_view(), name="provider-pdf"),
    path(
        "providers/<int:org_pk>/requirements/<int:req_pk>/",
        views.CheckSubmitView.as_view(),
        name="submit",
    ),
    path("checks/<int:pk>/", views.CheckView.as_view(), name="check"),
    path("checks/<int:pk>/history/", views.CheckHistoryView.as_view(), name="check-history"),
    path("checks/<int:pk>/file/", views.CheckFileView.as_view(), name="check-file"),
    path("checks/<int:pk>/verify/", views.CheckVerifyView.as_view(), name="verify"),
    path("checks/<int:pk>/reject/", views.CheckRejectView.as_view(), name="reject"),
    path("requirements/", views.RequirementListView.as_view(), name="requirements"),
    path("requirements/add/", views.RequirementAddView.as_view(), name="requirement-add"),
    path("requirements/<int:pk>/", views.RequirementEditView.as_view(), name="requirement-edit"),
    path(
        "requirements/<int:pk>/history/", views.RequirementHistoryView.as_view(), name="requirement-history"
    ),
    path(
        "requirements/<int:pk>/archive/", views.RequirementArchiveView.as_view(), name="requirement-archive"
    ),
    path(
        "requirements/<int:pk>/restore/", views.RequirementRestoreView.as_view(), name="requirement-restore"
    ),
]
