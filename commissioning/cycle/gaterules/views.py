from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from commissioning.core.selectors import history_for
from commissioning.core.views import FormPageMixin, PermissionMixin
from commissioning.cycle.gaterules import services
from commissioning.cycle.gaterules.forms import GateRuleChangeForm, GateRuleCreateForm
from commissioning.cycle.models import ActivityKind, GateRule, GateTransition


class GateRuleListView(PermissionMixin, TemplateView):
    """Every gate rule, grouped by the transition it guards, with the source of each."""

    permission = "cycle.view_gate_rules"
    template_name = "cycle/gaterules/list.html"

    def get_context_data(self, **kwargs):
        rules = list(GateRule.objects.all())
        kind_labels = dict(ActivityKind.choices)
        for rule in rules:
            rule.kind_labels = [kind_labels.get(kind, kind) for kind in rule.activity_kinds]
        groups = [
            (f"Completing step {number}", [r for r in rules if r.step_number == number])
            for number in range(1, 10)
        ] + [
            (
                "Starting a procurement",
                [r for r in rules if r.transition == GateTransition.START_PROCUREMENT],
            )
        ]
        return super().get_context_data(
            groups=[(title, items) for title, items in groups if items],
            can_manage=self.request.user.has_perm("cycle.manage_gate_rules"),
            **kwargs,
        )


class GateRuleMixin(PermissionMixin):
    permission = "cycle.manage_gate_rules"

    def get_back_url(self) -> str:
        return reverse("cycle:gate-rules")


class GateRuleCreateView(GateRuleMixin, FormPageMixin, FormView):
    form_class = GateRuleCreateForm
    page_title = "Add a gate rule"
    submit_label = "Add rule"

    def form_valid(self, form):
        rule = self.run_service(
            form, lambda: services.gate_rule_create(actor=self.request.user, data=form.cleaned_data)
        )
        if rule is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Rule added: {rule}.")
        return redirect("cycle:gate-rules")


class GateRuleChangeView(GateRuleMixin, FormPageMixin, FormView):
    form_class = GateRuleChangeForm
    submit_label = "Save rule"

    def get_rule(self) -> GateRule:
        return get_object_or_404(GateRule, pk=self.kwargs["rule_pk"])

    @property
    def page_title(self):
        return f"Change the rule: {self.get_rule()}"

    def get_initial(self):
        rule = self.get_rule()
        return {
            "enabled": "yes" if rule.enabled else "no",
            "activity_kinds": rule.activity_kinds,
            "source": rule.source,
        }

    def form_valid(self, form):
        rule = self.run_service(
            form,
            lambda: services.gate_rule_update(
                actor=self.request.user, rule=self.get_rule(), data=form.cleaned_data
            ),
        )
        if rule is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Rule saved: {rule} is {'on' if rule.enabled else 'off'}.")
        return redirect("cycle:gate-rules")


class GateRuleHistoryView(PermissionMixin, TemplateView):
    permission = "cycle.view_gate_rules"
    template_name = "cycle/gaterules/history.html"

    def get_context_data(self, **kwargs):
        rule = get_object_or_404(GateRule, pk=self.kwargs["rule_pk"])
        return super().get_context_data(rule=rule, history=history_for(rule), **kwargs)
