from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from commissioning.core.selectors import history_for
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    PermissionMixin,
    RestoreViewMixin,
    record_tabs,
)
from commissioning.procurement import selectors, services
from commissioning.procurement.forms import LocalRuleForm, RouteAdviceForm, ThresholdForm
from commissioning.procurement.models import LocalRule, Threshold
from commissioning.procurement.routes import AdviceError, money

ADVICE_FIELDS = ("estimated_value", "includes_vat", "category", "duration_months")


class RouteAdviceView(PermissionMixin, TemplateView):
    """Route advice for a planned purchase or grant. The form is sent by GET, so advice can be bookmarked."""

    permission = "procurement.view_route_advice"
    template_name = "procurement/route_advice.html"

    def get_context_data(self, **kwargs):
        asked = any(name in self.request.GET for name in ADVICE_FIELDS)
        form = RouteAdviceForm(self.request.GET if asked else None, initial={"buyer_type": "sub_central"})
        advice = None
        today = timezone.localdate()
        if asked and form.is_valid():
            data = form.cleaned_data
            try:
                advice = selectors.route_advice_for(
                    estimated_value=data["estimated_value"],
                    includes_vat=data["includes_vat"],
                    category=data["category"],
                    duration_months=data["duration_months"],
                    buyer_type=data.get("buyer_type") or "sub_central",
                    on=today,
                )
            except AdviceError as error:
                for name, message in error.errors.items():
                    form.add_error(name if name in form.fields else None, message)
        return super().get_context_data(
            form=form,
            advice=advice,
            value=money(advice.value_including_vat) if advice else "",
            annual=money(advice.annual_value_including_vat) if advice else "",
            threshold=money(advice.threshold) if advice and advice.threshold is not None else "",
            today=today,
            can_manage=self.request.user.has_perm("procurement.manage_rules"),
            **kwargs,
        )


class RulesView(PermissionMixin, TemplateView):
    permission = "procurement.view_route_advice"
    template_name = "procurement/rules.html"

    def get_context_data(self, **kwargs):
        include_archived = self.request.GET.get("archived") == "yes"
        today = timezone.localdate()
        in_force = set(selectors.thresholds_in_force(today).values_list("pk", flat=True))
        return super().get_context_data(
            thresholds=selectors.threshold_list(include_archived=include_archived),
            in_force=in_force,
            local_rules=selectors.local_rule_list(include_archived=include_archived),
            include_archived=include_archived,
            today=today,
            can_manage=self.request.user.has_perm("procurement.manage_rules"),
            **kwargs,
        )


class _RecordMixin(PermissionMixin):
    permission = "procurement.manage_rules"
    model = None
    noun = ""
    history_url_name = ""

    def get_record(self):
        if not hasattr(self, "_record"):
            self._record = get_object_or_404(self.model, pk=self.kwargs["pk"])
        return self._record

    def get_back_url(self) -> str:
        return reverse("procurement:rules")


class _CreateView(PermissionMixin, FormPageMixin, FormView):
    permission = "procurement.manage_rules"

    def get_back_url(self):
        return reverse("procurement:rules")

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        record = self.run_service(form, lambda: self.create(data))
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{record} has been added.")
        return redirect("procurement:rules")


class _UpdateView(_RecordMixin, FormPageMixin, FormView):
    submit_label = "Save changes"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_record()
        kwargs.setdefault("initial", {})["version"] = self.get_record().version
        return kwargs

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        record = self.run_service(form, lambda: self.update(data, form.cleaned_data.get("version")))
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect("procurement:rules")


class ThresholdCreateView(_CreateView):
    form_class = ThresholdForm
    page_title = "Add a threshold"
    submit_label = "Add threshold"
    lede = (
        "Thresholds include VAT. Give the one it replaces a last day first, so that the dates do not overlap."
    )

    def create(self, data):
        return services.threshold_create(actor=self.request.user, data=data)


class ThresholdUpdateView(_UpdateView):
    model = Threshold
    form_class = ThresholdForm

    @property
    def page_title(self):
        return f"Change the threshold: {self.get_record()}"

    def update(self, data, version):
        return services.threshold_update(
            actor=self.request.user, threshold=self.get_record(), data=data, expected_version=version
        )


class ThresholdArchiveView(_RecordMixin, ArchiveViewMixin, FormView):
    model = Threshold
    noun = "threshold"

    def archive_record(self, record, reason):
        return services.threshold_archive(actor=self.request.user, threshold=record, reason=reason)


class ThresholdRestoreView(_RecordMixin, RestoreViewMixin, FormView):
    model = Threshold
    noun = "threshold"

    def restore_record(self, record):
        return services.threshold_restore(actor=self.request.user, threshold=record)


class LocalRuleCreateView(_CreateView):
    form_class = LocalRuleForm
    page_title = "Add a local rule"
    submit_label = "Add rule"

    def create(self, data):
        return services.local_rule_create(actor=self.request.user, data=data)


class LocalRuleUpdateView(_UpdateView):
    model = LocalRule
    form_class = LocalRuleForm

    @property
    def page_title(self):
        return f"Change the local rule: {self.get_record()}"

    def update(self, data, version):
        return services.local_rule_update(
            actor=self.request.user, rule=self.get_record(), data=data, expected_version=version
        )


class LocalRuleArchiveView(_RecordMixin, ArchiveViewMixin, FormView):
    model = LocalRule
    noun = "rule"

    def archive_record(self, record, reason):
        return services.local_rule_archive(actor=self.request.user, rule=record, reason=reason)


class LocalRuleRestoreView(_RecordMixin, RestoreViewMixin, FormView):
    model = LocalRule
    noun = "rule"

    def restore_record(self, record):
        return services.local_rule_restore(actor=self.request.user, rule=record)


class RuleHistoryView(PermissionMixin, TemplateView):
    permission = "procurement.view_route_advice"
    template_name = "procurement/history.html"
    model = None

    def get_context_data(self, **kwargs):
        record = get_object_or_404(self.model, pk=self.kwargs["pk"])
        return super().get_context_data(
            record=record,
            history=history_for(record),
            record_tabs=record_tabs(details_url=reverse("procurement:rules"), history_url=self.request.path,
                                    current="history", details_label="All rules"),
            **kwargs,
        )  # fmt: skip
