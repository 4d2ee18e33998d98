import csv

from django.contrib import messages
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.views.generic import TemplateView

from commissioning.core.dashboard import dashboard_for
from commissioning.core.forms import ReasonForm
from commissioning.core.table_cache import query_key, remember
from commissioning.organisations import roles


def form_errors_from(exc: ValidationError, form) -> None:
    """Put a service's ValidationError onto a bound form, by field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class ListPageMixin:
    """Pagination that keeps the filters in the links, and a CSV download of the same rows."""

    paginate_by = 25
    csv_filename = "export"
    csv_columns: list[tuple[str, object]] = []

    def paginate(self, queryset):
        paginator = Paginator(queryset, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        return {"page_obj": page, "object_list": page.object_list, **self.querystrings()}

    def querystrings(self) -> dict[str, str]:
        """The filters as a query string, for the pages' links and the CSV download's."""
        params = self.request.GET.copy()
        params.pop("page", None)
        params.pop("format", None)
        encoded = params.urlencode()
        return {
            "querystring_without_page": f"{encoded}&" if encoded else "",
            "csv_url": f"?{encoded}&format=csv" if encoded else "?format=csv",
        }

    def wants_csv(self) -> bool:
        return self.request.GET.get("format") == "csv"

    def csv_response(self, rows):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slugify(self.csv_filename)}.csv"'
        response.write("\ufeff")  # so Excel opens UTF-8 correctly
        writer = csv.writer(response)
        writer.writerow([heading for heading, _ in self.csv_columns])
        for row in rows:
            writer.writerow([_csv_safe(getter(row)) for _, getter in self.csv_columns])
        return response

    def csv_streaming_response(self, rows):
        """The same file as csv_response, written line by line as it is sent: for exports of thousands of rows,
        with `rows` an iterator (`queryset.iterator(chunk_size=…)`) so they are never all in memory."""
        response = StreamingHttpResponse(self._csv_lines(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slugify(self.csv_filename)}.csv"'
        return response

    def _csv_lines(self, rows):
        writer = csv.writer(_LineBuffer())
        yield "\ufeff"  # so Excel opens UTF-8 correctly
        yield writer.writerow([heading for heading, _ in self.csv_columns])
        for row in rows:
            yield writer.writerow([_csv_safe(getter(row)) for _, getter in self.csv_columns])


class RememberedResultsMixin:
    """A page's results (a list's count, rows and pages; a dashboard's groups; a record page's body below its
    header) rendered once and kept in the table cache until a table they were read from is written, so that the
    page's next view only draws its title, filters and forms around them (ADR 0007).

    The results are `results_template` rendered with what the view's `results_context()` returns (a dict; each
    view defines it, and the tests check every view), with `user` and `perms`, without the request
    (so without a CSRF token, which must never be kept: forms stay outside the results). They may show only
    what the key holds, which is the view and its arguments (a record page's record), the person's access
    (`roles.access_key`: who they are and their roles), every parameter of the query string and, where
    `results_by_day`, the day (for a status judged on today's date). The template shows them with
    `{{ results }}`."""

    results_template = ""
    results_by_day = False
    # Tables read before the results and shown in them (a record page's record): see `table_cache.tables_read`.
    results_also_read: frozenset[str] | set[str] = frozenset()
    # Set to False by `results_context()` for results that must not be kept (a source that failed to answer).
    results_kept = True

    def results_key(self) -> str:
        view = type(self)
        query = query_key(self.request.GET)
        day = timezone.localdate().isoformat() if self.results_by_day else ""
        record = urlencode(sorted(self.kwargs.items()))  # a record page's record
        return (
            f"results|{view.__module__}.{view.__qualname__}|{record}|{roles.access_key(self.request.user)}|{day}|"
            f"{query}"
        )

    def _results_template_context(self) -> dict:
        user = self.request.user
        return {"user": user, "perms": PermWrapper(user), **self.results_context()}

    def remembered_results(self) -> SafeString:
        """The rendered results (a SafeString, kept as one in the cache)."""
        return remember(
            self.results_key(),
            lambda: render_to_string(self.results_template, self._results_template_context()),
            also_read=self.results_also_read,
            keep=lambda html: self.results_kept,
        )


class _LineBuffer:
    """A file-like object whose write() returns the line: csv.writer then gives each line back to stream it."""

    def write(self, value: str) -> str:
        return value


def _csv_safe(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def record_tabs(
    *, details_url: str, history_url: str, current: str, details_label: str = "Details"
) -> list[dict]:
    """The Details / History sections shown at the top of every record page."""
    return [
        {"label": details_label, "url": details_url, "current": current == "details"},
        {"label": "History", "url": history_url, "current": current == "history"},
    ]


class PermissionMixin(LoginRequiredMixin):
    """Signed in, and holding every permission named (one name or a tuple of names)."""

    permission: str | tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            for permission in (self.permission,) if isinstance(self.permission, str) else self.permission:
                require(request.user, permission)
        return super().dispatch(request, *args, **kwargs)


class FormPageMixin:
    template_name = "includes/form_page.html"
    page_title = ""
    submit_label = "Save"
    destructive = False
    lede = ""

    def get_back_url(self) -> str:
        return ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.page_title,
            submit_label=self.submit_label,
            destructive=self.destructive,
            back_url=self.get_back_url(),
            lede=self.lede,
            **kwargs,
        )

    def run_service(self, form, call):
        """Call a service; on a domain error, show it on the form instead of losing the input."""
        try:
            return call()
        except ValidationError as exc:
            form_errors_from(exc, form)
            return None


class ArchiveViewMixin(FormPageMixin):
    """Confirm archiving a record, with a reason. Subclasses define get_record() and archive_record()."""

    form_class = ReasonForm
    destructive = True
    noun = "record"
    lede = "Archived records are hidden from lists. Nothing is deleted, and you can restore it."

    @property
    def submit_label(self):
        return f"Archive {self.noun}"

    @property
    def page_title(self):
        return f"Are you sure you want to archive {self.get_record()}?"

    def get_back_url(self):
        return self.get_record().get_absolute_url()

    def form_valid(self, form):
        record = self.run_service(
            form, lambda: self.archive_record(self.get_record(), form.cleaned_data["reason"])
        )
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{record} has been archived.")
        return redirect(record.get_absolute_url())


class RestoreViewMixin(FormPageMixin):
    """Confirm restoring an archived record. Subclasses define get_record() and restore_record()."""

    form_class = ReasonForm
    noun = "record"

    @property
    def submit_label(self):
        return f"Restore {self.noun}"

    @property
    def page_title(self):
        return f"Restore {self.get_record()}?"

    def get_back_url(self):
        return self.get_record().get_absolute_url()

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["reason"].required = False
        form.fields["reason"].label = "Reason (optional)"
        return form

    def form_valid(self, form):
        record = self.run_service(form, lambda: self.restore_record(self.get_record()))
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{record} has been restored.")
        return redirect(record.get_absolute_url())


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(dashboard_for(self.request.user))
        return context


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def require(user, permission: str, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied
