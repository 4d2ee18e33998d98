"""Pages for quality assurance: the programmes, one programme's audits, an audit with its criteria (rating,
evidence, files, source, computed evidence, actions), actions, and archive and history pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from commissioning.assurance import selectors, services
from commissioning.assurance.evidence import audit_scope, evidence_for_assessment
from commissioning.assurance.forms import (
    ActionForm,
    ActionProgressForm,
    AssessmentForm,
    AuditForm,
    CompleteForm,
    EvidenceFileForm,
    ProgrammeForm,
    ReopenForm,
    VersionForm,
)
from commissioning.assurance.models import (
    ActionStatus,
    Assessment,
    Audit,
    AuditAction,
    AuditStatus,
    EvidenceFile,
    Programme,
    Rating,
)
from commissioning.core.downloads import stored_file_download
from commissioning.core.selectors import history_for
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
from commissioning.cycle.models import ServiceArea

VIEW = "assurance.view_assurance"
MANAGE = (VIEW, "assurance.manage_audits")

AUDIT_COLUMNS = [
    ("Programme", lambda a: a.programme.year_label),
    ("Quarter", lambda a: f"Q{a.quarter}"),
    ("Service area", lambda a: a.get_service_area_display()),
    ("Standards framework", lambda a: a.framework.title),
    ("Auditor", lambda a: a.auditor.get_full_name() or a.auditor.get_username()),
    ("Period from", lambda a: a.period_start.isoformat()),
    ("Period to", lambda a: a.period_end.isoformat()),
    ("Due by", lambda a: a.due_on.isoformat()),
    ("Status", lambda a: a.get_status_display()),
    ("Overdue", lambda a: "Yes" if a.overdue else "No"),
    ("Criteria rated", lambda a: f"{a.rated_count} of {a.criteria_count}" if a.criteria_count else ""),
    ("Open actions", lambda a: a.open_actions),
]
ACTION_COLUMNS = [
    ("Action", lambda a: a.description),
    ("Audit", lambda a: str(a.assessment.audit)),
    ("Criterion", lambda a: a.assessment.item.display_ref or a.assessment.item.heading),
    ("Owner", lambda a: a.owner.get_full_name() or a.owner.get_username()),
    ("Due", lambda a: a.due_on.isoformat()),
    ("Status", lambda a: a.get_status_display()),
    ("Overdue", lambda a: "Yes" if a.overdue else "No"),
    ("Done on", lambda a: a.completed_on.isoformat() if a.completed_on else ""),
    ("What was done", lambda a: a.completion_note),
]


def _optional_link(label: str, app: str, path: str, description: str) -> dict | None:
    """A link to another part of quality assurance, only if that part has a page: its `home` URL name, or else
    whatever page is registered at its address."""
    try:
        return {"label": label, "url": reverse(f"{app}:home"), "description": description}
    except NoReverseMatch:
        pass
    try:
        resolve(path)
    except Resolver404:
        return None
    return {"label": label, "url": path, "description": description}


def _item_label(item) -> str:
    """ "criterion 3.8", or "standard 4" for a framework rated by standard."""
    return f"{item.kind_label.lower()} {item.display_ref or item.heading}"


def _as_list(value) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else [str(line) for line in value]


class HomeView(PermissionMixin, RememberedResultsMixin, TemplateView):
    permission = VIEW
    template_name = "assurance/home.html"
    results_template = "assurance/_home_results.html"
    results_by_day = True  # audits and actions past their dates

    def get_context_data(self, **kwargs):
        return super().get_context_data(results=self.remembered_results(), **kwargs)

    def results_context(self) -> dict:
        today = timezone.localdate()
        user = self.request.user
        show_archived = self.request.GET.get("archived") == "1"
        links = [
            _optional_link(
                "Provider quality checks",
                "quality",
                "/assurance/provider-checks/",
                "Checks of providers' quality against the standards for providers.",
            ),
            _optional_link(
                "Joint commissioning maturity",
                "maturity",
                "/assurance/maturity/",
                "Where the partnership stands on the joint commissioning matrix.",
            ),
        ]
        overdue = list(selectors.audit_list(overdue=True, today=today)[:10])
        return {
            "programmes": selectors.programme_list(include_archived=show_archived),
            "show_archived": show_archived,
            "overdue_audits": overdue,
            "overdue_actions": selectors.action_list(overdue=True, today=today).count(),
            "my_actions": selectors.action_list(owner=user, status=ActionStatus.OPEN).count(),
            "links": [link for link in links if link],
            "can_manage": user.has_perm("assurance.manage_audits"),
        }


class ProgrammeMixin(PermissionMixin):
    permission = VIEW

    def get_programme(self) -> Programme:
        if not hasattr(self, "_programme"):
            try:
                self._programme = selectors.programme_detail(self.kwargs["pk"])
            except Programme.DoesNotExist as exc:
                raise Http404("No such programme") from exc
        return self._programme

    def get_record(self):
        return self.get_programme()

    def get_back_url(self):
        return self.get_programme().get_absolute_url()

    def tabs(self, current):
        pk = self.get_programme().pk
        return record_tabs(
            details_url=reverse("assurance:programme", args=[pk]),
            history_url=reverse("assurance:programme-history", args=[pk]),
            current=current,
            details_label="Programme",
        )


class ProgrammeView(ProgrammeMixin, ListPageMixin, TemplateView):
    template_name = "assurance/programme.html"
    csv_columns = AUDIT_COLUMNS

    @property
    def csv_filename(self):
        return f"assurance-programme-{self.get_programme().year_label}"

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip()[:200],
            "service_area": params.get("area", "") if params.get("area", "") in ServiceArea.values else "",
            "status": params.get("status", "") if params.get("status", "") in AuditStatus.values else "",
            "overdue": params.get("overdue") == "1",
            "ordering": params.get("sort", "quarter"),
            "include_archived": params.get("archived") == "1",
        }

    def get(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        self.queryset = selectors.audit_list(
            programme=self.get_programme(), today=self.today, **self.filters()
        )
        if self.wants_csv():
            rows = list(self.queryset)
            for audit in rows:
                audit.overdue = audit.is_overdue(self.today)
            return self.csv_response(rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        audits = list(context["object_list"])
        for audit in audits:
            audit.overdue = audit.is_overdue(self.today)
        user = self.request.user
        context.update(
            programme=self.get_programme(),
            audits=audits,
            filters=self.filters(),
            area_options=ServiceArea.choices,
            status_options=AuditStatus.choices,
            sort_options=[
                ("quarter", "Quarter"),
                ("area", "Service area"),
                ("status", "Status"),
                ("auditor", "Auditor"),
            ],
            can_manage=user.has_perm("assurance.manage_audits"),
            record_tabs=self.tabs("details"),
        )
        return context


class ProgrammeHistoryView(ProgrammeMixin, TemplateView):
    template_name = "assurance/history.html"

    def get_context_data(self, **kwargs):
        programme = self.get_programme()
        return super().get_context_data(
            record=programme,
            caption=f"Programme {programme.year_label}",
            history=history_for(programme),
            record_tabs=self.tabs("history"),
            **kwargs,
        )


class ProgrammeCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = ProgrammeForm
    page_title = "Set up a programme"
    submit_label = "Set up programme"
    lede = (
        "The rolling programme says which standards are applied to which major service area in which quarter."
    )

    def get_back_url(self):
        return reverse("assurance:home")

    def get_initial(self):
        today = timezone.localdate()
        return {"financial_year": today.year if today.month >= 4 else today.year - 1}

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        programme = self.run_service(
            form, lambda: services.programme_create(actor=self.request.user, data=data)
        )
        if programme is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{programme} has been set up.")
        return redirect(programme.get_absolute_url())


class ProgrammeEditView(ProgrammeMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = ProgrammeForm
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change {self.get_programme()}"

    def get_initial(self):
        p = self.get_programme()
        return {
            "version": p.version,
            "financial_year": p.financial_year,
            "title": p.title,
            "agreed_on": p.agreed_on,
            "notes": p.notes,
        }

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        programme = self.run_service(
            form,
            lambda: services.programme_update(
                actor=self.request.user, programme=self.get_programme(), data=data, expected_version=version
            ),
        )
        if programme is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{programme} has been changed.")
        return redirect(programme.get_absolute_url())


class ProgrammeArchiveView(ProgrammeMixin, ArchiveViewMixin, FormView):
    permission = MANAGE
    noun = "programme"

    def archive_record(self, programme, reason):
        return services.programme_archive(actor=self.request.user, programme=programme, reason=reason)


class ProgrammeRestoreView(ProgrammeMixin, RestoreViewMixin, FormView):
    permission = MANAGE
    noun = "programme"

    def restore_record(self, programme):
        return services.programme_restore(actor=self.request.user, programme=programme)


# Audits -----------------------------------------------------------------------------------------------------


class AuditPlanView(ProgrammeMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = AuditForm
    submit_label = "Add to the programme"

    @property
    def page_title(self):
        return f"Plan an audit in the {self.get_programme().year_label} programme"

    def get_initial(self):
        return {"auditor": self.request.user.pk}

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        audit = self.run_service(
            form,
            lambda: services.audit_plan(actor=self.request.user, programme=self.get_programme(), data=data),
        )
        if audit is None:
            return self.form_invalid(form)
        messages.success(
            self.request, f"The audit of {audit.get_service_area_display().lower()} has been planned."
        )
        return redirect(audit.get_absolute_url())


class AuditMixin(PermissionMixin):
    permission = VIEW

    def get_audit(self) -> Audit:
        if not hasattr(self, "_audit"):
            try:
                self._audit = selectors.audit_detail(self.kwargs["pk"])
            except Audit.DoesNotExist as exc:
                raise Http404("No such audit") from exc
        return self._audit

    def get_record(self):
        return self.get_audit()

    def get_back_url(self):
        return self.get_audit().get_absolute_url()

    def require_change(self):
        require(self.request.user, "assurance.change_audit", self.get_audit())

    def tabs(self, current):
        pk = self.get_audit().pk
        return record_tabs(
            details_url=reverse("assurance:audit", args=[pk]),
            history_url=reverse("assurance:audit-history", args=[pk]),
            current=current,
            details_label="Audit",
        )


class AuditView(AuditMixin, TemplateView):
    template_name = "assurance/audit.html"

    def get_context_data(self, **kwargs):
        audit = self.get_audit()
        user = self.request.user
        today = timezone.localdate()
        show = self.request.GET.get("show", "")
        show = show if show in selectors.SHOW_OPTIONS else ""
        sections = selectors.audit_sections(audit, show=show)
        rows = [row for section in sections for row in section.rows]
        return super().get_context_data(
            audit=audit,
            sections=sections,
            show=show,
            show_options=selectors.SHOW_OPTIONS.items(),
            overview=selectors.standard_overview(audit),
            progress=selectors.audit_progress(audit),
            overdue=audit.is_overdue(today),
            today=today,
            gaps=[row for row in rows if row.is_gap],
            can_change=user.has_perm("assurance.change_audit", audit) and not audit.is_archived,
            can_manage=user.has_perm("assurance.manage_audits"),
            version_form=VersionForm(initial={"version": audit.version}),
            record_tabs=self.tabs("details"),
            needs_action=[Rating.PARTLY_MET, Rating.NOT_MET],
            **kwargs,
        )


class AuditHistoryView(AuditMixin, TemplateView):
    template_name = "assurance/history.html"

    def get_context_data(self, **kwargs):
        audit = self.get_audit()
        return super().get_context_data(
            record=audit,
            caption="Audit",
            history=history_for(audit),
            record_tabs=self.tabs("history"),
            **kwargs,
        )


class AuditEditView(AuditMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = AuditForm
    submit_label = "Save changes"

    @property
    def page_title(self):
        return "Change the audit's plan"

    def get_initial(self):
        a = self.get_audit()
        return {
            "version": a.version,
            "framework": a.framework_id,
            "service_area": a.service_area,
            "quarter": a.quarter,
            "auditor": a.auditor_id,
            "period_start": a.period_start,
            "period_end": a.period_end,
        }

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        for name in ("period_start", "period_end"):
            if data[name] is None:
                data.pop(name)
        audit = self.run_service(
            form,
            lambda: services.audit_update(
                actor=self.request.user, audit=self.get_audit(), data=data, expected_version=version
            ),
        )
        if audit is None:
            return self.form_invalid(form)
        messages.success(self.request, "The audit's plan has been changed.")
        return redirect(audit.get_absolute_url())


class AuditStartView(AuditMixin, View):
    def post(self, request, *args, **kwargs):
        self.require_change()
        form = VersionForm(request.POST)
        form.is_valid()
        audit = self.get_audit()
        try:
            services.audit_start(
                actor=request.user, audit=audit, expected_version=form.cleaned_data.get("version")
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "The audit has started. Rate each criterion below.")
        return redirect(audit.get_absolute_url())


class AuditCompleteView(AuditMixin, FormPageMixin, FormView):
    form_class = CompleteForm
    submit_label = "Complete the audit"
    lede = (
        "Completing the audit keeps what the records say today beside each rating, for the report. "
        "Every criterion must be rated, with an action for each one partly met or not met."
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, VIEW)
            self.require_change()
        return super().dispatch(request, *args, **kwargs)

    @property
    def page_title(self):
        return f"Complete the audit of {self.get_audit().get_service_area_display().lower()}"

    def get_initial(self):
        audit = self.get_audit()
        return {"version": audit.version, "conclusion": audit.conclusion}

    def form_valid(self, form):
        audit = self.run_service(
            form,
            lambda: services.audit_complete(
                actor=self.request.user,
                audit=self.get_audit(),
                conclusion=form.cleaned_data["conclusion"],
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if audit is None:
            return self.form_invalid(form)
        messages.success(self.request, "The audit has been completed.")
        return redirect(audit.get_absolute_url())


class AuditReopenView(AuditMixin, FormPageMixin, FormView):
    permission = MANAGE
    form_class = ReopenForm
    submit_label = "Reopen the audit"
    page_title = "Reopen the audit"
    lede = "Ratings can then be changed. The computed evidence kept at completion is replaced when it is completed again."

    def get_initial(self):
        return {"version": self.get_audit().version}

    def form_valid(self, form):
        audit = self.run_service(
            form,
            lambda: services.audit_reopen(
                actor=self.request.user,
                audit=self.get_audit(),
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if audit is None:
            return self.form_invalid(form)
        messages.success(self.request, "The audit has been reopened.")
        return redirect(audit.get_absolute_url())


class AuditArchiveView(AuditMixin, ArchiveViewMixin, FormView):
    permission = MANAGE
    noun = "audit"

    def archive_record(self, audit, reason):
        return services.audit_archive(actor=self.request.user, audit=audit, reason=reason)


class AuditRestoreView(AuditMixin, RestoreViewMixin, FormView):
    permission = MANAGE
    noun = "audit"

    def restore_record(self, audit):
        return services.audit_restore(actor=self.request.user, audit=audit)


# One criterion -----------------------------------------------------------------------------------------------


class AssessmentMixin(PermissionMixin):
    permission = VIEW

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, VIEW)
            require(request.user, "assurance.change_audit", self.get_assessment().audit)
        return super().dispatch(request, *args, **kwargs)

    def get_assessment(self) -> Assessment:
        if not hasattr(self, "_assessment"):
            try:
                self._assessment = Assessment.objects.select_related(
                    "audit__programme", "audit__framework", "audit__auditor", "item"
                ).get(pk=self.kwargs["pk"], audit__archived_at__isnull=True)
            except Assessment.DoesNotExist as exc:
                raise Http404("No such criterion in a live audit") from exc
        return self._assessment

    def get_back_url(self):
        return self.get_assessment().get_absolute_url()

    def get_context_data(self, **kwargs):
        assessment = self.get_assessment()
        return super().get_context_data(assessment=assessment, item=assessment.item, **kwargs)


class AssessmentEditView(AssessmentMixin, FormPageMixin, FormView):
    form_class = AssessmentForm
    template_name = "assurance/assessment_form.html"
    submit_label = "Save rating"

    @property
    def page_title(self):
        item = self.get_assessment().item
        return f"Rate {_item_label(item)}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        assessment = self.get_assessment()
        kwargs["instance"] = Assessment.objects.get(pk=assessment.pk)
        if not assessment.source_role and self.request.method == "GET":
            kwargs["initial"] = {"source_role": selectors.suggested_source_role(assessment.item)}
        return kwargs

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        assessment = self.run_service(
            form,
            lambda: services.assessment_save(
                actor=self.request.user,
                assessment=self.get_assessment(),
                data=data,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if assessment is None:
            return self.form_invalid(form)
        label = _item_label(assessment.item)
        messages.success(self.request, f"{label[:1].upper()}{label[1:]} has been rated.")
        return redirect(assessment.get_absolute_url())

    def get_context_data(self, **kwargs):
        assessment = self.get_assessment()
        return super().get_context_data(
            source=selectors.item_field(assessment.item, "Source") or "",
            evidence_asked=_as_list(selectors.item_field(assessment.item, "Evidence")),
            computed=evidence_for_assessment(assessment, audit_scope(assessment.audit)),
            **kwargs,
        )


class EvidenceFileAddView(AssessmentMixin, FormPageMixin, FormView):
    form_class = EvidenceFileForm
    submit_label = "Add file"
    template_name = "assurance/file_form.html"

    @property
    def page_title(self):
        item = self.get_assessment().item
        return f"Add a file to {_item_label(item)}"

    def form_valid(self, form):
        record = self.run_service(
            form,
            lambda: services.evidence_file_add(
                actor=self.request.user,
                assessment=self.get_assessment(),
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            ),
        )
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, f"“{record.title}” has been added.")
        return redirect(self.get_assessment().get_absolute_url())


class EvidenceFileMixin(PermissionMixin):
    permission = VIEW

    def get_record(self) -> EvidenceFile:
        if not hasattr(self, "_file"):
            try:
                self._file = EvidenceFile.objects.select_related("assessment__audit", "assessment__item").get(
                    pk=self.kwargs["pk"]
                )
            except EvidenceFile.DoesNotExist as exc:
                raise Http404("No such file") from exc
        return self._file

    def get_back_url(self):
        return self.get_record().assessment.get_absolute_url()


class EvidenceFileDownloadView(EvidenceFileMixin, View):
    def get(self, request, *args, **kwargs):
        record = self.get_record()
        return stored_file_download(record.file, filename=record.file_name, content_type=record.content_type)


class EvidenceFileArchiveView(EvidenceFileMixin, ArchiveViewMixin, FormView):
    noun = "file"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, VIEW)
            require(request.user, "assurance.change_audit", self.get_record().assessment.audit)
        return super().dispatch(request, *args, **kwargs)

    def archive_record(self, record, reason):
        services.evidence_file_archive(actor=self.request.user, record=record, reason=reason)
        return record

    def form_valid(self, form):
        record = self.run_service(
            form, lambda: self.archive_record(self.get_record(), form.cleaned_data["reason"])
        )
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, f"“{record}” has been archived.")
        return redirect(self.get_back_url())


# Actions -----------------------------------------------------------------------------------------------------


class ActionAddView(AssessmentMixin, FormPageMixin, FormView):
    form_class = ActionForm
    submit_label = "Add action"

    @property
    def page_title(self):
        item = self.get_assessment().item
        return f"Add an action for {_item_label(item)}"

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        action = self.run_service(
            form,
            lambda: services.action_add(actor=self.request.user, assessment=self.get_assessment(), data=data),
        )
        if action is None:
            return self.form_invalid(form)
        messages.success(self.request, "The action has been added.")
        return redirect(self.get_assessment().get_absolute_url())


class ActionListView(PermissionMixin, ListPageMixin, TemplateView):
    permission = VIEW
    template_name = "assurance/actions.html"
    csv_filename = "assurance-actions"
    csv_columns = ACTION_COLUMNS

    def filters(self):
        params = self.request.GET
        return {
            "search": params.get("q", "").strip()[:200],
            "status": params.get("status", "open")
            if params.get("status", "open") in ("", *ActionStatus.values)
            else "open",
            "overdue": params.get("overdue") == "1",
            "mine": params.get("mine") == "1",
            "ordering": params.get("sort", "due"),
            "include_archived": params.get("archived") == "1",
        }

    def get(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        filters = self.filters()
        self.queryset = selectors.action_list(
            owner=request.user if filters["mine"] else None,
            status=filters["status"],
            overdue=filters["overdue"],
            search=filters["search"],
            ordering=filters["ordering"],
            today=self.today,
            include_archived=filters["include_archived"],
        )
        if self.wants_csv():
            rows = list(self.queryset)
            for action in rows:
                action.overdue = action.is_overdue(self.today)
            return self.csv_response(rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.paginate(self.queryset))
        actions = list(context["object_list"])
        for action in actions:
            action.overdue = action.is_overdue(self.today)
        context.update(
            actions=actions,
            filters=self.filters(),
            status_options=[("open", "Open"), ("done", "Done"), ("", "Open and done")],
            sort_options=[("due", "Due date"), ("owner", "Owner")],
        )
        return context


class ActionMixin(PermissionMixin):
    permission = VIEW

    def get_action(self) -> AuditAction:
        if not hasattr(self, "_action"):
            try:
                self._action = selectors.action_detail(self.kwargs["pk"])
            except AuditAction.DoesNotExist as exc:
                raise Http404("No such action") from exc
        return self._action

    def get_record(self):
        return self.get_action()

    def get_back_url(self):
        return self.get_action().get_absolute_url()

    def tabs(self, current):
        pk = self.get_action().pk
        return record_tabs(
            details_url=reverse("assurance:action", args=[pk]),
            history_url=reverse("assurance:action-history", args=[pk]),
            current=current,
            details_label="Action",
        )


class ActionView(ActionMixin, TemplateView):
    template_name = "assurance/action.html"

    def get_context_data(self, **kwargs):
        action = self.get_action()
        user = self.request.user
        return super().get_context_data(
            action=action,
            overdue=action.is_overdue(timezone.localdate()),
            can_update=user.has_perm("assurance.update_action", action) and not action.is_archived,
            can_change=user.has_perm("assurance.change_audit", action.assessment.audit),
            record_tabs=self.tabs("details"),
            **kwargs,
        )


class ActionHistoryView(ActionMixin, TemplateView):
    template_name = "assurance/history.html"

    def get_context_data(self, **kwargs):
        action = self.get_action()
        return super().get_context_data(
            record=action,
            caption="Action",
            history=history_for(action),
            record_tabs=self.tabs("history"),
            **kwargs,
        )


class ActionEditView(ActionMixin, FormPageMixin, FormView):
    form_class = ActionForm
    submit_label = "Save changes"
    page_title = "Change the action"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "assurance.change_audit", self.get_action().assessment.audit
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": AuditAction.objects.get(pk=self.get_action().pk)}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        action = self.run_service(
            form,
            lambda: services.action_update(
                actor=self.request.user,
                action=self.get_action(),
                data=data,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if action is None:
            return self.form_invalid(form)
        messages.success(self.request, "The action has been changed.")
        return redirect(action.get_absolute_url())


class ActionProgressView(ActionMixin, FormPageMixin, FormView):
    form_class = ActionProgressForm
    submit_label = "Save progress"
    page_title = "Record progress on the action"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "assurance.update_action", self.get_action()
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": AuditAction.objects.get(pk=self.get_action().pk)}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        action = self.run_service(
            form,
            lambda: services.action_update(
                actor=self.request.user,
                action=self.get_action(),
                data=data,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if action is None:
            return self.form_invalid(form)
        messages.success(self.request, "The action's progress has been saved.")
        return redirect(action.get_absolute_url())


class ActionArchiveView(ActionMixin, ArchiveViewMixin, FormView):
    noun = "action"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "assurance.change_audit", self.get_action().assessment.audit
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def archive_record(self, action, reason):
        return services.action_archive(actor=self.request.user, action=action, reason=reason)


class ActionRestoreView(ActionMixin, RestoreViewMixin, FormView):
    noun = "action"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "assurance.change_audit", self.get_action().assessment.audit
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def restore_record(self, action):
        return services.action_restore(actor=self.request.user, action=action)
