"""The provider portal (registration, opportunities, clarification questions, sealed bids and receipts) and the
officers' pages for clarifications and bids. Bid content is read only through the sealing selectors; a refusal
is a 403 page that gives the reason."""

import logging

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from commissioning.core.downloads import stored_file_download
from commissioning.core.forms import ReasonForm
from commissioning.core.reports.pdf import pdf_response
from commissioning.core.views import (
    FormPageMixin,
    ListPageMixin,
    PermissionMixin,
    RememberedResultsMixin,
    form_errors_from,
)
from commissioning.organisations import roles
from commissioning.organisations.models import Organisation, Role
from commissioning.procurement.bidding import selectors, services
from commissioning.procurement.bidding.forms import (
    HONEYPOT,
    BidForm,
    ClarificationAnswerForm,
    ClarificationForm,
    RegistrationForm,
)
from commissioning.procurement.evaluation.selectors import letters_for_provider
from commissioning.procurement.evaluation.views import letter_pdf
from commissioning.procurement.models import Bid, BidStatus, Clarification, Procurement, ProcurementStatus

logger = logging.getLogger(__name__)


VALUE_BANDS = [
    (30_000, "Under £30,000"),
    (100_000, "£30,000 to £100,000"),
    (500_000, "£100,000 to £500,000"),
    (1_000_000, "£500,000 to £1 million"),
    (5_000_000, "£1 million to £5 million"),
]


def value_band(value) -> str:
    """The estimated whole-life value as a band: bidders see its size, not the budget to the pound."""
    for limit, label in VALUE_BANDS:
        if value < limit:
            return label
    return "Over £5 million"


def with_band(procurement: Procurement) -> Procurement:
    procurement.value_band = value_band(procurement.estimated_value)
    return procurement


def refused(request, reason: str):
    return render(request, "procurement/portal/refused.html", {"reason": reason}, status=403)


def may_use_portal(user) -> bool:
    return user.has_perm("procurement.use_portal") or user.has_perm("procurement.view_procurements")


def bidding_organisation(user) -> Organisation | None:
    """The provider organisation the user bids for (the first, if they hold the role in several)."""
    ids = [org_id for org_id, role in roles.role_pairs(user) if role == Role.PROVIDER_USER]
    return Organisation.objects.filter(pk__in=ids).order_by("name").first() if ids else None


