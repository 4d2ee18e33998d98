from django.urls import path

from commissioning.services import views
from commissioning.services.analysis import views as analysis_views
from commissioning.services.market import views as market_views

app_name = "services"

urlpatterns = [
    path("", views.ServiceListView.as_view(), name="list"),
    path("add/", views.ServiceCreateView.as_view(), name="create"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/confirm/", views.ImportConfirmView.as_view(), name="import-confirm"),
    path("import/template.csv", views.ImportTemplateView.as_view(), name="import-template"),
    path("gaps/", analysis_views.GapAnalysisView.as_view(), name="gaps"),
    path("market/", market_views.MarketView.as_view(), name="market"),
    path("market/statements/add/", market_views.StatementCreateView.as_view(), name="statement-create"),
    path("market/statements/<int:pk>/", market_views.StatementDetailView.as_view(), name="statement"),
    path(
        "market/statements/<int:pk>/history/",
        market_views.StatementHistoryView.as_view(),
        name="statement-history",
    ),
    path(
        "market/statements/<int:pk>/change/",
        market_views.StatementUpdateView.as_view(),
        name="statement-update",
    ),
    path(
        "market/statements/<int:pk>/archive/",
        market_views.StatementArchiveView.as_view(),
        name="statement-archive",
    ),
    path(
        "market/statements/<int:pk>/restore/",
        market_views.StatementRestoreView.as_view(),
        name="statement-restore",
    ),
    path(
        "market/statements/<int:pk>/statement.pdf",
        market_views.StatementPdfView.as_view(),
        name="statement-pdf",
    ),
    path("<int:pk>/", views.ServiceDetailView.as_view(), name="detail"),
    path("<int:pk>/history/", views.ServiceHistoryView.as_view(), name="history"),
    path("<int:pk>/change/", views.ServiceUpdateView.as_view(), name="update"),
    path("<int:pk>/archive/", views.ServiceArchiveView.as_view(), name="archive"),
    path("<int:pk>/restore/", views.ServiceRestoreView.as_view(), name="restore"),
]
