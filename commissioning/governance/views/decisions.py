"""Pages of the decision log and recording decisions with the delegated authority rule."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RememberedResultsMixin,
    RestoreViewMixin,
)
from commissioning.governance import selectors, services
from commissioning.governance.forms import (
    DecisionForm,
)
from commissioning.governance.models import Body, Meeting
from commissioning.governance.views.common import (
    DECISION_COLUMNS,
    MANAGE,
    VIEW,
    HistoryView,
    _get,
    _int,
    _tabs,
)

# Decisions ------------------------------------------------------------------------------------------------


class DecisionListView(PermissionMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "governance/decision_list.html"
    results_template = "governance/_decision_list_results.html"
    csv_filename = "decision-log"
    csv_columns = DECISION_COLUMNS

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "body_id": _int(params.get("body")),
            "authority": params.get("authority", ""),
            "include_archived": params.get("archived") == "yes",
            "ordering": params.get("sort", "-decided_on"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.decision_list(**self.filters())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def results_context(self) -> dict:
        return self.paginate(self.queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.querystrings(),
            results=self.remembered_results(),
            filters=self.filters(),
            bodies=Body.objects.active().order_by("name"),
            can_record=self.request.user.has_perm("governance.record_decisions"),
        )
        return context


class DecisionCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = (VIEW, "governance.record_decisions")
    form_class = DecisionForm
    page_title = "Record a decision"
    submit_label = "Record decision"
    lede = (
        "A decision for an amount above the highest delegated authority limit of the body's members is "
        "recorded only when you say who will ratify it, and is flagged in the decision log."
    )

    def get_back_url(self):
        return reverse("governance:decisions")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = {"published": True}
        meeting = _int(self.request.GET.get("meeting"))
        if meeting:
            found = Meeting.objects.filter(pk=meeting).first()
            if found:
                initial.update(meeting=found.pk, body=found.body_id, decided_on=found.held_on)
        return initial

    def form_valid(self, form):
        data = form.cleaned_data

        def call():
            record = services.record_from_key(data["record"])
            return services.decision_record(
                actor=self.request.user,
                body=data["body"],
                data={
                    k: data[k]
                    for k in (
                        "reference",
                        "meeting",
                        "decision",
                        "amount",
                        "conditions",
                        "decided_on",
                        "published",
                    )
                },
                record=record,
                acknowledge_above_authority=data["acknowledge_above_authority"],
            )

        decision = self.run_service(form, call)
        if decision is None:
            return self.form_invalid(form)
        if decision.within_authority:
            messages.success(self.request, f"Decision {decision} has been recorded.")
        else:
            messages.warning(
                self.request, f"Decision {decision} has been recorded above delegated authority."
            )
        return redirect(decision.get_absolute_url())


class DecisionMixin(PermissionMixin):
    permission = VIEW

    def get_decision(self):
        if not hasattr(self, "_decision"):
            self._decision = _get(selectors.decision_detail, self.kwargs["pk"])
        return self._decision


class DecisionDetailView(DecisionMixin, TemplateView):
    template_name = "governance/decision_detail.html"

    def get_context_data(self, **kwargs):
        decision = self.get_decision()
        return super().get_context_data(
            decision=decision,
            can_manage=self.request.user.has_perm("governance.manage_governance"),
            record_tabs=_tabs(decision, "details"),
            **kwargs,
        )


class DecisionHistoryView(HistoryView):
    selector = staticmethod(selectors.decision_detail)


class DecisionArchiveView(DecisionMixin, ArchiveViewMixin, FormView):
    permission = MANAGE
    noun = "decision"
    lede = "An archived decision leaves the decision log and the public log. Nothing is deleted, and you can restore it."

    def get_record(self):
        return self.get_decision()

    def archive_record(self, decision, reason):
        return services.decision_archive(actor=self.request.user, decision=decision, reason=reason)


class DecisionRestoreView(DecisionMixin, RestoreViewMixin, FormView):
    permission = MANAGE
    noun = "decision"

    def get_record(self):
        return self.get_decision()

    def restore_record(self, decision):
        return services.decision_restore(actor=self.request.user, decision=decision)
