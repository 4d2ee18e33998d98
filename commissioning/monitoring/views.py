"""Pages for contract monitoring: the overview, one agreement's monitoring, periods and returns (for officers
and for the provider), meetings, visits, feedback, improvement plans, reviews and KPI assessments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from commissioning.contracts.models import Agreement, Kpi
from commissioning.core.exceptions import ConflictError
from commissioning.core.selectors import history_for
from commissioning.core.table_cache import remember
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RememberedResultsMixin,
    RestoreViewMixin,
    record_tabs,
    require,
)
from commissioning.monitoring import selectors, services
from commissioning.monitoring.characteristics import CHARACTERISTICS, field_name
from commissioning.monitoring.charts import trend_chart
from commissioning.monitoring.forms import (
    ActionForm,
    ActionStatusForm,
    AnnualReviewForm,
    AssessmentForm,
    BandForm,
    FeedbackForm,
    ImprovementPlanForm,
    KpiForm,
    MeetingForm,
    PlanForm,
    QueryForm,
    ReturnForm,
    VersionForm,
    VisitForm,
)
from commissioning.monitoring.models import (
    AnnualReview,
    FeedbackRecord,
    Frequency,
    FrequencyBand,
    ImprovementPlan,
    KpiAssessment,
    Meeting,
    MeetingAction,
    ReturnPeriod,
    ReturnStatus,
    Visit,
)
from commissioning.monitoring.rag import Rag, kpi_rag
from commissioning.monitoring.rules import provider_ids_of
from commissioning.needs.models import Indicator

VIEW = "monitoring.view_monitoring"
CHANGE = (VIEW, "monitoring.change_monitoring")

EXPORT_COLUMNS = [
    ("Reference", lambda a: a.reference),
    ("Title", lambda a: a.title),
    ("Provider", lambda a: a.provider.name),
    ("Annual value", lambda a: a.annual_value),
    ("Return frequency", lambda a: a.monitoring_plan.get_frequency_display() if _has_plan(a) else "No plan"),
    ("Latest rating", lambda a: a.rag.value if getattr(a, "rag", None) else ""),
    ("Overdue returns", lambda a: a.overdue_count),
    ("Returns awaiting review", lambda a: a.awaiting_count),
    ("Meetings with late minutes", lambda a: a.late_minutes_count),
    ("Independent feedback in the last 12 months", lambda a: "Yes" if a.has_independent_feedback else "No"),
]


def _has_plan(agreement) -> bool:
    try:
        return agreement.monitoring_plan is not None
    except Agreement.monitoring_plan.RelatedObjectDoesNotExist:
        return False


def _frequency_label(value) -> str:
    return Frequency(value).label.lower() if value else ""


class MonitoringHomeView(PermissionMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "monitoring/home.html"
    results_template = "monitoring/_home_results.html"
    results_by_day = True  # overdue returns, late minutes and feedback in the last 12 months
    csv_filename = "contract-monitoring"
    csv_columns = EXPORT_COLUMNS

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip(),
            "flag": params.get("flag", ""),
            "ordering": params.get("sort", "reference"),
        }

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.overview(**self.filters())
        if self.wants_csv():
            rows = list(self.queryset)
            ratings = selectors.latest_ratings(rows)
            for agreement in rows:
                agreement.rag = ratings.get(agreement.pk)
            return self.csv_response(rows)
        return super().get(request, *args, **kwargs)

    def results_context(self) -> dict:
        context = self.paginate(self.queryset)
        page = list(context["object_list"])
        ratings = selectors.latest_ratings(page)
        for agreement in page:
            agreement.rag = ratings.get(agreement.pk)
            agreement.has_plan = _has_plan(agreement)
        return {**context, "agreements": page}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            results=self.remembered_results(),
            can_manage_bands=self.request.user.has_perm("monitoring.manage_bands"),
            filters=self.filters(),
            flag_options=[
                ("overdue", "Overdue returns"),
                ("awaiting", "Returns awaiting review"),
                ("minutes", "Minutes sent late or not sent"),
                ("feedback", "No independent feedback in 12 months"),
                ("no_plan", "No monitoring plan"),
            ],
            sort_options=[
                ("reference", "Reference"),
                ("title", "Title"),
                ("provider", "Provider"),
                ("overdue", "Most overdue returns first"),
                ("value", "Highest annual value first"),
            ],
        )
        return context


class AgreementMixin(PermissionMixin):
    permission = VIEW

    def get_agreement(self) -> Agreement:
        if not hasattr(self, "_agreement"):
            try:
                self._agreement = selectors.agreement_for_monitoring(self.kwargs["pk"])
            except Agreement.DoesNotExist as exc:
                raise Http404("No such agreement") from exc
        return self._agreement

    def get_back_url(self):
        return reverse("monitoring:agreement", args=[self.get_agreement().pk])

    def tabs(self, current):
        pk = self.get_agreement().pk
        return record_tabs(
            details_url=reverse("monitoring:agreement", args=[pk]),
            history_url=reverse("monitoring:agreement-history", args=[pk]),
            current=current,
            details_label="Monitoring",
        )


class AgreementView(AgreementMixin, TemplateView):
    template_name = "monitoring/agreement.html"

    def get_context_data(self, **kwargs):
        agreement = self.get_agreement()
        kpis = list(selectors.kpis_of(agreement, include_archived=True))
        frequency = services.default_frequency(agreement)
        can_change = self.request.user.has_perm("monitoring.change_monitoring")
        returns_html, latest_rag = returns_and_trends(agreement)
        records_html, flags = monitoring_records(agreement, can_change=can_change)
        return super().get_context_data(
            agreement=agreement,
            plan=agreement.monitoring_plan if _has_plan(agreement) else None,
            default_frequency=frequency,
            default_frequency_label=_frequency_label(frequency),
            kpis=kpis,
            returns_html=returns_html,
            latest_rag=latest_rag,
            records_html=records_html,
            flags=flags,
            can_copy=bool(services.specification_kpis(agreement)),
            can_change=can_change,
            record_tabs=self.tabs("details"),
            **kwargs,
        )


def monitoring_records(agreement: Agreement, *, can_change: bool) -> tuple[str, dict]:
    """The agreement's meetings, visits, user feedback, improvement plans, annual reviews and KPI assessments,
    rendered, with its flags (late minutes, feedback in the last year, the review window). They depend on the
    agreement, the day and whether the person may change monitoring records, not on who they are, so they are kept
    in the table cache on those until one of the tables they were read from is written."""
    today = timezone.localdate()

    def compute() -> tuple[str, dict]:
        flags = selectors.agreement_flags(agreement, today=today)
        late = {m.pk for m in flags["late_minutes"]}
        meetings = list(agreement.monitoring_meetings.active().prefetch_related("actions"))
        for meeting in meetings:
            meeting.minutes_late = meeting.pk in late
        html = render_to_string(
            "monitoring/_agreement_records.html",
            {
                "agreement": agreement,
                "meetings": meetings,
                "visits": agreement.monitoring_visits.active(),
                "feedback": agreement.feedback_records.active(),
                "improvement_plans": agreement.improvement_plans.active(),
                "reviews": agreement.annual_reviews.active().select_related("activity_review"),
                "assessments": agreement.kpi_assessments.active().select_related("kpi"),
                "active_kpi_count": selectors.kpis_of(agreement).count(),
                "flags": flags,
                "can_change": can_change,
            },
        )
        return html, flags

    # The agreement itself was read before: its last change and whether it is archived are part of the key.
    saved = f"{agreement.pk}|{agreement.updated_at.isoformat()}|{agreement.is_archived}"
    return remember(f"monitoring.records_html|{saved}|{can_change}|{today.isoformat()}", compute)


def returns_and_trends(agreement: Agreement) -> tuple[str, Rag | None]:
    """The agreement's return periods, trend chart and trend table, rendered, and its latest rating. They depend on
    the agreement and the day only, not on the person, so they are kept in the table cache until a period, return,
    figure or KPI is written: every period and every KPI's actual in each is a large table to render on each view."""
    today = timezone.localdate()

    def compute() -> tuple[str, Rag | None]:
        rows = selectors.period_rows(agreement, today=today)
        trend = selectors.trend(agreement, rows)
        html = render_to_string(
            "monitoring/_agreement_returns.html",
            {"rows": rows, "trend": trend, "chart": trend_chart(rows, trend)},
        )
        return html, next((row.rag for row in reversed(rows) if row.rag), None)

    return remember(f"monitoring.returns_html|{agreement.pk}|{today.isoformat()}", compute)


