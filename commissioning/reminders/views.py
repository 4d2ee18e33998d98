from django.utils import timezone
from django.views.generic import TemplateView

from commissioning.core.views import PermissionMixin
from commissioning.reminders.selectors import due_list_for


class DueSoonView(PermissionMixin, TemplateView):
    """The signed-in person's things due soon or overdue, overdue first, grouped by kind."""

    permission = "reminders.view_due_items"
    template_name = "reminders/due.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            due_list=due_list_for(self.request.user, today=today), today=today, **kwargs
        )
