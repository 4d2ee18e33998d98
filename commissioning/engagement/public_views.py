"""Consultations whose summaries have been published, for anyone to read without signing in: no internal
links, no staff names and no individual responses."""

from django.http import Http404
from django.views.generic import TemplateView

from commissioning.engagement import selectors
from commissioning.engagement.models import Consultation


class PublicConsultationListView(TemplateView):
    template_name = "engagement/public/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultations=selectors.published_consultations(), **kwargs)


class PublicConsultationDetailView(TemplateView):
    template_name = "engagement/public/detail.html"

    def get_context_data(self, **kwargs):
        try:
            consultation = selectors.published_consultations().get(pk=self.kwargs["pk"])
        except Consultation.DoesNotExist as exc:
            raise Http404("No published consultation at this address") from exc
        return super().get_context_data(consultation=consultation, **kwargs)