class AgreementHistoryView(AgreementMixin, TemplateView):
    template_name = "monitoring/agreement_history.html"

    def get_context_data(self, **kwargs):
        agreement = self.get_agreement()
        return super().get_context_data(
            agreement=agreement, history=history_for(agreement), record_tabs=self.tabs("history"), **kwargs
        )


class PlanView(AgreementMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = PlanForm
    submit_label = "Save monitoring plan"
    lede = "Each period's return is due the given number of days after the period ends."

    @property
    def page_title(self):
        return f"Monitoring plan for {self.get_agreement().reference}"

    def get_initial(self):
        agreement = self.get_agreement()
        if _has_plan(agreement):
            plan = agreement.monitoring_plan
            return {
                "frequency": plan.frequency,
                "first_period_starts_on": plan.first_period_starts_on,
                "due_days": plan.due_days,
                "version": plan.version,
            }
        return {
            "frequency": services.default_frequency(agreement),
            "first_period_starts_on": agreement.starts_on,
            "due_days": 28,
        }

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        plan = self.run_service(
            form,
            lambda: services.plan_save(
                actor=self.request.user, agreement=self.get_agreement(), data=data, expected_version=version
            ),
        )
        if plan is None:
            return self.form_invalid(form)
        messages.success(self.request, "The monitoring plan has been saved and the return periods drawn.")
        return redirect("monitoring:agreement", pk=self.get_agreement().pk)


class KpiFormMixin(AgreementMixin, FormPageMixin):
    permission = CHANGE
    form_class = KpiForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "indicators": Indicator.objects.active().order_by("title")}


