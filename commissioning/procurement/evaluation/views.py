"""The tender panel and the evaluation in the browser: the panel and its training, each member's declaration,
scoring sheets read through the sealing rule, moderation, the ranking, the award with its standstill, letters to
every bidder, lessons learned, the evaluation report for the Commissioning Board and a grant's funding agreement."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from commissioning.core.models import TimelineEvent
from commissioning.core.reports.pdf import pdf_response, render_pdf
from commissioning.core.services import timeline_record
from commissioning.core.views import (
    FormPageMixin,
    ListPageMixin,
    RememberedResultsMixin,
    form_errors_from,
    require,
)
from commissioning.procurement.bidding.selectors import BidSealed, bid_for_reading, panel_place, why_sealed
from commissioning.procurement.evaluation import forms, report, selectors, services
from commissioning.procurement.evaluation.scoring import rounded
from commissioning.procurement.models import (
    AwardDecision,
    Bid,
    BidStatus,
    Letter,
    PanelMember,
    Procurement,
    ProcurementStatus,
    Question,
)
from commissioning.procurement.tenders.services import lessons_learned_record


def detail_url(procurement: Procurement) -> str:
    """The procurement's own page, or the evaluation overview while that page is not installed."""
    try:
        return reverse("procurement:detail", args=[procurement.pk])
    except NoReverseMatch:
        return reverse("procurement:evaluation", args=[procurement.pk])


SECTIONS = [
    ("evaluation", "Overview"),
    ("panel", "Panel"),
    ("moderation", "Moderation"),
    ("ranking", "Ranking"),
    ("award", "Award"),
    ("letters", "Letters"),
    ("lessons", "Lessons learned"),
    ("evaluation-report", "Evaluation report"),
]


class ProcurementMixin(LoginRequiredMixin):
    """Loads the procurement of the URL and checks the permission against it."""

    permission = "procurement.change_procurement"
    section = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.procurement = get_object_or_404(
            Procurement.objects.select_related("activity", "lead"), pk=kwargs["pk"]
        )
        self.check_access()
        return super().dispatch(request, *args, **kwargs)

    def check_access(self):
        require(self.request.user, self.permission, self.procurement)

    def get_back_url(self):
        return reverse("procurement:evaluation", args=[self.procurement.pk])

    def get_context_data(self, **kwargs):
        pk = self.procurement.pk
        user = self.request.user
        sections = []
        if user.has_perm("procurement.change_procurement", self.procurement):
            sections = [
                {
                    "label": label,
                    "url": reverse(f"procurement:{name}", args=[pk]),
                    "current": name == self.section,
                }
                for name, label in SECTIONS
                if name not in ("moderation", "ranking", "award", "letters")
                or user.has_perm("procurement.moderate", self.procurement)
            ]
        return super().get_context_data(
            procurement=self.procurement,
            detail_url=detail_url(self.procurement),
            sections=sections,
            **kwargs,
        )


def refuse_sealed(request, procurement, reason: str):
    """Record that someone asked for bids they may not read, and refuse."""
    timeline_record(
        instance=procurement,
        actor=request.user,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Refused: {request.user.get_full_name() or request.user.username} asked to read bids: {reason}",
    )
    raise BidSealed(reason)


class SealedMixin:
    """Pages that show bids or their scores: the sealing rule decides, and a refusal is recorded."""

    def check_access(self):
        super().check_access()
        reason = why_sealed(self.request.user, self.procurement)
        if reason:
            refuse_sealed(self.request, self.procurement, reason)


# The overview and the panel


class EvaluationView(ProcurementMixin, TemplateView):
    template_name = "procurement/evaluation/overview.html"
    section = "evaluation"

    def get_context_data(self, **kwargs):
        procurement = self.procurement
        members = selectors.panel_for(procurement)
        evaluators = selectors.active_evaluators(procurement)
        return super().get_context_data(
            members=members,
            warnings=selectors.panel_warnings(procurement, members),
            evaluators=evaluators,
            sealed_reason=why_sealed(self.request.user, procurement),
            moderation_problems=selectors.moderation_problems(procurement)
            if procurement.bids_are_open
            else [],
            awards=list(selectors.awards_for(procurement)),
            letters=selectors.letters_for(procurement).count(),
            can_moderate=self.request.user.has_perm("procurement.moderate", procurement),
            **kwargs,
        )


