"""Pages for the strategy or plan of an activity: the strategy, drafting and changing it, its priorities,
recommendations and cross-cutting issues, approval, reopening, publication, archiving and history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from commissioning.core.forms import ReasonForm
from commissioning.core.views import FormPageMixin, record_tabs
from commissioning.cycle.models import (
    CrossCuttingIssue,
    Strategy,
    StrategyPriority,
    StrategyRecommendation,
    StrategyStatus,
)
from commissioning.cycle.resources.views import ActivityPageMixin
from commissioning.cycle.strategy import selectors, services
from commissioning.cycle.strategy.forms import (
    ApprovalForm,
    ConfirmForm,
    IssueForm,
    PriorityForm,
    RecommendationForm,
    StrategyForm,
)

FORM_TEMPLATE = "cycle/strategy/form.html"


class StrategyMixin(ActivityPageMixin):
    template_name = FORM_TEMPLATE

    def get_strategy(self) -> Strategy:
        if not hasattr(self, "_strategy"):
            strategy = selectors.strategy_for(self.get_activity())
            if strategy is None:
                raise Http404("This activity has no strategy yet")
            self._strategy = strategy
        return self._strategy

    def get_back_url(self):
        return reverse("cycle:strategy:detail", args=[self.get_activity().pk])

    def done(self, message: str):
        messages.success(self.request, message)
        return redirect(self.get_back_url())


def _tabs(activity, current: str) -> list[dict]:
    return record_tabs(
        details_url=reverse("cycle:strategy:detail", args=[activity.pk]),
        history_url=reverse("cycle:strategy:history", args=[activity.pk]),
        current=current,
        details_label="Strategy",
    )


STATUS_TAGS = {StrategyStatus.DRAFT: "govuk-tag--yellow", StrategyStatus.APPROVED: "govuk-tag--green"}


class StrategyDetailView(StrategyMixin, TemplateView):
    template_name = "cycle/strategy/detail.html"

    def get_context_data(self, **kwargs):
        activity = self.get_activity()
        strategy = selectors.strategy_for(activity)
        context = {"activity": activity, "strategy": strategy, "can_change": self.can_change()}
        if strategy is not None:
            context |= {
                "record_tabs": _tabs(activity, "details"),
                "tag": STATUS_TAGS.get(strategy.status, ""),
                "is_draft": strategy.status == StrategyStatus.DRAFT,
                "editable": self.can_change()
                and strategy.status == StrategyStatus.DRAFT
                and not strategy.is_archived,
                "gaps": services.approval_gaps(strategy) if strategy.status == StrategyStatus.DRAFT else [],
                "needs_priorities": services.needs_priorities_to_add(strategy),
                "public_url": self.request.build_absolute_uri(
                    reverse("public_strategies:detail", args=[strategy.slug])
                ),
            }
        return super().get_context_data(**context, **kwargs)


class StrategyHistoryView(StrategyMixin, TemplateView):
    template_name = "cycle/strategy/history.html"

    def get_context_data(self, **kwargs):
        strategy = self.get_strategy()
        return super().get_context_data(
            strategy=strategy,
            tag=STATUS_TAGS.get(strategy.status, ""),
            record_tabs=_tabs(self.get_activity(), "history"),
            history=selectors.strategy_history(strategy),
            **kwargs,
        )


def _strategy_data(form) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name not in ("version", "outcomes")}


class StrategyCreateView(StrategyMixin, FormPageMixin, FormView):
    form_class = StrategyForm
    change = True
    page_title = "Draft the strategy or plan"
    submit_label = "Save draft"
    lede = (
        "Identify the outcomes you want to achieve and give an outline of your assessment of need. "
        "You add the priorities, recommendations and cross-cutting issues next."
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and selectors.strategy_for(self.get_activity()) is not None:
            return redirect(self.get_back_url())
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"title": self.get_activity().title}

    def form_valid(self, form):
        strategy = self.run_service(
            form,
            lambda: services.strategy_create(
                actor=self.request.user,
                activity=self.get_activity(),
                data=_strategy_data(form),
                outcomes=form.cleaned_data["outcomes"],
            ),
        )
        if strategy is None:
            return self.form_invalid(form)
        return self.done(f"Draft saved: {strategy.title}.")


class StrategyUpdateView(StrategyMixin, FormPageMixin, FormView):
    form_class = StrategyForm
    change = True
    page_title = "Change the strategy"
    submit_label = "Save changes"

    def get_initial(self):
        strategy = self.get_strategy()
        return {name: getattr(strategy, name) for name in services.STRATEGY_FIELDS} | {
            "outcomes": list(strategy.outcomes.all()),
            "version": strategy.version,
        }

    def form_valid(self, form):
        strategy = self.run_service(
            form,
            lambda: services.strategy_update(
                actor=self.request.user,
                strategy=self.get_strategy(),
                data=_strategy_data(form),
                outcomes=form.cleaned_data["outcomes"],
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if strategy is None:
            return self.form_invalid(form)
        return self.done("Your changes to the strategy have been saved.")


# Rows: priorities, recommendations and cross-cutting issues


class RowMixin(StrategyMixin):
    """A priority, recommendation or cross-cutting issue of the activity's strategy."""

    change = True
    model = None
    related_name = ""
    noun = ""

    def get_row(self):
        if not hasattr(self, "_row"):
            rows = getattr(self.get_strategy(), self.related_name).all()
            try:
                self._row = rows.get(pk=self.kwargs["row_pk"])
            except self.model.DoesNotExist as exc:
                raise Http404(f"No such {self.noun}") from exc
        return self._row