class KpiCreateView(KpiFormMixin, FormView):
    submit_label = "Add KPI"
    page_title = "Add a KPI"

    def get_initial(self):
        return {"kind": "output", "polarity": "higher", "tolerance": "10"}

    def form_valid(self, form):
        kpi = self.run_service(
            form,
            lambda: services.kpi_create(
                actor=self.request.user, agreement=self.get_agreement(), data=form.cleaned_data
            ),
        )
        if kpi is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The KPI '{kpi}' has been added.")
        return redirect("monitoring:agreement", pk=self.get_agreement().pk)


class KpiMixin(AgreementMixin):
    def get_kpi(self) -> Kpi:
        try:
            return Kpi.objects.get(pk=self.kwargs["kpi"], agreement=self.get_agreement())
        except Kpi.DoesNotExist as exc:
            raise Http404("No such KPI") from exc


class KpiUpdateView(KpiMixin, KpiFormMixin, FormView):
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change the KPI '{self.get_kpi()}'"

    def get_initial(self):
        kpi = self.get_kpi()
        return {name: getattr(kpi, name) for name in services.KPI_FIELDS}

    def form_valid(self, form):
        kpi = self.run_service(
            form,
            lambda: services.kpi_update(actor=self.request.user, kpi=self.get_kpi(), data=form.cleaned_data),
        )
        if kpi is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect("monitoring:agreement", pk=self.get_agreement().pk)


