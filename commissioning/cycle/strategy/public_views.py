"""Published strategies for anyone to read, without signing in: no internal links and no staff names."""

from django.http import Http404
from django.views.generic import TemplateView

from commissioning.cycle.models import Strategy
from commissioning.cycle.strategy import selectors


class PublicStrategyListView(TemplateView):
    template_name = "cycle/strategy/public_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(strategies=selectors.published_strategies(), **kwargs)


class PublicStrategyDetailView(TemplateView):
    template_name = "cycle/strategy/public_detail.html"

    def get_context_data(self, **kwargs):
        try:
            strategy = selectors.published_strategy(self.kwargs["slug"])
        except Strategy.DoesNotExist as exc:
            raise Http404("No published strategy at this address") from exc
        return super().get_context_data(strategy=strategy, **kwargs)