class RowCreateView(RowMixin, FormPageMixin, FormView):
    submit_label = "Add"

    def get_form_class(self):
        return self.row_form_class

    def form_valid(self, form):
        row = self.run_service(form, lambda: self.add(form.cleaned_data))
        if row is None:
            return self.form_invalid(form)
        return self.done(f"The {self.noun} has been added.")


class RowUpdateView(RowMixin, FormPageMixin, FormView):
    submit_label = "Save changes"

    def get_form_class(self):
        return self.row_form_class

    def get_initial(self):
        row = self.get_row()
        fields = self.row_form_class.base_fields
        initial = {name: getattr(row, name) for name in fields if name != "outcomes"}
        if "outcomes" in fields:
            initial["outcomes"] = list(row.outcomes.all())
        return initial

    def form_valid(self, form):
        row = self.run_service(form, lambda: self.update(self.get_row(), form.cleaned_data))
        if row is None:
            return self.form_invalid(form)
        return self.done(f"Your changes to the {self.noun} have been saved.")


class RowRemoveView(RowMixin, FormPageMixin, FormView):
    """Ask before removing a row; the removal is written to the activity's timeline."""

    form_class = ConfirmForm
    destructive = True
    lede = "It is removed from the strategy. The activity's history keeps a note that it was removed."

    @property
    def submit_label(self):
        return f"Remove {self.noun}"

    @property
    def page_title(self):
        return f"Are you sure you want to remove this {self.noun}?"

    def get_context_data(self, **kwargs):
        return super().get_context_data(quoted=str(self.get_row()), **kwargs)

    def form_valid(self, form):
        row = self.run_service(form, lambda: self.remove(self.get_row()))
        if row is None:
            return self.form_invalid(form)
        return self.done(f"The {self.noun} has been removed.")


class RowMoveView(RowMixin, View):
    """Move a priority or recommendation up or down (a POST from the strategy page)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        direction = request.POST.get("direction", "")
        try:
            self.move(self.get_row(), direction)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect(f"{self.get_back_url()}#{self.related_name.replace('_', '-')}")


class PriorityMixin:
    model = StrategyPriority
    related_name = "priorities"
    noun = "priority"
    row_form_class = PriorityForm

    def add(self, data):
        return services.priority_add(
            actor=self.request.user,
            strategy=self.get_strategy(),
            data=data,
            outcomes=data["outcomes"],
        )

    def update(self, row, data):
        return services.priority_update(
            actor=self.request.user, priority=row, data=data, outcomes=data["outcomes"]
        )

    def remove(self, row):
        return services.priority_remove(actor=self.request.user, priority=row)

    def move(self, row, direction):
        return services.priority_move(actor=self.request.user, priority=row, direction=direction)


class PrioritiesFromNeedsView(StrategyMixin, View):
    """Add the priorities of the activity's final needs analyses to its strategy (a POST from the strategy page)."""

    change = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            added = services.priorities_from_needs(actor=request.user, strategy=self.get_strategy())
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                f"{len(added)} priorit{'ies' if len(added) != 1 else 'y'} added from the needs analysis.",
            )
        return redirect(f"{self.get_back_url()}#priorities")


class RecommendationMixin:
    model = StrategyRecommendation
    related_name = "recommendations"
    noun = "recommendation"
    row_form_class = RecommendationForm

    def add(self, data):
        return services.recommendation_add(actor=self.request.user, strategy=self.get_strategy(), data=data)

    def update(self, row, data):
        return services.recommendation_update(actor=self.request.user, recommendation=row, data=data)

    def remove(self, row):
        return services.recommendation_remove(actor=self.request.user, recommendation=row)

    def move(self, row, direction):
        return services.recommendation_move(actor=self.request.user, recommendation=row, direction=direction)


class IssueMixin:
    model = CrossCuttingIssue
    related_name = "cross_cutting_issues"
    noun = "cross-cutting issue"
    row_form_class = IssueForm

    def add(self, data):
        return services.issue_add(actor=self.request.user, strategy=self.get_strategy(), data=data)

    def update(self, row, data):
        return services.issue_update(actor=self.request.user, issue=row, data=data)

    def remove(self, row):
        return services.issue_remove(actor=self.request.user, issue=row)