class KpiArchiveView(KpiMixin, ArchiveViewMixin, FormView):
    permission = CHANGE
    noun = "KPI"
    lede = "An archived KPI is no longer asked for in returns. Past actuals are kept, and you can restore it."

    def get_record(self):
        return self.get_kpi()

    def get_back_url(self):
        return reverse("monitoring:agreement", args=[self.get_agreement().pk])

    def archive_record(self, kpi, reason):
        return services.kpi_archive(actor=self.request.user, kpi=kpi, reason=reason)

    def form_valid(self, form):
        kpi = self.run_service(
            form, lambda: self.archive_record(self.get_record(), form.cleaned_data["reason"])
        )
        if kpi is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The KPI '{kpi}' has been archived.")
        return redirect(self.get_back_url())


class KpiRestoreView(KpiMixin, RestoreViewMixin, FormView):
    permission = CHANGE
    noun = "KPI"

    def get_record(self):
        return self.get_kpi()

    def get_back_url(self):
        return reverse("monitoring:agreement", args=[self.get_agreement().pk])

    def restore_record(self, kpi):
        return services.kpi_restore(actor=self.request.user, kpi=kpi)

    def form_valid(self, form):
        kpi = self.run_service(form, lambda: self.restore_record(self.get_record()))
        if kpi is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The KPI '{kpi}' has been restored.")
        return redirect(self.get_back_url())


class KpiCopyView(AgreementMixin, View):
    permission = CHANGE

    def post(self, request, *args, **kwargs):
        agreement = self.get_agreement()
        try:
            added, skipped = services.kpis_copy_from_specification(actor=request.user, agreement=agreement)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("monitoring:agreement", pk=agreement.pk)
        text = f"{len(added)} KPI{'s' if len(added) != 1 else ''} copied from the specification."
        if skipped:
            text += " Not copied: " + "; ".join(skipped) + "."
        messages.success(request, text)
        return redirect("monitoring:agreement", pk=agreement.pk)


# Periods and returns ------------------------------------------------------------------------------------------


class PeriodMixin(PermissionMixin):
    """Partnership roles see every period; a provider user only those of its own organisation's agreements
    (404 for any other)."""

    def get_period(self):
        if not hasattr(self, "_period"):
            try:
                period = selectors.period_detail(self.kwargs["pk"])
            except ReturnPeriod.DoesNotExist as exc:
                raise Http404("No such period") from exc
            user = self.request.user
            if not user.has_perm(VIEW) and period.agreement.provider_id not in provider_ids_of(user):
                raise Http404("No such period")
            self._period = period
        return self._period


def _characteristic_rows(provider_return):
    rows = []
    for key, (label, groups) in CHARACTERISTICS.items():
        counts = (provider_return.characteristics or {}).get(key) or {}
        rows.append(
            {"label": label, "counts": [(g, counts.get(g)) for g in groups if counts.get(g) is not None]}
        )
    return rows


class PeriodView(PeriodMixin, TemplateView):
    template_name = "monitoring/period.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (
            request.user.has_perm(VIEW) or request.user.has_perm("monitoring.use_returns_portal")
        ):
            require(request.user, VIEW)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        period = self.get_period()
        returns = selectors.returns_of(period)
        for provider_return in returns:
            provider_return.characteristic_rows = _characteristic_rows(provider_return)
            provider_return.rated = [
                (
                    actual,
                    kpi_rag(
                        actual=actual.value,
                        target=actual.kpi.target,
                        polarity=actual.kpi.polarity,
                        tolerance=actual.kpi.tolerance,
                    ),
                )
                for actual in provider_return.actuals.all()
            ]
        current = next((r for r in returns if r.status != ReturnStatus.SUPERSEDED), None)
        user = self.request.user
        is_provider = period.agreement.provider_id in provider_ids_of(user)
        return super().get_context_data(
            period=period,
            agreement=period.agreement,
            returns=returns,
            current=current,
            overdue=period.due_on < timezone.localdate()
            and (current is None or current.status == ReturnStatus.QUERIED),
            can_review=user.has_perm("monitoring.change_monitoring")
            and current is not None
            and current.status == ReturnStatus.SUBMITTED,
            can_submit=is_provider
            and (current is None or current.status == ReturnStatus.QUERIED)
            and period.ends_on <= timezone.localdate(),
            is_officer=user.has_perm(VIEW),
            **kwargs,
        )


