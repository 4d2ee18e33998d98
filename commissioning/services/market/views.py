from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from commissioning.core.reports.pdf import pdf_response, render_pdf
from commissioning.core.selectors import history_for
from commissioning.core.views import (
    ArchiveViewMixin,
    FormPageMixin,
    PermissionMixin,
    RestoreViewMixin,
    record_tabs,
)
from commissioning.services.forms import StatementCreateForm, StatementForm
from commissioning.services.market import selectors, services
from commissioning.services.market.figures import HHI_EXPLAINED, SMALL_NOT_RECORDED
from commissioning.services.models import MarketPositionStatement

PROVIDERS_PER_PAGE = 25


class MarketView(PermissionMixin, TemplateView):
    permission = "services.view_market"
    template_name = "services/market.html"

    def get_context_data(self, **kwargs):
        shown = selectors.market_page(self.request.GET.get("page", ""), PROVIDERS_PER_PAGE)
        # the page's links need only the count of providers: a paginator over a range of it gives them
        provider_page = Paginator(range(shown.figures.provider_count), PROVIDERS_PER_PAGE).get_page(
            shown.number
        )
        return super().get_context_data(
            figures=shown.figures,
            provider_page=provider_page,
            provider_rows=shown.providers,
            querystring_without_page="",
            statements=selectors.statement_list(),
            small_note=SMALL_NOT_RECORDED,
            hhi_note=HHI_EXPLAINED,
            can_change=self.request.user.has_perm("services.change_market"),
            **kwargs,
        )


class StatementCreateView(PermissionMixin, FormPageMixin, FormView):
    permission = ("services.view_market", "services.change_market")
    form_class = StatementCreateForm
    page_title = "Draft a market position statement"
    submit_label = "Draft the statement"
    lede = (
        "The statement is drafted from today's figures: the priorities and gaps, the providers by sector and "
        "service area, spend and concentration. You can then change every section."
    )

    def get_back_url(self):
        return reverse("services:market")

    def get_initial(self):
        today = timezone.localdate()
        start = today.year if today.month >= 4 else today.year - 1
        return {"title": f"Children's services market position statement {start}/{str(start + 1)[-2:]}"}

    def form_valid(self, form):
        statement = self.run_service(
            form, lambda: services.statement_create(actor=self.request.user, title=form.cleaned_data["title"])
        )
        if statement is None:
            return self.form_invalid(form)
        messages.success(
            self.request, "The statement has been drafted from the figures. Check and change it."
        )
        return redirect(statement.get_absolute_url())


class StatementMixin(PermissionMixin):
    permission = "services.view_market"

    def get_statement(self) -> MarketPositionStatement:
        if not hasattr(self, "_statement"):
            statement = (
                MarketPositionStatement.objects.select_related("archived_by")
                .filter(pk=self.kwargs["pk"])
                .first()
            )
            if statement is None:
                raise Http404("No such statement")
            self._statement = statement
        return self._statement

    def get_back_url(self):
        return self.get_statement().get_absolute_url()

    def tabs(self, current: str) -> list[dict]:
        pk = self.get_statement().pk
        return record_tabs(
            details_url=reverse("services:statement", args=[pk]),
            history_url=reverse("services:statement-history", args=[pk]),
            current=current,
            details_label="Statement",
        )


class StatementDetailView(StatementMixin, TemplateView):
    template_name = "services/statement_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statement=self.get_statement(),
            can_change=self.request.user.has_perm("services.change_market"),
            record_tabs=self.tabs("details"),
            **kwargs,
        )


class StatementHistoryView(StatementMixin, TemplateView):
    template_name = "services/statement_history.html"

    def get_context_data(self, **kwargs):
        statement = self.get_statement()
        return super().get_context_data(
            statement=statement, history=history_for(statement), record_tabs=self.tabs("history"), **kwargs
        )


class StatementUpdateView(StatementMixin, FormPageMixin, FormView):
    permission = ("services.view_market", "services.change_market")
    form_class = StatementForm
    submit_label = "Save changes"

    @property
    def page_title(self):
        return f"Change {self.get_statement()}"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": MarketPositionStatement.objects.get(pk=self.get_statement().pk),
        }

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        statement = self.run_service(
            form,
            lambda: services.statement_update(
                actor=self.request.user,
                statement=self.get_statement(),
                data=data,
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if statement is None:
            return self.form_invalid(form)
        messages.success(self.request, "Your changes have been saved.")
        return redirect(statement.get_absolute_url())


class StatementArchiveView(StatementMixin, ArchiveViewMixin, FormView):
    permission = ("services.view_market", "services.change_market")
    noun = "statement"

    def get_record(self):
        return self.get_statement()

    def archive_record(self, statement, reason):
        return services.statement_archive(actor=self.request.user, statement=statement, reason=reason)


class StatementRestoreView(StatementMixin, RestoreViewMixin, FormView):
    permission = ("services.view_market", "services.change_market")
    noun = "statement"

    def get_record(self):
        return self.get_statement()

    def restore_record(self, statement):
        return services.statement_restore(actor=self.request.user, statement=statement)


class StatementPdfView(StatementMixin, View):
    def get(self, request, *args, **kwargs):
        statement = self.get_statement()
        figures = selectors.current_market()
        content = render_pdf(
            "services/statement_pdf.html",
            {
                "statement": statement,
                "figures": figures,
                "small_note": SMALL_NOT_RECORDED,
                "hhi_note": HHI_EXPLAINED,
            },
            title=statement.title,
        )
        return pdf_response(content, filename=statement.title)
