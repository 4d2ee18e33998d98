from django.urls import path, register_converter

from commissioning.publishing import views


class ExportConverter:
    regex = "ocds|360giving|transparency"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportConverter, "any_export")

app_name = "publishing"

urlpatterns = [
    path("", views.OpenDataView.as_view(), name="home"),
    path("<any_export:key>/download/", views.DownloadView.as_view(), name="download"),
]