def _provider_status(period) -> str:
    current = period.current_returns[0] if period.current_returns else None
    return current.get_status_display() if current else "Not submitted"


class ProviderReturnsView(PermissionMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    permission = "monitoring.use_returns_portal"
    template_name = "monitoring/provider_returns.html"
    results_template = "monitoring/_provider_returns_results.html"
    results_by_day = True  # periods ended, open for a return or overdue
    csv_filename = "monitoring-returns"
    csv_columns = [
        ("Agreement", lambda p: p.agreement.reference),
        ("Title", lambda p: p.agreement.title),
        ("Period start", lambda p: p.starts_on.isoformat()),
        ("Period end", lambda p: p.ends_on.isoformat()),
        ("Due", lambda p: p.due_on.isoformat()),
        ("Status", _provider_status),
    ]

    def get(self, request, *args, **kwargs):
        self.queryset = selectors.provider_periods(
            user=request.user, status=request.GET.get("status", ""), search=request.GET.get("q", "").strip()
        )
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            results=self.remembered_results(),
            search=self.request.GET.get("q", "").strip(),
            status=self.request.GET.get("status", ""),
        )
        return context

    def results_context(self) -> dict:
        today = timezone.localdate()
        context = self.paginate(self.queryset)
        periods = list(context["object_list"])
        for period in periods:
            period.current = period.current_returns[0] if period.current_returns else None
            period.overdue = period.due_on < today and (
                period.current is None or period.current.status == ReturnStatus.QUERIED
            )
            period.open_for_return = period.ends_on <= today and (
                period.current is None or period.current.status == ReturnStatus.QUERIED
            )
        return {**context, "periods": periods, "today": today}


class ReturnSubmitView(PeriodMixin, FormPageMixin, FormView):
    permission = "monitoring.use_returns_portal"
    template_name = "monitoring/return_form.html"
    form_class = ReturnForm
    submit_label = "Submit return"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, "monitoring.use_returns_portal")
            period = self.get_period()
            if period.agreement.provider_id not in provider_ids_of(request.user):
                raise Http404("No such period")
        return super().dispatch(request, *args, **kwargs)

    @property
    def page_title(self):
        return f"Return for {self.get_period()}"

    def get_back_url(self):
        return reverse("monitoring:returns")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kpis": self.get_period().agreement.kpis.active()}

    def get_initial(self):
        """After a query, start from the queried return so the provider changes only what was asked."""
        period = self.get_period()
        queried = period.returns.filter(status=ReturnStatus.QUERIED).prefetch_related("actuals").first()
        if queried is None:
            return {"complaints": "0", "safeguarding_incidents": "0"}
        initial = {
            "narrative": queried.narrative,
            "service_users": queried.service_users,
            "feedback_summary": queried.feedback_summary,
            "complaints": queried.complaints,
            "safeguarding_incidents": queried.safeguarding_incidents,
            "safeguarding_details": queried.safeguarding_details,
        }
        for actual in queried.actuals.all():
            initial[f"kpi_{actual.kpi_id}"] = f"{actual.value:g}"
        for key, (_, groups) in CHARACTERISTICS.items():
            counts = (queried.characteristics or {}).get(key) or {}
            for index, group in enumerate(groups):
                if counts.get(group) is not None:
                    initial[field_name(key, index)] = counts[group]
        return initial

    def get_context_data(self, **kwargs):
        period = self.get_period()
        return super().get_context_data(
            period=period,
            agreement=period.agreement,
            queried=period.returns.filter(status=ReturnStatus.QUERIED).first(),
            **kwargs,
        )

    def form_valid(self, form):
        provider_return = self.run_service(
            form,
            lambda: services.return_submit(
                actor=self.request.user, period=self.get_period(), data=form.return_data()
            ),
        )
        if provider_return is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Your return for {self.get_period()} has been submitted.")
        return redirect("monitoring:period", pk=self.get_period().pk)


