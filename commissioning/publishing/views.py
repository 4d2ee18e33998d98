"""The open data page: the three exports, their counts and latest checks, and downloads built on request."""

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from commissioning.core.views import PermissionMixin
from commissioning.jobs.models import JobStatus
from commissioning.publishing import checks, exports, ocds, services
from commissioning.publishing.transparency import Quarter, QuarterError


def _quarter(request) -> tuple[Quarter | None, str]:
    text = request.GET.get("quarter", "").strip()
    if not text:
        return None, ""
    try:
        return Quarter.parse(text), ""
    except QuarterError as error:
        return None, str(error)


class OpenDataView(PermissionMixin, TemplateView):
    permission = "publishing.view_publishing"
    template_name = "publishing/open_data.html"

    def get_context_data(self, **kwargs):
        quarter, quarter_error = _quarter(self.request)
        transparency = exports.transparency_export(quarter)
        return super().get_context_data(
            **kwargs,
            checked_files=checks.checked_files(),
            transparency=transparency,
            quarter=str(quarter) if quarter else self.request.GET.get("quarter", "") if quarter_error else "",
            quarter_error=quarter_error,
            transparency_quarter=transparency.filename.removeprefix("transparency-contracts-").removesuffix(
                ".csv"
            ),
        )


class CheckView(PermissionMixin, View):
    """Ask for a check of the OCDS or 360Giving file; the background worker runs it."""

    permission = "publishing.view_publishing"
    http_method_names = ["post"]

    def post(self, request, key):
        title = checks.CHECKED_FILES[key]
        run, queued = services.open_data_check_request(key=key, actor=request.user)
        if not queued:
            messages.info(
                request, f"{title} is already being checked: the result shows here when it has run."
            )
        elif run.status == JobStatus.SUCCEEDED:
            messages.success(request, f"{title} checked. {run.summary}")
        elif run.status == JobStatus.FAILED:
            messages.error(request, f"{title} could not be checked: {run.last_error}")
        else:
            messages.success(
                request, f"{title} will be checked shortly: the result shows here when it has run."
            )
        return redirect("publishing:home")


class DownloadView(PermissionMixin, View):
    permission = "publishing.view_publishing"
    builders = {
        "360giving": lambda request: exports.grants_export(validate=False),
        "transparency": lambda request: exports.transparency_export(_quarter(request)[0], validate=False),
    }

    def get(self, request, key):
        if key == "ocds":
            response = StreamingHttpResponse(
                ocds.stream_release_package(), content_type="application/json; charset=utf-8"
            )
            response["Content-Disposition"] = 'attachment; filename="ocds-release-package.json"'
            return response
        export = self.builders[key](request)
        response = HttpResponse(export.content, content_type=f"{export.content_type}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response
