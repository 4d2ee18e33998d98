"""The public decision log: published decisions only, with no personal data, searchable and as CSV."""

from django.http import Http404
from django.views.generic import TemplateView

from commissioning.core.views import ListPageMixin
from commissioning.governance import selectors
from commissioning.governance.models import Body, Decision

PUBLIC_COLUMNS = [
    ("Reference", lambda d: d.reference),
    ("Date decided", lambda d: d.decided_on.isoformat()),
    ("Decided by", lambda d: d.body.name),
    ("Decision", lambda d: d.decision),
    ("Amount", lambda d: "" if d.amount is None else f"{d.amount:.2f}"),
    ("Within delegated authority", lambda d: "Yes" if d.within_authority else "No"),
    ("Conditions", lambda d: d.conditions),
]


class PublicDecisionListView(ListPageMixin, TemplateView):
    template_name = "governance/public/decision_list.html"
    csv_filename = "decision-log"
    csv_columns = PUBLIC_COLUMNS

    def filters(self):
        params = self.request.GET
        body = params.get("body", "")
        return {"search": params.get("q", "").strip(), "body_id": int(body) if body.isdigit() else None}

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.decision_list(published_only=True, **self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        context.update(filters=self.filters(), bodies=Body.objects.active().order_by("name"))
        return context


class PublicDecisionDetailView(TemplateView):
    template_name = "governance/public/decision_detail.html"

    def get_context_data(self, **kwargs):
        try:
            decision = Decision.objects.select_related("body", "meeting").get(
                reference=self.kwargs["reference"], published=True, archived_at__isnull=True
            )
        except Decision.DoesNotExist as exc:
            raise Http404 from exc
        return super().get_context_data(decision=decision, **kwargs)