class ReturnReviewMixin(PeriodMixin):
    permission = CHANGE

    def get_current(self):
        current = self.get_period().returns.exclude(status=ReturnStatus.SUPERSEDED).first()
        if current is None:
            raise Http404("No return to review")
        return current


class ReturnQueryView(ReturnReviewMixin, FormPageMixin, FormView):
    form_class = QueryForm
    submit_label = "Send query to the provider"
    lede = "The provider sees your query and resubmits the return. The queried return is kept in its history."

    @property
    def page_title(self):
        return f"Query the return for {self.get_period()}"

    def get_back_url(self):
        return reverse("monitoring:period", args=[self.get_period().pk])

    def get_initial(self):
        return {"version": self.get_current().version}

    def form_valid(self, form):
        try:
            result = self.run_service(
                form,
                lambda: services.return_query(
                    actor=self.request.user,
                    provider_return=self.get_current(),
                    query=form.cleaned_data["query"],
                    expected_version=form.cleaned_data.get("version"),
                ),
            )
        except ConflictError as exc:
            messages.error(self.request, str(exc))
            return redirect(self.get_back_url())
        if result is None:
            return self.form_invalid(form)
        messages.success(
            self.request, "The return has been queried. The provider has been asked to resubmit it."
        )
        return redirect(self.get_back_url())


class ReturnAcceptView(ReturnReviewMixin, View):
    def post(self, request, *args, **kwargs):
        form = VersionForm(request.POST)
        form.is_valid()
        try:
            services.return_accept(
                actor=request.user,
                provider_return=self.get_current(),
                expected_version=form.cleaned_data.get("version"),
            )
        except ConflictError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "The return has been accepted.")
        return redirect("monitoring:period", pk=self.get_period().pk)


# Meetings, visits, feedback, plans, reviews, assessments ---------------------------------------------------------


class AgreementFormView(AgreementMixin, FormPageMixin, FormView):
    """Record something on an agreement through a service; subclasses name the form, the service and the
    message."""

    permission = CHANGE
    success_message = ""

    def call(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        record = self.run_service(form, lambda: self.call(form))
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url(record))

    def get_success_url(self, record):
        return reverse("monitoring:agreement", args=[self.get_agreement().pk])