class PriorityCreateView(PriorityMixin, RowCreateView):
    page_title = "Add a priority"
    submit_label = "Add priority"
    lede = "Use the findings of your assessment of need to set priorities, each linked to outcomes."


class PriorityUpdateView(PriorityMixin, RowUpdateView):
    page_title = "Change the priority"


class PriorityRemoveView(PriorityMixin, RowRemoveView):
    pass


class PriorityMoveView(PriorityMixin, RowMoveView):
    pass


class RecommendationCreateView(RecommendationMixin, RowCreateView):
    page_title = "Add a recommendation"
    submit_label = "Add recommendation"
    lede = "State your recommendations about service delivery and their impact."


class RecommendationUpdateView(RecommendationMixin, RowUpdateView):
    page_title = "Change the recommendation"


class RecommendationRemoveView(RecommendationMixin, RowRemoveView):
    pass


class RecommendationMoveView(RecommendationMixin, RowMoveView):
    pass


class IssueCreateView(IssueMixin, RowCreateView):
    page_title = "Add a shared cross-cutting issue or priority"
    submit_label = "Add cross-cutting issue"
    lede = "Who the shared issue is with, what it is, and how you have agreed to progress it jointly."


class IssueUpdateView(IssueMixin, RowUpdateView):
    page_title = "Change the cross-cutting issue"


class IssueRemoveView(IssueMixin, RowRemoveView):
    pass


# Approval, publication and archiving


class StrategyActionView(StrategyMixin, FormPageMixin, FormView):
    """A confirmation page for one change of the strategy's status."""

    change = True
    form_class = ConfirmForm
    success_message = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(quoted=self.get_strategy().title, **kwargs)

    def form_valid(self, form):
        strategy = self.run_service(form, lambda: self.act(self.get_strategy(), form.cleaned_data))
        if strategy is None:
            return self.form_invalid(form)
        return self.done(self.success_message)


class StrategyApproveView(StrategyActionView):
    form_class = ApprovalForm
    page_title = "Record the approval of the strategy"
    submit_label = "Record approval"
    success_message = "The approval of the strategy has been recorded."
    lede = (
        "Record the board or body that approved the strategy, the date and the minute reference. "
        "An approved strategy cannot be changed unless it is reopened."
    )

    def get_initial(self):
        return {"version": self.get_strategy().version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(gaps=services.approval_gaps(self.get_strategy()), **kwargs)

    def form_invalid(self, form):
        # The service lists every unmet condition; when the form stops first, show the conditions too.
        shown = set(form.non_field_errors())
        for gap in services.approval_gaps(self.get_strategy()):
            if gap not in shown:
                form.add_error(None, gap)
        return super().form_invalid(form)

    def act(self, strategy, data):
        return services.strategy_approve(
            actor=self.request.user,
            strategy=strategy,
            data={name: data[name] for name in services.APPROVAL_FIELDS},
            expected_version=data.get("version"),
        )


class StrategyReopenView(StrategyActionView):
    form_class = ReasonForm
    page_title = "Reopen the strategy as a draft?"
    submit_label = "Reopen strategy"
    destructive = True
    success_message = "The strategy is a draft again and is no longer on its public page."
    lede = "Its approval is cleared and it comes off its public page. It will need approving again."

    def act(self, strategy, data):
        return services.strategy_reopen(actor=self.request.user, strategy=strategy, reason=data["reason"])


class StrategyPublishView(StrategyActionView):
    page_title = "Publish the strategy?"
    submit_label = "Publish strategy"
    success_message = "The strategy is published on its public page."
    lede = (
        "Share your strategy or plan with key stakeholders, including existing and potential providers. "
        "Anyone can read the public page without signing in. It shows the approving body, the date and "
        "the minute reference, and no staff names."
    )

    def act(self, strategy, data):
        return services.strategy_publish(actor=self.request.user, strategy=strategy)


class StrategyUnpublishView(StrategyActionView):
    form_class = ReasonForm
    page_title = "Take the strategy off its public page?"
    submit_label = "Unpublish strategy"
    destructive = True
    success_message = "The strategy is no longer on its public page."

    def act(self, strategy, data):
        return services.strategy_unpublish(actor=self.request.user, strategy=strategy, reason=data["reason"])


class StrategyArchiveView(StrategyActionView):
    form_class = ReasonForm
    page_title = "Are you sure you want to archive the strategy?"
    submit_label = "Archive strategy"
    destructive = True
    success_message = "The strategy has been archived."
    lede = "An archived strategy comes off its public page and cannot be changed. Nothing is deleted."

    def act(self, strategy, data):
        return services.strategy_archive(actor=self.request.user, strategy=strategy, reason=data["reason"])


class StrategyRestoreView(StrategyActionView):
    page_title = "Restore the strategy?"
    submit_label = "Restore strategy"
    success_message = "The strategy has been restored. Publish it again if it should be public."

    def act(self, strategy, data):
        return services.strategy_restore(actor=self.request.user, strategy=strategy)
