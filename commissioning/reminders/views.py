from django.utils import timezone
from django.views.generic import TemplateView

from commissioning.core.views import PermissionMixin, RememberedResultsMixin
from commissioning.reminders.selectors import due_list_for


class DueSoonView(PermissionMixin, RememberedResultsMixin, TemplateView):
    """The signed-in person's things due soon or overdue, overdue first, grouped by kind: kept rendered in the table
    cache for the person and the day, unless a source failed to answer."""

    permission = "reminders.view_due_items"
    template_name = "reminders/due.html"
    results_template = "reminders/_due_results.html"
    results_by_day = True

    def results_context(self) -> dict:
        due_list = due_list_for(self.request.user, today=timezone.localdate())
        self.results_kept = not due_list.failures
        return {"due_list": due_list}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            results=self.remembered_results(), today=timezone.localdate(), **kwargs
        )
