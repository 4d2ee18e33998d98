from datetime import UTC, datetime

from django.http import HttpResponse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from commissioning.core.views import PermissionMixin
from commissioning.cycle.cyclecalendar import ics, selectors
from commissioning.cycle.models import ServiceArea
from commissioning.cycle.timetable import current_cycle_year, cycle_year_label


class CalendarFiltersMixin(PermissionMixin):
    permission = "cycle.view_activity_list"

    def filters(self) -> dict:
        params = self.request.GET
        year = params.get("year", "")
        this_year = current_cycle_year(timezone.localdate())
        area = params.get("area", "")
        return {
            "cycle_year": int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else this_year,
            "service_area": area if area in ServiceArea.values else "",
            "mine": params.get("mine") == "yes",
        }


class CalendarView(CalendarFiltersMixin, TemplateView):
    """The year April to March: the quadrants' months, and each activity's steps in the month they are due."""

    template_name = "cycle/cyclecalendar/calendar.html"

    def get_context_data(self, **kwargs):
        filters = self.filters()
        today = timezone.localdate()
        year = filters["cycle_year"]
        this_year = current_cycle_year(today)
        return super().get_context_data(
            filters=filters,
            year_label=cycle_year_label(year),
            months=selectors.cycle_months(year),
            bands=selectors.quadrant_bands(year),
            today_month=today.replace(day=1),
            areas=ServiceArea.choices,
            years=[(y, cycle_year_label(y)) for y in range(this_year + 1, this_year - 5, -1)],
            query=self.request.GET.urlencode(),
            **selectors.calendar_rows(user=self.request.user, today=today, **filters),
            **kwargs,
        )


class CalendarFeedView(CalendarFiltersMixin, View):
    """The unfinished steps' due dates as an iCalendar file, to add to Outlook or another calendar."""

    def get(self, request, *args, **kwargs):
        filters = self.filters()
        stamp = datetime.now(UTC)
        events = [
            ics.all_day_event(
                uid=f"activity-step-{step.pk}@commissioning-hub",
                day=step.due_date,
                summary=f"Step {step.number} due: {activity.title}",
                description=(
                    f"{step.guidance.title if step.guidance else ''} "
                    f"({step.get_status_display().lower()}). Lead: {activity.lead_commissioner}."
                ).strip(),
                url=request.build_absolute_uri(f"/activities/{activity.pk}/steps/{step.number}/"),
                stamp=stamp,
            )
            for activity, step in selectors.calendar_steps(
                user=request.user, today=timezone.localdate(), **filters
            )
        ]
        body = ics.calendar(
            name=f"Commissioning cycle {cycle_year_label(filters['cycle_year'])}", events=events
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        filename = f"commissioning-cycle-{filters['cycle_year']}.ics"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
