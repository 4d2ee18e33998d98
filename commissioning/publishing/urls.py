from django.urls import path, register_converter

from commissioning.publishing import views


class ExportConverter:
    regex = "ocds|360giving|transparency"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class CheckedExportConverter(ExportConverter):
    regex = "ocds|360giving"


register_converter(ExportConverter, "any_export")
register_converter(CheckedExportConverter, "checked_export")

app_name = "publishing"

urlpatterns = [
    path("", views.OpenDataView.as_view(), name="home"),
    path("<any_export:key>/download/", views.DownloadView.as_view(), name="download"),
    path("<checked_export:key>/check/", views.CheckView.as_view(), name="check"),
]