class SealedMixin:
    """Any refusal under the sealing rule becomes a 403 page with its reason."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except selectors.BidSealed as exc:
            return refused(request, str(exc))


class RegisterView(FormView):
    """Public: a provider registers its organisation and first user, then is signed in."""

    template_name = "procurement/portal/register.html"
    form_class = RegistrationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("procurement:portal-home")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(honeypot=HONEYPOT, **kwargs)

    def form_valid(self, form):
        if self.request.POST.get(HONEYPOT):
            logger.warning("Provider registration refused: the hidden field was filled in.")
            form.add_error(
                None, "We could not register your organisation. Contact us if this keeps happening."
            )
            return self.form_invalid(form)
        try:
            user = services.provider_register(data=form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(exc, form)
            return self.form_invalid(form)
        login(self.request, user, backend="commissioning.accounts.backends.UsernameOrEmailBackend")
        messages.success(self.request, f"{form.cleaned_data['name']} is registered. You are signed in.")
        return redirect("procurement:portal-home")


class PortalMixin(PermissionMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_use_portal(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PortalHomeView(PortalMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    template_name = "procurement/portal/home.html"
    results_template = "procurement/portal/_home_results.html"
    paginate_by = 20
    csv_filename = "opportunities"
    csv_columns = [
        ("Reference", lambda p: p.reference),
        ("Title", lambda p: p.title),
        ("Regime", lambda p: p.get_regime_display()),
        ("Estimated value", lambda p: value_band(p.estimated_value)),
        ("Clarification deadline", lambda p: _local(p.clarification_deadline)),
        ("Closing", lambda p: _local(p.tender_deadline)),
    ]

    def get(self, request, *args, **kwargs):
        self.search = request.GET.get("q", "").strip()
        self.queryset = selectors.opportunities(search=self.search, user=self.request.user)
        if self.wants_csv():
            return self.csv_response(self.queryset)
        return super().get(request, *args, **kwargs)

    def results_key(self) -> str:
        # Opportunities close as their deadlines pass, with nothing written: the key holds how many have passed.
        return f"{super().results_key()}|{selectors.deadlines_passed()}"

    def results_context(self) -> dict:
        context = self.paginate(self.queryset)
        context["object_list"] = [with_band(procurement) for procurement in context["object_list"]]
        user = self.request.user
        mine = user.has_perm("procurement.use_portal")
        return {
            **context,
            "search": self.search,
            "my_procurements": list(selectors.bidder_procurements(user)[:20]) if mine else [],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.querystrings(),
            results=self.remembered_results(),
            search=self.search,
            organisation=bidding_organisation(self.request.user),
        )
        return context


def _local(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


class OpportunityMixin(SealedMixin, PortalMixin):
    def get_procurement(self) -> Procurement:
        if not hasattr(self, "_procurement"):
            try:
                self._procurement = with_band(
                    selectors.opportunity_detail(self.kwargs["pk"], self.request.user)
                )
            except Procurement.DoesNotExist as exc:
                raise Http404("No such opportunity") from exc
        return self._procurement

    def organisation(self):
        return bidding_organisation(self.request.user)

    def is_open(self) -> bool:
        procurement = self.get_procurement()
        return procurement.status == ProcurementStatus.OPEN and not procurement.deadline_passed()

    def questions_open(self) -> bool:
        deadline = self.get_procurement().clarification_deadline
        return self.is_open() and (deadline is None or timezone.now() < deadline)

    def page_context(self, **extra):
        procurement = self.get_procurement()
        organisation = self.organisation()
        own = list(selectors.own_bids(self.request.user, procurement)) if organisation else []
        current = next((bid for bid in own if bid.status == BidStatus.SUBMITTED), None)
        questions = list(procurement.questions.active())
        return {
            "procurement": procurement,
            "organisation": organisation,
            "own_bids": own,
            "current_bid": current,
            "questions": questions,
            "scored_questions": [q for q in questions if q.is_scored],
            "pass_fail_questions": [q for q in questions if not q.is_scored],
            "clarifications": selectors.published_clarifications(procurement),
            "is_open": self.is_open(),
            "questions_open": self.questions_open(),
            "can_manage": self.request.user.has_perm("procurement.change_procurement", procurement),
            **extra,
        }


class OpportunityView(OpportunityMixin, FormView):
    """The opportunity: how bids are scored, published clarifications, and the question form."""

    template_name = "procurement/portal/opportunity.html"
    form_class = ClarificationForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.page_context(), **kwargs)

    def form_valid(self, form):
        organisation = self.organisation()
        if organisation is None:
            raise PermissionDenied
        try:
            services.clarification_ask(
                actor=self.request.user,
                procurement=self.get_procurement(),
                organisation=organisation,
                question=form.cleaned_data["question"],
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Your question has been sent. Its answer will be published here for every bidder, "
            "without saying who asked.",
        )
        return redirect("procurement:portal-opportunity", pk=self.get_procurement().pk)


class BidSubmitView(OpportunityMixin, FormView):
    template_name = "procurement/portal/bid_form.html"
    form_class = BidForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("procurement.use_portal"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "procurement": self.get_procurement()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.page_context(), **kwargs)

    def form_valid(self, form):
        organisation = self.organisation()
        if organisation is None:
            raise PermissionDenied
        try:
            bid = services.bid_submit(
                actor=self.request.user,
                procurement=self.get_procurement(),
                organisation=organisation,
                price=form.cleaned_data["price"],
                answers=form.answers(),
                documents=form.cleaned_data["documents"],
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
            return self.form_invalid(form)
        messages.success(self.request, "Your bid has been received. Keep the receipt below.")
        return redirect("procurement:portal-receipt", pk=bid.pk)


class ReceiptView(SealedMixin, PortalMixin, TemplateView):
    """The bidder's receipt: its own bid only."""

    template_name = "procurement/portal/receipt.html"

    def get_context_data(self, **kwargs):
        bid = selectors.bid_for_reading(self.request.user, self.kwargs["pk"])
        if not selectors.is_own_bid(self.request.user, bid):
            raise selectors.BidSealed("A receipt is shown only to the organisation that bid.")
        return super().get_context_data(
            bid=bid,
            procurement=bid.procurement,
            may_withdraw=bid.status == BidStatus.SUBMITTED and not bid.procurement.deadline_passed(),
            **kwargs,
        )


class WithdrawView(SealedMixin, PortalMixin, FormPageMixin, FormView):
    form_class = ReasonForm
    page_title = "Are you sure you want to withdraw your bid?"
    submit_label = "Withdraw bid"
    destructive = True
    lede = "The bid is kept on record but will not be evaluated. You can submit a new bid until the deadline."

    def get_bid(self) -> Bid:
        if not hasattr(self, "_bid"):
            bid = selectors.bid_for_reading(self.request.user, self.kwargs["pk"])
            if not selectors.is_own_bid(self.request.user, bid):
                raise selectors.BidSealed("Only the organisation that bid can withdraw its bid.")
            self._bid = bid
        return self._bid

    def get_back_url(self):
        return reverse("procurement:portal-receipt", args=[self.get_bid().pk])

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["reason"].required = False
        form.fields["reason"].label = "Why are you withdrawing it? (optional)"
        return form

    def form_valid(self, form):
        bid = self.get_bid()
        try:
            services.bid_withdraw(actor=self.request.user, bid=bid)
        except ValidationError as exc:
            form_errors_from(exc, form)
            return self.form_invalid(form)
        messages.success(
            self.request, "Your bid has been withdrawn. You can submit a new one before the deadline."
        )
        return redirect("procurement:portal-opportunity", pk=bid.procurement_id)