class PanelView(ProcurementMixin, TemplateView):
    template_name = "procurement/evaluation/panel.html"
    section = "panel"

    def get_context_data(self, **kwargs):
        members = selectors.panel_for(self.procurement)
        return super().get_context_data(
            members=members, warnings=selectors.panel_warnings(self.procurement, members), **kwargs
        )


class PanelPageMixin(ProcurementMixin, FormPageMixin):
    section = "panel"

    def get_back_url(self):
        return reverse("procurement:panel", args=[self.procurement.pk])


class PanelAddView(PanelPageMixin, FormView):
    form_class = forms.PanelMemberForm
    submit_label = "Add to the panel"
    lede = (
        "Include young people who use services and parents or carers, with the training and support they need "
        "to take part. Each member declares their interests before seeing any bid."
    )

    @property
    def page_title(self):
        return f"Add a panel member to {self.procurement.reference}"

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        member = self.run_service(
            form,
            lambda: services.panel_member_add(
                actor=self.request.user, procurement=self.procurement, data=data
            ),
        )
        if member is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{member} has been added to the panel.")
        return redirect("procurement:panel", pk=self.procurement.pk)


class MemberMixin(PanelPageMixin):
    def get_member(self) -> PanelMember:
        if not hasattr(self, "_member"):
            self._member = get_object_or_404(
                PanelMember.objects.select_related("user"),
                pk=self.kwargs["member_pk"],
                procurement=self.procurement,
            )
        return self._member


