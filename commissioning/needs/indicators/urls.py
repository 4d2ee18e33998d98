from django.urls import path

from commissioning.needs.indicators import views

urlpatterns = [
    path("indicators/", views.IndicatorListView.as_view(), name="indicators"),
    path("indicators/add/", views.IndicatorCreateView.as_view(), name="indicator-add"),
    path("indicators/<slug:code>/", views.IndicatorDetailView.as_view(), name="indicator-detail"),
    path("indicators/<slug:code>/change/", views.IndicatorUpdateView.as_view(), name="indicator-change"),
    path("indicators/<slug:code>/history/", views.IndicatorHistoryView.as_view(), name="indicator-history"),
    path("indicators/<slug:code>/archive/", views.IndicatorArchiveView.as_view(), name="indicator-archive"),
    path("indicators/<slug:code>/restore/", views.IndicatorRestoreView.as_view(), name="indicator-restore"),
    path("imports/", views.ImportListView.as_view(), name="imports"),
    path("imports/new/", views.ImportUploadView.as_view(), name="import-upload"),
    path("imports/preview/<int:pk>/", views.ImportPreviewView.as_view(), name="import-preview"),
    path("imports/<int:pk>/", views.ImportDetailView.as_view(), name="import-detail"),
]
