from django.db.models import Count
from django.views.generic import TemplateView

from commissioning.core.views import PermissionMixin
from commissioning.needs.analysis.selectors import analysis_list
from commissioning.needs.models import Indicator, NeedsSettings, NeighbourSet


class NeedsHomeView(PermissionMixin, TemplateView):
    """Where needs assessment starts: the home area, its neighbours, the indicators held and recent analyses."""

    permission = "needs.view_indicators"
    template_name = "needs/home.html"

    def get_context_data(self, **kwargs):
        settings = NeedsSettings.objects.select_related("home_area").first()
        home = settings.home_area if settings else None
        neighbours = (
            NeighbourSet.objects.filter(area=home).prefetch_related("neighbours__area").first()
            if home
            else None
        )
        indicators = (
            Indicator.objects.active()
            .annotate(value_count=Count("values"))
            .filter(value_count__gt=0)
            .order_by("title")[:50]
        )
        return super().get_context_data(
            home=home,
            neighbours=neighbours,
            indicators=indicators,
            indicator_total=Indicator.objects.active().count(),
            analyses=analysis_list(user=self.request.user)[:5],
            **kwargs,
        )