class PanelTrainingView(MemberMixin, FormView):
    form_class = forms.TrainingForm
    submit_label = "Save training"

    @property
    def page_title(self):
        return f"Training and support for {self.get_member()}"

    def get_initial(self):
        member = self.get_member()
        return {
            "training_completed_on": member.training_completed_on,
            "training_notes": member.training_notes,
            "support_needs": member.support_needs,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        member = self.run_service(
            form,
            lambda: services.panel_member_training(
                actor=self.request.user,
                member=self.get_member(),
                completed_on=data["training_completed_on"],
                notes=data["training_notes"],
                support_needs=data["support_needs"],
            ),
        )
        if member is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The training of {member} has been recorded.")
        return redirect("procurement:panel", pk=self.procurement.pk)


class PanelRemoveView(MemberMixin, FormView):
    form_class = forms.ExcludeForm
    submit_label = "Remove from the panel"
    destructive = True
    lede = "They will no longer see the bids. Their place and anything they did are kept in the record."

    @property
    def page_title(self):
        return f"Remove {self.get_member()} from the panel?"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["reason"].label = "Why are they leaving the panel?"
        form.fields["reason"].help_text = "This is kept in the procurement's history."
        form.fields["reason"].error_messages["required"] = "Enter why this member leaves the panel"
        return form

    def form_valid(self, form):
        member = self.run_service(
            form,
            lambda: services.panel_member_remove(
                actor=self.request.user, member=self.get_member(), reason=form.cleaned_data["reason"]
            ),
        )
        if member is None:
            return self.form_invalid(form)
        messages.success(self.request, f"{member} has been removed from the panel.")
        return redirect("procurement:panel", pk=self.procurement.pk)


# A panel member's own pages: plain English, one thing at a time.


class MyPanelsView(LoginRequiredMixin, TemplateView):
    template_name = "procurement/evaluation/my_panels.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, "procurement.view_panels")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        places = selectors.panels_for_user(self.request.user)
        for place in places:
            step = place.next_step
            place.next_url = (
                reverse(step["url_name"], args=[place.procurement_id]) if step["url_name"] else ""
            )
        return super().get_context_data(places=places, **kwargs)


class DeclareView(ProcurementMixin, FormView):
    """The member's first step: declare interests before seeing any bid. A conflict removes access at once."""

    template_name = "procurement/evaluation/declare.html"
    form_class = forms.DeclarationForm

    def check_access(self):
        self.member = (
            PanelMember.objects.filter(procurement=self.procurement, user=self.request.user)
            .prefetch_related("declarations")
            .first()
        )
        if self.member is None:
            raise PermissionDenied("Only members of this panel declare their interests here.")

    def get_context_data(self, **kwargs):
        declarations = list(self.member.declarations.order_by("-declared_at", "-pk"))
        return super().get_context_data(
            member=self.member, latest=declarations[0] if declarations else None, **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        if data["has_conflict"] and not data["interests"].strip():
            form.add_error("interests", "Tell us what the link is")
            return self.form_invalid(form)
        try:
            services.conflict_declare(
                actor=self.request.user,
                member=self.member,
                has_conflict=data["has_conflict"],
                interests=data["interests"],
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
            return self.form_invalid(form)
        if data["has_conflict"]:
            messages.success(
                self.request,
                "Thank you for telling us. You are no longer on this panel and cannot see the bids.",
            )
            return redirect("procurement:declare", pk=self.procurement.pk)
        messages.success(self.request, "Thank you. You have declared that you have no conflict of interest.")
        if self.procurement.bids_are_open and not self.member.evaluates_price:
            return redirect("procurement:scoring", pk=self.procurement.pk)
        return redirect("procurement:my-panels")


# Scoring: each evaluator alone, with their own scores only.


class EvaluatorMixin(ProcurementMixin):
    permission = "procurement.evaluate"

    def check_access(self):
        user = self.request.user
        member = PanelMember.objects.filter(procurement=self.procurement, user=user).first()
        if member is not None and member.removed_at is not None:
            raise PermissionDenied(member.removed_reason or "You are no longer on this panel.")
        super().check_access()
        self.member = panel_place(user, self.procurement)


class ScoringView(EvaluatorMixin, TemplateView):
    template_name = "procurement/evaluation/scoring.html"

    def get(self, request, *args, **kwargs):
        if not self.member.declarations.exists():
            messages.success(request, "First, declare your interests. You will see the bids after that.")
            return redirect("procurement:declare", pk=self.procurement.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        reason = why_sealed(self.request.user, self.procurement)
        member = self.member
        rows = [] if reason else selectors.scoring_progress(member, self.procurement)
        scores = list(member.scores.all())
        return super().get_context_data(
            member=member,
            sealed_reason=reason,
            rows=rows,
            submitted=bool(scores) and all(score.submitted_at for score in scores),
            all_scored=bool(rows) and all(row["scored"] == row["total"] for row in rows),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            count = services.scores_submit(actor=request.user, procurement=self.procurement)
        except ValidationError as exc:
            context = self.get_context_data(errors=exc.messages)
            return self.render_to_response(context, status=400)
        messages.success(request, f"Your scores have been submitted ({count} answers). Thank you.")
        return redirect("procurement:my-panels")


class ScoreSheetView(EvaluatorMixin, TemplateView):
    """One bid's answers, each with the scale and a score and justification. Read through the sealing rule."""

    template_name = "procurement/evaluation/score_sheet.html"

    def check_access(self):
        super().check_access()
        try:
            self.bid = bid_for_reading(self.request.user, self.kwargs["bid_pk"])
        except BidSealed as exc:
            refuse_sealed(self.request, self.procurement, str(exc))
        if self.bid.procurement_id != self.procurement.pk or self.bid.status != BidStatus.SUBMITTED:
            raise Http404("This bid is not part of the evaluation.")

    def rows(self, posted=None, errors=None):
        answers = {answer.question_id: answer for answer in self.bid.answers.all()}
        mine = selectors.own_scores(self.member)
        scale = self.procurement.scoring_scale
        rows = []
        for question in self.procurement.questions.active().order_by("stage", "position", "pk"):
            own = mine.get((self.bid.pk, question.pk))
            if posted is not None:
                value = posted.get(f"score-{question.pk}", "")
                justification = posted.get(f"justification-{question.pk}", "")
            else:
                value = str(own.score) if own else ""
                justification = own.justification if own else ""
            choices = (
                [
                    {"score": 1, "label": "Pass", "description": "Meets the requirement."},
                    {"score": 0, "label": "Fail", "description": "Does not meet the requirement."},
                ]
                if not question.is_scored
                else sorted(scale, key=lambda point: int(point["score"]))
            )
            rows.append(
                {
                    "question": question,
                    "answer": answers.get(question.pk),
                    "choices": [{**point, "value": str(point["score"])} for point in choices],
                    "value": value,
                    "justification": justification,
                    "own": own,
                    "errors": (errors or {}).get(question.pk, []),
                }
            )
        return rows

    def get_context_data(self, **kwargs):
        kwargs.setdefault("rows", self.rows())
        return super().get_context_data(bid=self.bid, member=self.member, **kwargs)

    def post(self, request, *args, **kwargs):
        errors: dict[int, list[str]] = {}
        saved = 0
        for question in self.procurement.questions.active().order_by("stage", "position", "pk"):
            raw = request.POST.get(f"score-{question.pk}", "").strip()
            justification = request.POST.get(f"justification-{question.pk}", "")
            if not raw and not justification.strip():
                continue
            try:
                score = int(raw) if raw else None
            except ValueError:
                errors[question.pk] = [f"{question.number}: choose a score from the scale"]
                continue
            try:
                services.score_save(
                    actor=request.user,
                    bid=self.bid,
                    question=question,
                    score=score,
                    justification=justification,
                )
                saved += 1
            except ValidationError as exc:
                errors[question.pk] = [f"{question.number}: {message}" for message in exc.messages]
        if errors:
            context = self.get_context_data(rows=self.rows(request.POST, errors), errors=errors)
            return self.render_to_response(context, status=400)
        messages.success(request, f"{saved} scores saved for {self.bid.bidder}.")
        return redirect("procurement:scoring", pk=self.procurement.pk)


# Moderation, ranking and award: the procurement's lead or a procurement manager.


class ModeratorMixin(ProcurementMixin):
    permission = "procurement.moderate"


class ModerationView(SealedMixin, ModeratorMixin, TemplateView):
    template_name = "procurement/evaluation/moderation.html"
    section = "moderation"

    def get_context_data(self, **kwargs):
        evaluators = selectors.active_evaluators(self.procurement)
        waiting = [member for member in evaluators if member.pending]
        ready = bool(evaluators) and not waiting
        return super().get_context_data(
            evaluators=evaluators,
            waiting=waiting,
            ready=ready,
            table=selectors.moderation_table(self.procurement) if ready else [],
            can_change=self.procurement.status == ProcurementStatus.EVALUATION,
            **kwargs,
        )


class ModerateView(SealedMixin, ModeratorMixin, FormPageMixin, FormView):
    template_name = "procurement/evaluation/moderate.html"
    form_class = forms.ModerationForm
    section = "moderation"
    submit_label = "Save consensus score"

    def check_access(self):
        super().check_access()
        self.bid = bid_for_reading(self.request.user, self.kwargs["bid_pk"])
        if self.bid.procurement_id != self.procurement.pk:
            raise Http404("This bid is not part of this procurement.")
        self.question = get_object_or_404(
            Question, pk=self.kwargs["question_pk"], procurement=self.procurement
        )

    @property
    def page_title(self):
        return f"Moderate {self.question.number} for {self.bid.bidder}"

    def get_back_url(self):
        return reverse("procurement:moderation", args=[self.procurement.pk])

    def get_form_kwargs(self):
        if self.question.is_scored:
            points = sorted(self.procurement.scoring_scale, key=lambda point: int(point["score"]))
            choices = [(int(p["score"]), f"{p['score']} {p['label']}: {p['description']}") for p in points]
        else:
            choices = [(1, "Pass"), (0, "Fail")]
        return {**super().get_form_kwargs(), "choices": choices}

    def get_initial(self):
        existing = self.bid.moderations.filter(question=self.question).first()
        if existing:
            return {"score": existing.score, "reasons": existing.reasons, "feedback": existing.feedback}
        return {}

    def get_context_data(self, **kwargs):
        answer = next((a for a in self.bid.answers.all() if a.question_id == self.question.pk), None)
        scores = (
            self.bid.scores.filter(
                question=self.question, submitted_at__isnull=False, evaluator__removed_at__isnull=True
            )
            .select_related("evaluator__user")
            .order_by("evaluator__pk")
        )
        return super().get_context_data(
            bid=self.bid, question=self.question, answer=answer, scores=scores, **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        result = self.run_service(
            form,
            lambda: services.moderation_record(
                actor=self.request.user,
                bid=self.bid,
                question=self.question,
                score=data["score"],
                reasons=data["reasons"],
                feedback=data["feedback"],
            ),
        )
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The consensus score for {self.question.number} has been recorded.")
        return redirect(f"{reverse('procurement:moderation', args=[self.procurement.pk])}#bid-{self.bid.pk}")


class BidExcludeView(SealedMixin, ModeratorMixin, FormPageMixin, FormView):
    form_class = forms.ExcludeForm
    section = "moderation"
    submit_label = "Exclude the bid"
    destructive = True
    lede = "An excluded bid is not ranked. The bidder is told the reason in their feedback letter."

    def check_access(self):
        super().check_access()
        self.bid = get_object_or_404(
            Bid.objects.select_related("bidder"), pk=self.kwargs["bid_pk"], procurement=self.procurement
        )

    @property
    def page_title(self):
        return f"Exclude the bid from {self.bid.bidder}?"

    def get_back_url(self):
        return reverse("procurement:moderation", args=[self.procurement.pk])

    def form_valid(self, form):
        bid = self.run_service(
            form,
            lambda: services.bid_exclude(
                actor=self.request.user, bid=self.bid, reason=form.cleaned_data["reason"]
            ),
        )
        if bid is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The bid from {bid.bidder} has been excluded.")
        return redirect("procurement:moderation", pk=self.procurement.pk)


RANKING_COLUMNS = [
    ("Rank", lambda r: r.rank or ""),
    ("Bidder", lambda r: r.bidder),
    ("Price", lambda r: r.price if r.price is not None else ""),
    ("Quality", lambda r: rounded(r.quality) if r.ranked else ""),
    ("Social value", lambda r: rounded(r.social_value) if r.ranked else ""),
    ("Price score", lambda r: rounded(r.price_score) if r.ranked else ""),
    ("Total", lambda r: rounded(r.total) if r.ranked else ""),
    ("Not ranked because", lambda r: r.unranked_reason),
]


class RankingView(SealedMixin, ModeratorMixin, RememberedResultsMixin, ListPageMixin, TemplateView):
    """The ranking, kept rendered in the table cache for the person (who got past the sealing rule) until a score,
    bid, question or the procurement itself is written."""

    template_name = "procurement/evaluation/ranking.html"
    results_template = "procurement/evaluation/_ranking_results.html"
    results_also_read = frozenset({Procurement._meta.db_table})  # read before, for the sealing rule
    section = "ranking"
    csv_columns = RANKING_COLUMNS

    def get(self, request, *args, **kwargs):
        if self.wants_csv():
            self.csv_filename = f"{self.procurement.reference} ranking"
            return self.csv_response(report.ranking_rows(self.procurement))
        return super().get(request, *args, **kwargs)

    def results_context(self) -> dict:
        return {
            "procurement": self.procurement,
            "ranking": report.ranking_rows(self.procurement),
            "problems": selectors.moderation_problems(self.procurement),
            "formula": report.price_formula_text(self.procurement),
            "social_value_questions": report.social_value_questions(self.procurement),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(results=self.remembered_results(), **kwargs)


class AwardView(SealedMixin, ModeratorMixin, FormPageMixin, FormView):
    template_name = "procurement/evaluation/award.html"
    form_class = forms.AwardForm
    section = "award"
    submit_label = "Record the award decision"
    page_title = "Award"

    def may_decide(self) -> bool:
        procurement = self.procurement
        if procurement.status not in (ProcurementStatus.EVALUATION, ProcurementStatus.AWARD_DECIDED):
            return False
        return procurement.is_grant_round or not procurement.awards.exists()

    def get_form_kwargs(self):
        awarded = set(self.procurement.awards.values_list("bid_id", flat=True))
        bids = [
            (str(row.bid_id), f"{row.bidder}: rank {row.rank}, total {rounded(row.total)}")
            for row in report.ranking_rows(self.procurement)
            if row.ranked and row.bid_id not in awarded
        ]
        return {**super().get_form_kwargs(), "bids": bids, "grant_round": self.procurement.is_grant_round}

    def get_initial(self):
        return {"decided_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        awards = list(selectors.awards_for(self.procurement))
        for award in awards:
            if award.award_notice_on and self.procurement.standstill_applies:
                award.may_enter_from = services.standstill_end(award.award_notice_on)[1]
        return super().get_context_data(
            awards=awards,
            may_decide=self.may_decide(),
            problems=selectors.moderation_problems(self.procurement),
            **kwargs,
        )

    def form_valid(self, form):
        bid = get_object_or_404(Bid, pk=form.cleaned_data["bid"], procurement=self.procurement)
        data = {
            name: form.cleaned_data[name] for name in forms.AwardForm.Meta.fields if name in form.cleaned_data
        }
        award = self.run_service(
            form,
            lambda: services.award_decide(
                actor=self.request.user, procurement=self.procurement, bid=bid, data=data
            ),
        )
        if award is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The award to {award.bid.bidder} has been recorded.")
        return redirect("procurement:award", pk=self.procurement.pk)


class AwardMixin(ModeratorMixin, FormPageMixin):
    section = "award"

    def check_access(self):
        super().check_access()
        self.award = get_object_or_404(
            AwardDecision.objects.select_related("bid__bidder", "procurement"),
            pk=self.kwargs["award_pk"],
            procurement=self.procurement,
        )

    def get_back_url(self):
        return reverse("procurement:award", args=[self.procurement.pk])


class AwardNoticeView(AwardMixin, FormView):
    form_class = forms.AwardNoticeForm
    submit_label = "Save the notice date"

    @property
    def page_title(self):
        return f"Contract award notice for {self.award.bid.bidder}"

    @property
    def lede(self):
        if self.procurement.standstill_applies:
            return (
                "The standstill is 8 working days, beginning with the day the notice is published; weekends and "
                "bank holidays in England do not count. The contract can be entered into after it ends."
            )
        return "No standstill applies to this procurement."

    def form_valid(self, form):
        award = self.run_service(
            form,
            lambda: services.award_notice_record(
                actor=self.request.user, award=self.award, published_on=form.cleaned_data["published_on"]
            ),
        )
        if award is None:
            return self.form_invalid(form)
        if award.standstill_ends:
            messages.success(
                self.request, f"Notice recorded. The standstill runs to {award.standstill_ends:%-d %B %Y}."
            )
        else:
            messages.success(self.request, "Notice recorded.")
        return redirect("procurement:award", pk=self.procurement.pk)


class ContractEnterView(AwardMixin, FormView):
    form_class = forms.ContractForm
    submit_label = "Record the contract"

    @property
    def page_title(self):
        noun = "funding agreement" if self.procurement.is_grant_round else "contract"
        return f"The {noun} with {self.award.bid.bidder} is entered into"

    def form_valid(self, form):
        award = self.run_service(
            form,
            lambda: services.contract_enter(
                actor=self.request.user, award=self.award, entered_on=form.cleaned_data["entered_on"]
            ),
        )
        if award is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The contract with {award.bid.bidder} has been recorded.")
        return redirect("procurement:award", pk=self.procurement.pk)


class GrantAgreementView(AwardMixin, FormView):
    form_class = forms.GrantAgreementForm
    submit_label = "Save the funding agreement"
    lede = "The funding agreement with its service level agreement: what the grant pays for and how it is monitored."

    def check_access(self):
        super().check_access()
        if not self.procurement.is_grant_round:
            raise Http404("Funding agreements are for grant rounds.")

    @property
    def page_title(self):
        return f"Funding agreement with {self.award.bid.bidder}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": getattr(self.award.bid, "grant_agreement", None)}

    def get_initial(self):
        return {"amount": self.award.amount}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in forms.GrantAgreementForm.Meta.fields}
        agreement = self.run_service(
            form,
            lambda: services.grant_agreement_record(actor=self.request.user, award=self.award, data=data),
        )
        if agreement is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The funding agreement with {self.award.bid.bidder} has been saved.")
        return redirect("procurement:award", pk=self.procurement.pk)


class GrantAgreementPdfView(ModeratorMixin, View):
    def get(self, request, *args, **kwargs):
        award = get_object_or_404(AwardDecision, pk=kwargs["award_pk"], procurement=self.procurement)
        agreement = getattr(award.bid, "grant_agreement", None)
        if agreement is None:
            raise Http404("No funding agreement has been recorded.")
        title = f"Funding agreement: {self.procurement.reference} {award.bid.bidder}"
        content = render_pdf(
            "procurement/evaluation/grant_agreement_pdf.html",
            {"procurement": self.procurement, "award": award, "agreement": agreement},
            title=title,
        )
        return pdf_response(content, filename=title)


# Letters


class LettersView(ModeratorMixin, TemplateView):
    template_name = "procurement/evaluation/letters.html"
    section = "letters"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            letters=list(selectors.letters_for(self.procurement)),
            awards=self.procurement.awards.exists(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            letters = services.letters_issue(actor=request.user, procurement=self.procurement)
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(errors=exc.messages), status=400)
        messages.success(request, f"{len(letters)} letters have been issued.")
        return redirect("procurement:letters", pk=self.procurement.pk)


class LetterMixin(ModeratorMixin):
    section = "letters"

    def check_access(self):
        super().check_access()
        self.letter = get_object_or_404(
            Letter.objects.select_related("bid__bidder", "issued_by"),
            pk=self.kwargs["letter_pk"],
            bid__procurement=self.procurement,
        )


class LetterView(LetterMixin, TemplateView):
    template_name = "procurement/evaluation/letter.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(letter=self.letter, **kwargs)


def letter_pdf(letter: Letter) -> tuple[str, bytes]:
    title = f"{letter.get_kind_display()}: {letter.bid.procurement.reference} {letter.bid.bidder}"
    return title, render_pdf("procurement/evaluation/letter_pdf.html", {"letter": letter}, title=title)


class LetterPdfView(LetterMixin, View):
    def get(self, request, *args, **kwargs):
        title, content = letter_pdf(self.letter)
        return pdf_response(content, filename=title)


# Lessons learned and the evaluation report


class LessonsView(ProcurementMixin, FormPageMixin, FormView):
    form_class = forms.LessonsForm
    section = "lessons"
    submit_label = "Save lessons learned"
    lede = (
        "After the award, the panel meets to review the process. Record what was learned and what panel members, "
        "including young people and parents or carers, said about taking part."
    )

    @property
    def page_title(self):
        return f"Lessons learned: {self.procurement.reference}"

    def get_initial(self):
        p = self.procurement
        return {
            "lessons_learned_on": p.lessons_learned_on,
            "lessons_learned": p.lessons_learned,
            "panel_feedback": p.panel_feedback,
        }

    def form_valid(self, form):
        result = self.run_service(
            form,
            lambda: lessons_learned_record(
                actor=self.request.user, procurement=self.procurement, data=form.cleaned_data
            ),
        )
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, "The lessons learned have been recorded.")
        return redirect("procurement:evaluation-report", pk=self.procurement.pk)


class EvaluationReportView(ModeratorMixin, TemplateView):
    template_name = "procurement/evaluation/report.html"
    section = "evaluation-report"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "pdf":
            title = f"Evaluation report: {self.procurement.reference} {self.procurement.title}"
            content = render_pdf(
                "procurement/evaluation/report_pdf.html",
                report.evaluation_report(self.procurement),
                title=title,
            )
            return pdf_response(content, filename=title)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = report.evaluation_report(self.procurement)
        context.pop("procurement")
        return super().get_context_data(**context, **kwargs)
