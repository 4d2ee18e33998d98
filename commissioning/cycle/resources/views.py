"""Pages for an activity's agreed budgets and its reviews: lists, add, change, archive, restore and history."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from commissioning.core.selectors import history_for
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    RestoreViewMixin,
    require,
)
from commissioning.cycle.models import ActivityBudget, ActivityReview, ReviewRecommendation
from commissioning.cycle.resources import selectors, services
from commissioning.cycle.resources.forms import BudgetForm, ReviewForm
from commissioning.cycle.views import ActivityMixin


class ActivityPageMixin(ActivityMixin):
    """A page of one activity: the activity is found and the permissions checked before anything else runs."""

    template_name = "cycle/resources/form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, "cycle.view_activity_list")
            self.get_activity()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("activity", self.get_activity())
        return super().get_context_data(**kwargs)

    def can_change(self) -> bool:
        activity = self.get_activity()
        return self.request.user.has_perm("cycle.change_activity", activity) and not activity.is_archived


class RecordArchiveView(ArchiveViewMixin, FormView):
    """Archive a record that is listed on an activity page, then go back to that list."""

    def form_valid(self, form):
        record = self.run_service(
            form, lambda: self.archive_record(self.get_record(), form.cleaned_data["reason"])
        )
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{record} has been archived.")
        return redirect(self.get_back_url())


class RecordRestoreView(RestoreViewMixin, FormView):
    def form_valid(self, form):
        record = self.run_service(form, lambda: self.restore_record(self.get_record()))
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{record} has been restored.")
        return redirect(self.get_back_url())


# Budgets


class BudgetMixin(ActivityPageMixin):
    def get_back_url(self):
        return reverse("cycle:resources:budgets", args=[self.get_activity().pk])

    def get_record(self) -> ActivityBudget:
        if not hasattr(self, "_budget"):
            try:
                self._budget = selectors.budget_for(self.get_activity(), self.kwargs["budget_pk"])
            except ActivityBudget.DoesNotExist as exc:
                raise Http404("No such budget") from exc
        return self._budget


def _budget_data(form) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name != "version"}


class BudgetListView(BudgetMixin, ListPageMixin, TemplateView):
    template_name = "cycle/resources/budget_list.html"
    csv_columns = [
        ("Amount (£)", lambda b: f"{b.amount:.2f}"),
        ("Years it covers", lambda b: b.period),
        ("Agreed by", lambda b: b.agreed_by),
        ("Date agreed", lambda b: b.agreed_on.isoformat()),
        ("Reference", lambda b: b.reference),
        ("Funding sources and conditions", lambda b: b.notes),
        ("Recorded by", lambda b: str(b.recorded_by)),
        ("Archived", lambda b: "Yes" if b.is_archived else "No"),
    ]

    @property
    def csv_filename(self):
        return f"budgets {self.get_activity().title}"

    def include_archived(self) -> bool:
        return self.request.GET.get("archived") == "yes"

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.budget_list(self.get_activity(), include_archived=self.include_archived())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        activity = self.get_activity()
        return super().get_context_data(
            activity=activity,
            total=selectors.budget_total(activity),
            include_archived=self.include_archived(),
            can_change=self.can_change(),
            **self.paginate(self.queryset),
            **kwargs,
        )


class BudgetCreateView(BudgetMixin, FormPageMixin, FormView):
    form_class = BudgetForm
    change = True
    page_title = "Record an agreed budget"
    submit_label = "Save budget"
    lede = "The budget agreed for this activity by a board or budget holder. Step 7 looks for it."

    def form_valid(self, form):
        budget = self.run_service(
            form,
            lambda: services.budget_create(
                actor=self.request.user, activity=self.get_activity(), data=_budget_data(form)
            ),
        )
        if budget is None:
            return self.form_invalid(form)
        messages.success(
            self.request, f"Budget recorded: {services.money(budget.amount)} for {budget.period}."
        )
        return redirect(self.get_back_url())


class BudgetUpdateView(BudgetMixin, FormPageMixin, FormView):
    form_class = BudgetForm
    change = True
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change the budget: {self.get_record()}"

    def get_initial(self):
        budget = self.get_record()
        return {name: getattr(budget, name) for name in services.BUDGET_FIELDS} | {"version": budget.version}

    def form_valid(self, form):
        budget = self.run_service(
            form,
            lambda: services.budget_update(
                actor=self.request.user,
                budget=self.get_record(),
                data=_budget_data(form),
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if budget is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes to the budget have been saved.")
        return redirect(self.get_back_url())


class BudgetArchiveView(BudgetMixin, RecordArchiveView):
    noun = "budget"
    change = True
    lede = "An archived budget no longer counts towards the total or the step 7 gate. Nothing is deleted."

    def archive_record(self, budget, reason):
        return services.budget_archive(actor=self.request.user, budget=budget, reason=reason)


class BudgetRestoreView(BudgetMixin, RecordRestoreView):
    noun = "budget"
    change = True

    def restore_record(self, budget):
        return services.budget_restore(actor=self.request.user, budget=budget)


class BudgetHistoryView(BudgetMixin, TemplateView):
    template_name = "cycle/resources/history.html"

    def get_context_data(self, **kwargs):
        budget = self.get_record()
        return super().get_context_data(
            activity=self.get_activity(),
            record=budget,
            caption="Agreed budget",
            back_url=self.get_back_url(),
            back_label="Back to budgets",
            history=history_for(budget),
            **kwargs,
        )


# Reviews


class ReviewMixin(ActivityPageMixin):
    def get_back_url(self):
        return reverse("cycle:resources:reviews", args=[self.get_activity().pk])

    def get_record(self) -> ActivityReview:
        if not hasattr(self, "_review"):
            try:
                self._review = selectors.review_for(self.get_activity(), self.kwargs["review_pk"])
            except ActivityReview.DoesNotExist as exc:
                raise Http404("No such review") from exc
        return self._review


def _review_data(form) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name != "version"}


class ReviewListView(ReviewMixin, ListPageMixin, TemplateView):
    template_name = "cycle/resources/review_list.html"
    paginate_by = 10
    csv_columns = [
        ("Date of the review", lambda r: r.reviewed_on.isoformat()),
        ("How the review was done", lambda r: r.method),
        ("What the review found", lambda r: r.findings),
        ("Outcomes achieved", lambda r: r.outcomes_achieved),
        ("Recommendation", lambda r: r.get_recommendation_display()),
        ("Next review", lambda r: r.next_review_on.isoformat() if r.next_review_on else ""),
        ("Recorded by", lambda r: str(r.reviewed_by)),
        ("Archived", lambda r: "Yes" if r.is_archived else "No"),
    ]

    @property
    def csv_filename(self):
        return f"reviews {self.get_activity().title}"

    def include_archived(self) -> bool:
        return self.request.GET.get("archived") == "yes"

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.review_list(self.get_activity(), include_archived=self.include_archived())
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            activity=self.get_activity(),
            include_archived=self.include_archived(),
            can_change=self.can_change(),
            decommission=ReviewRecommendation.DECOMMISSION,
            **self.paginate(self.queryset),
            **kwargs,
        )


class ReviewCreateView(ReviewMixin, FormPageMixin, FormView):
    form_class = ReviewForm
    change = True
    page_title = "Record a review"
    submit_label = "Save review"
    lede = "What the activity achieved, how you found out and what should happen next. Step 9 looks for it."

    def form_valid(self, form):
        review = self.run_service(
            form,
            lambda: services.review_create(
                actor=self.request.user, activity=self.get_activity(), data=_review_data(form)
            ),
        )
        if review is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Review recorded: {review.get_recommendation_display().lower()}.")
        return redirect(self.get_back_url())


class ReviewUpdateView(ReviewMixin, FormPageMixin, FormView):
    form_class = ReviewForm
    change = True
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change the review of {self.get_record().reviewed_on:%-d %B %Y}"

    def get_initial(self):
        review = self.get_record()
        return {name: getattr(review, name) for name in services.REVIEW_FIELDS} | {"version": review.version}

    def form_valid(self, form):
        review = self.run_service(
            form,
            lambda: services.review_update(
                actor=self.request.user,
                review=self.get_record(),
                data=_review_data(form),
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if review is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes to the review have been saved.")
        return redirect(self.get_back_url())


class ReviewArchiveView(ReviewMixin, RecordArchiveView):
    noun = "review"
    change = True
    lede = (
        "An archived review no longer counts for the step 9 gate. Nothing is deleted, and you can restore it."
    )

    def archive_record(self, review, reason):
        return services.review_archive(actor=self.request.user, review=review, reason=reason)


class ReviewRestoreView(ReviewMixin, RecordRestoreView):
    noun = "review"
    change = True

    def restore_record(self, review):
        return services.review_restore(actor=self.request.user, review=review)


class ReviewHistoryView(ReviewMixin, TemplateView):
    template_name = "cycle/resources/history.html"

    def get_context_data(self, **kwargs):
        review = self.get_record()
        return super().get_context_data(
            activity=self.get_activity(),
            record=review,
            caption="Review",
            back_url=self.get_back_url(),
            back_label="Back to reviews",
            history=history_for(review),
            **kwargs,
        )
