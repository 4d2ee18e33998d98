from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView

from commissioning.core.selectors import history_for
from commissioning.core.views import FormPageMixin, ListPageMixin, PermissionMixin
from commissioning.jobs import selectors, services
from commissioning.jobs.forms import RunAgainForm
from commissioning.jobs.models import JobRun, JobStatus

LIST_COLUMNS = [
    ("Job", lambda run: run.pk),
    ("What", lambda run: run.label),
    ("Status", lambda run: run.get_status_display()),
    ("Attempts", lambda run: run.attempts),
    ("Attempts allowed", lambda run: run.max_attempts),
    ("Queued at", lambda run: run.enqueued_at.isoformat()),
    ("Finished at", lambda run: run.finished_at.isoformat() if run.finished_at else ""),
    ("Last error", lambda run: run.last_error),
]


class JobRunListView(PermissionMixin, ListPageMixin, TemplateView):
    """Recent background job runs, newest first: status, attempts and the last error."""

    permission = "jobs.view_jobs"
    template_name = "jobs/list.html"
    csv_columns = LIST_COLUMNS
    csv_filename = "background-jobs"

    def status_filter(self) -> str:
        status = self.request.GET.get("status", "")
        return status if status in JobStatus.values else ""

    def get(self, request, *args, **kwargs):
        if self.wants_csv():
            return self.csv_response(selectors.job_run_list(status=self.status_filter()))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(selectors.job_run_list(status=self.status_filter())))
        counts = selectors.job_status_counts()
        context.update(
            status=self.status_filter(),
            status_options=[(value, label, counts[value]) for value, label in JobStatus.choices],
            failed_count=counts[JobStatus.FAILED],
        )
        return context


class JobRunMixin(PermissionMixin):
    def get_run(self) -> JobRun:
        if not hasattr(self, "_run"):
            try:
                self._run = selectors.job_run_detail(self.kwargs["pk"])
            except JobRun.DoesNotExist as exc:
                raise Http404 from exc
        return self._run


class JobRunDetailView(JobRunMixin, TemplateView):
    permission = "jobs.view_jobs"
    template_name = "jobs/detail.html"

    def get_context_data(self, **kwargs):
        run = self.get_run()
        return super().get_context_data(
            run=run,
            runs_again=list(run.runs_again.order_by("pk")),
            history=history_for(run),
            can_run_again=run.status == JobStatus.FAILED and self.request.user.has_perm("jobs.run_again"),
            **kwargs,
        )


class JobRunAgainView(JobRunMixin, FormPageMixin, FormView):
    permission = ("jobs.view_jobs", "jobs.run_again")
    form_class = RunAgainForm

    @property
    def page_title(self):
        return f"Run “{self.get_run().label}” again?"

    @property
    def lede(self):
        run = self.get_run()
        if run.status != JobStatus.FAILED:
            return f"Only a failed job can be run again; this one is {run.get_status_display().lower()}."
        return (
            f"A new run is queued with the same arguments as job {run.pk}. "
            "Run it again once the cause of the last error is fixed."
        )

    submit_label = "Run again"

    def get_back_url(self):
        return self.get_run().get_absolute_url()

    def form_valid(self, form):
        again = self.run_service(
            form, lambda: services.job_run_again(run=self.get_run(), actor=self.request.user)
        )
        if again is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{again.label} is queued again as job {again.pk}.")
        return redirect(again.get_absolute_url())