class MeetingCreateView(AgreementFormView):
    form_class = MeetingForm
    page_title = "Record a monitoring meeting"
    submit_label = "Save meeting"
    success_message = "The meeting has been recorded."

    def call(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        return services.meeting_save(actor=self.request.user, agreement=self.get_agreement(), data=data)

    def get_success_url(self, record):
        return reverse("monitoring:meeting", args=[record.pk])


class MeetingMixin(PermissionMixin):
    permission = VIEW

    def get_meeting(self) -> Meeting:
        try:
            return Meeting.objects.select_related("agreement__provider").get(pk=self.kwargs["pk"])
        except Meeting.DoesNotExist as exc:
            raise Http404("No such meeting") from exc

    def get_back_url(self):
        return reverse("monitoring:meeting", args=[self.kwargs["pk"]])


class MeetingView(MeetingMixin, TemplateView):
    template_name = "monitoring/meeting.html"

    def get_context_data(self, **kwargs):
        meeting = self.get_meeting()
        late = {m.pk for m in selectors.agreement_flags(meeting.agreement)["late_minutes"]}
        return super().get_context_data(
            meeting=meeting,
            agreement=meeting.agreement,
            minutes_late=meeting.pk in late,
            actions=meeting.actions.all(),
            status_choices=ActionStatusForm.base_fields["status"].choices,
            can_change=self.request.user.has_perm("monitoring.change_monitoring"),
            history=history_for(meeting),
            **kwargs,
        )


class MeetingUpdateView(MeetingMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = MeetingForm
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change the {self.get_meeting()}".replace("the Monitoring", "the monitoring")

    def get_initial(self):
        meeting = self.get_meeting()
        return {
            "held_on": meeting.held_on,
            "attendees": meeting.attendees,
            "minutes": meeting.minutes,
            "minutes_sent_on": meeting.minutes_sent_on,
            "version": meeting.version,
        }

    def form_valid(self, form):
        meeting = self.get_meeting()
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        result = self.run_service(
            form,
            lambda: services.meeting_save(
                actor=self.request.user, agreement=meeting.agreement, data=data, meeting=meeting
            ),
        )
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect("monitoring:meeting", pk=meeting.pk)


class ActionCreateView(MeetingMixin, FormPageMixin, FormView):
    permission = CHANGE
    form_class = ActionForm
    page_title = "Add an action"
    submit_label = "Add action"

    def form_valid(self, form):
        meeting = self.get_meeting()
        result = self.run_service(
            form,
            lambda: services.action_add(actor=self.request.user, meeting=meeting, data=form.cleaned_data),
        )
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, "The action has been added.")
        return redirect("monitoring:meeting", pk=meeting.pk)


class ActionStatusView(PermissionMixin, View):
    permission = CHANGE

    def post(self, request, *args, **kwargs):
        try:
            action = MeetingAction.objects.select_related("meeting").get(pk=kwargs["pk"])
        except MeetingAction.DoesNotExist as exc:
            raise Http404("No such action") from exc
        form = ActionStatusForm(request.POST)
        if form.is_valid():
            services.action_set_status(actor=request.user, action=action, status=form.cleaned_data["status"])
            messages.success(request, f"The action is now {action.get_status_display().lower()}.")
        else:
            messages.error(request, "Select the action's status.")
        return redirect("monitoring:meeting", pk=action.meeting_id)


class VisitCreateView(AgreementFormView):
    form_class = VisitForm
    page_title = "Record a visit"
    submit_label = "Save visit"
    success_message = "The visit has been recorded."

    def call(self, form):
        return services.visit_create(
            actor=self.request.user, agreement=self.get_agreement(), data=form.cleaned_data
        )


class FeedbackCreateView(AgreementFormView):
    form_class = FeedbackForm
    page_title = "Record user feedback"
    submit_label = "Save feedback"
    success_message = "The feedback has been recorded."
    lede = "Feedback from service users should be gathered regularly, and independently at least once a year."

    def call(self, form):
        return services.feedback_create(
            actor=self.request.user, agreement=self.get_agreement(), data=form.cleaned_data
        )


class ImprovementPlanCreateView(AgreementFormView):
    form_class = ImprovementPlanForm
    page_title = "Agree a performance improvement plan"
    submit_label = "Save plan"
    success_message = "The improvement plan has been recorded."

    def get_initial(self):
        return {"status": "open"}

    def call(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        return services.improvement_plan_save(
            actor=self.request.user, agreement=self.get_agreement(), data=data
        )


class ImprovementPlanUpdateView(AgreementFormView):
    form_class = ImprovementPlanForm
    submit_label = "Save changes"
    success_message = "Your changes have been saved."
    page_title = "Change the improvement plan"

    def get_plan(self):
        try:
            return ImprovementPlan.objects.get(pk=self.kwargs["plan"], agreement=self.get_agreement())
        except ImprovementPlan.DoesNotExist as exc:
            raise Http404("No such plan") from exc

    def get_initial(self):
        plan = self.get_plan()
        return {f: getattr(plan, f) for f in ("issues", "actions", "deadline", "status", "version")}

    def call(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        return services.improvement_plan_save(
            actor=self.request.user,
            agreement=self.get_agreement(),
            data=data,
            plan=self.get_plan(),
            expected_version=form.cleaned_data.get("version"),
        )


class AnnualReviewCreateView(AgreementFormView):
    form_class = AnnualReviewForm
    page_title = "Record the annual review"
    submit_label = "Save review"
    success_message = "The annual review has been recorded."

    @property
    def lede(self):
        start, end = selectors.review_window(timezone.localdate())
        return f"The annual formal review is held between {start:%-d %B %Y} and {end:%-d %B %Y}."

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.get_agreement().activity_id is None:
            del form.fields["record_on_activity"]
        return form

    def call(self, form):
        data = dict(form.cleaned_data)
        record = data.pop("record_on_activity", False)
        return services.annual_review_create(
            actor=self.request.user, agreement=self.get_agreement(), data=data, record_on_activity=record
        )


class AssessmentCreateView(AgreementFormView):
    form_class = AssessmentForm
    page_title = "Record a KPI assessment"
    submit_label = "Save assessment"
    success_message = "The KPI assessment has been recorded."
    lede = (
        "For a public contract over £5 million the Procurement Act 2023 asks for at least three KPIs (section "
        "52) and, at least once every 12 months and when the contract ends, an assessment of performance against "
        "them published in a contract performance notice (section 71), whatever the rating."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kpis": self.get_agreement().kpis.active()}

    def call(self, form):
        return services.assessment_create(
            actor=self.request.user, agreement=self.get_agreement(), data=form.cleaned_data
        )


# Value bands (administrators) ---------------------------------------------------------------------------------

BANDS = (VIEW, "monitoring.manage_bands")


class BandListView(PermissionMixin, TemplateView):
    permission = BANDS
    template_name = "monitoring/bands.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(bands=FrequencyBand.objects.all(), **kwargs)


class BandFormView(PermissionMixin, FormPageMixin, FormView):
    permission = BANDS
    form_class = BandForm
    submit_label = "Save band"
    lede = "Plans already set keep their frequency; the bands give new plans their default."

    def get_band(self):
        if "pk" not in self.kwargs:
            return None
        try:
            return FrequencyBand.objects.get(pk=self.kwargs["pk"])
        except FrequencyBand.DoesNotExist as exc:
            raise Http404("No such band") from exc

    @property
    def page_title(self):
        return "Change a value band" if self.get_band() else "Add a value band"

    def get_back_url(self):
        return reverse("monitoring:bands")

    def get_initial(self):
        band = self.get_band()
        return {"from_value": band.from_value, "frequency": band.frequency} if band else {}

    def form_valid(self, form):
        band = self.run_service(
            form,
            lambda: services.band_save(actor=self.request.user, data=form.cleaned_data, band=self.get_band()),
        )
        if band is None:
            return self.form_invalid(form)
        messages.success(self.request, f"Saved: {band}.")
        return redirect("monitoring:bands")


class BandRemoveView(PermissionMixin, View):
    permission = BANDS

    def post(self, request, *args, **kwargs):
        try:
            band = FrequencyBand.objects.get(pk=kwargs["pk"])
        except FrequencyBand.DoesNotExist as exc:
            raise Http404("No such band") from exc
        try:
            services.band_remove(actor=request.user, band=band)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "The band has been removed.")
        return redirect("monitoring:bands")


# Archiving records on an agreement ---------------------------------------------------------------------------

ARCHIVABLE = {
    "meetings": (Meeting, "meeting"),
    "visits": (Visit, "visit"),
    "feedback": (FeedbackRecord, "feedback record"),
    "improvement-plans": (ImprovementPlan, "improvement plan"),
    "reviews": (AnnualReview, "annual review"),
    "assessments": (KpiAssessment, "KPI assessment"),
}


class RecordArchiveView(PermissionMixin, ArchiveViewMixin, FormView):
    permission = CHANGE

    def _kind(self):
        if self.kwargs["kind"] not in ARCHIVABLE:
            raise Http404("No such record")
        return ARCHIVABLE[self.kwargs["kind"]]

    @property
    def noun(self):
        return self._kind()[1]

    def get_record(self):
        model, _ = self._kind()
        try:
            return model.objects.active().select_related("agreement").get(pk=self.kwargs["pk"])
        except model.DoesNotExist as exc:
            raise Http404("No such record") from exc

    def get_back_url(self):
        return reverse("monitoring:agreement", args=[self.get_record().agreement_id])

    def form_valid(self, form):
        record = self.get_record()
        back = self.get_back_url()
        result = self.run_service(
            form,
            lambda: services.record_archive_with_reason(
                actor=self.request.user, instance=record, reason=form.cleaned_data["reason"]
            ),
        )
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{result} has been archived.")
        return redirect(back)
