from django.contrib import admin

from commissioning.core.admin import NoDeleteAdmin
from commissioning.jobs.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(NoDeleteAdmin):
    list_display = ["pk", "label", "status", "attempts", "max_attempts", "enqueued_at", "finished_at"]
    list_filter = ["status", "label"]
    list_select_related = ["enqueued_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
