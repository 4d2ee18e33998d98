from django.urls import path

from commissioning.procurement.specifications import views

app_name = "specifications"

urlpatterns = [
    path("", views.SpecificationListView.as_view(), name="list"),
    path("start/", views.StartView.as_view(), name="start"),
    path("<int:pk>/", views.SpecificationDetailView.as_view(), name="detail"),
    path("<int:pk>/change/", views.EditView.as_view(), name="edit"),
    path("<int:pk>/fill-from-activity/", views.PrefillView.as_view(), name="prefill"),
    path("<int:pk>/approve/", views.ApproveView.as_view(), name="approve"),
    path("<int:pk>/versions/", views.VersionListView.as_view(), name="versions"),
    path("<int:pk>/versions/<int:number>/", views.VersionDetailView.as_view(), name="version"),
    path("<int:pk>/versions/<int:number>/specification.pdf", views.PdfView.as_view(), name="version-pdf"),
    path("<int:pk>/versions/<int:number>/specification.docx", views.DocxView.as_view(), name="version-docx"),
    path("<int:pk>/compare/", views.CompareView.as_view(), name="compare"),
    path("<int:pk>/history/", views.HistoryView.as_view(), name="history"),
    path("<int:pk>/specification.pdf", views.PdfView.as_view(), name="pdf"),
    path("<int:pk>/specification.docx", views.DocxView.as_view(), name="docx"),
    path("<int:pk>/archive/", views.ArchiveView.as_view(), name="archive"),
    path("<int:pk>/restore/", views.RestoreView.as_view(), name="restore"),
]