# The officers' side ----------------------------------------------------------------------------------------


class OfficerMixin(SealedMixin, PermissionMixin):
    """The procurement's lead, procurement managers (rule `procurement.change_procurement`)."""

    def get_procurement(self) -> Procurement:
        if not hasattr(self, "_procurement"):
            procurement = Procurement.objects.filter(pk=self.kwargs["pk"]).select_related("lead").first()
            if procurement is None:
                raise Http404("No such procurement")
            if not self.request.user.has_perm("procurement.change_procurement", procurement):
                raise PermissionDenied
            self._procurement = procurement
        return self._procurement

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.get_procurement()
        return super().dispatch(request, *args, **kwargs)


class ClarificationListView(OfficerMixin, TemplateView):
    template_name = "procurement/portal/clarification_list.html"

    def get_context_data(self, **kwargs):
        procurement = self.get_procurement()
        items = list(selectors.clarifications_received(procurement))
        return super().get_context_data(
            procurement=procurement,
            unanswered=[c for c in items if c.published_at is None],
            published=[c for c in items if c.published_at is not None],
            **kwargs,
        )


class ClarificationAnswerView(OfficerMixin, FormPageMixin, FormView):
    form_class = ClarificationAnswerForm
    template_name = "procurement/portal/clarification_answer.html"
    page_title = "Answer a clarification question"
    submit_label = "Publish the answer"

    def get_clarification(self):
        try:
            return selectors.clarification_for(self.get_procurement(), self.kwargs["clarification_pk"])
        except Clarification.DoesNotExist as exc:
            raise Http404("No such question") from exc

    def get_initial(self):
        return {"published_question": self.get_clarification().question}

    def get_back_url(self):
        return reverse("procurement:portal-clarifications", args=[self.get_procurement().pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            clarification=self.get_clarification(), procurement=self.get_procurement(), **kwargs
        )

    def form_valid(self, form):
        clarification = self.get_clarification()
        result = self.run_service(
            form,
            lambda: services.clarification_answer(
                actor=self.request.user,
                clarification=clarification,
                published_question=form.cleaned_data["published_question"],
                answer=form.cleaned_data["answer"],
            ),
        )
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, "The question and answer are published to every bidder.")
        return redirect(self.get_back_url())


class BidsView(OfficerMixin, TemplateView):
    """Before the deadline only the count; after it, opening the bids, then the list."""

    template_name = "procurement/portal/bids.html"

    def get_context_data(self, **kwargs):
        procurement = self.get_procurement()
        reason = selectors.why_sealed(self.request.user, procurement)
        bids = None
        if reason is None:
            bids = list(selectors.bids_for_reading(self.request.user, procurement))
        return super().get_context_data(
            procurement=procurement,
            count=selectors.bids_received(procurement),
            reason=reason,
            bids=bids,
            may_open=procurement.status == ProcurementStatus.OPEN and procurement.deadline_passed(),
            **kwargs,
        )


class BidsOpenView(OfficerMixin, View):
    def post(self, request, *args, **kwargs):
        procurement = self.get_procurement()
        try:
            services.bids_open(actor=request.user, procurement=procurement)
        except ValidationError as exc:
            return refused(request, " ".join(exc.messages))
        messages.success(request, "The bids are open.")
        return redirect("procurement:portal-bids", pk=procurement.pk)


class BidDetailView(SealedMixin, PermissionMixin, TemplateView):
    template_name = "procurement/portal/bid_detail.html"

    def get_context_data(self, **kwargs):
        bid = selectors.bid_for_reading(self.request.user, self.kwargs["pk"])
        return super().get_context_data(
            bid=bid,
            procurement=bid.procurement,
            own=selectors.is_own_bid(self.request.user, bid),
            **kwargs,
        )


class BidDocumentView(SealedMixin, PermissionMixin, View):
    """A bid's document, under the same sealing rule as the bid."""

    def get(self, request, pk, document_pk):
        bid = selectors.bid_for_reading(request.user, pk)
        document = next((d for d in bid.documents.all() if d.pk == document_pk), None)
        if document is None:
            raise Http404("No such document")
        return stored_file_download(document.file, filename=document.name)


class PortalLettersView(PortalMixin, TemplateView):
    """The award and feedback letters sent to the user's own organisations."""

    template_name = "procurement/portal/letters.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(letters=letters_for_provider(self.request.user), **kwargs)


class PortalLetterMixin(PortalMixin):
    def get_letter(self):
        # Only the user's own organisations' letters: any other is not found, never forbidden, so that a provider
        # cannot tell which letters exist.
        return get_object_or_404(letters_for_provider(self.request.user), pk=self.kwargs["pk"])


class PortalLetterView(PortalLetterMixin, TemplateView):
    template_name = "procurement/portal/letter.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(letter=self.get_letter(), **kwargs)


class PortalLetterPdfView(PortalLetterMixin, View):
    def get(self, request, *args, **kwargs):
        title, content = letter_pdf(self.get_letter())
        return pdf_response(content, filename=title)
