"""The tender panel and evaluation: members with their training, declarations of interest (a conflict removes
access), independent scores with justifications, moderation to a consensus, the award decision with its
approval and standstill, award and feedback letters, and a grant's funding agreement."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import timeline_record
from commissioning.organisations import roles
from commissioning.organisations.models import Role
from commissioning.procurement.bidding.selectors import declared_clear, why_sealed
from commissioning.procurement.evaluation.letters import letter_text
from commissioning.procurement.evaluation.selectors import (
    active_evaluators,
    moderation_problems,
    ranking_for,
    scored_pairs,
)
from commissioning.procurement.models import (
    AwardDecision,
    Bid,
    BidStatus,
    ConflictDeclaration,
    GrantAgreement,
    Letter,
    LetterKind,
    Moderation,
    PanelMember,
    Procurement,
    ProcurementKind,
    ProcurementStatus,
    Question,
    Score,
)
from commissioning.procurement.tenders.services import refuse
from commissioning.procurement.timetable.calendar import add_working_days, is_working_day

STANDSTILL_WORKING_DAYS = 8


@transaction.atomic
def panel_member_add(*, actor, procurement: Procurement, data: dict) -> PanelMember:
    user = data["user"]
    if (
        roles.has_any_role(user, Role.PROVIDER_USER)
        and procurement.bids.filter(bidder_id__in=roles.organisation_ids_of(user)).exists()
    ):
        raise ValidationError({"user": "This person works for a bidder: they cannot sit on the panel."})
    if PanelMember.objects.filter(procurement=procurement, user=user).exists():
        raise ValidationError({"user": "This person is already on the panel."})
    member = PanelMember(procurement=procurement, **data)
    if member.training_completed_on and member.training_completed_on > timezone.localdate():
        raise ValidationError({"training_completed_on": "The training date must be today or in the past."})
    member.full_clean()
    with acting_as(actor):
        member.save()
    timeline_record(
        instance=procurement, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=f"{member} joined the panel."
    )
    return member


@transaction.atomic
def panel_member_training(*, actor, member: PanelMember, completed_on, notes: str, support_needs: str):
    if completed_on and completed_on > timezone.localdate():
        raise ValidationError({"training_completed_on": "The training date must be today or in the past."})
    member.training_completed_on, member.training_notes, member.support_needs = (
        completed_on,
        notes,
        support_needs,
    )
    with acting_as(actor):
        member.save()
    return member


@transaction.atomic
def panel_member_remove(*, actor, member: PanelMember, reason: str) -> PanelMember:
    if member.removed_at is not None:
        raise ValidationError(f"{member} has already left the panel.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why this member leaves the panel"})
    member.removed_at = timezone.now()
    member.removed_reason = reason.strip()
    with acting_as(actor):
        member.save()
    timeline_record(
        instance=member.procurement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"{member} left the panel: {reason}",
    )
    return member


@transaction.atomic
def conflict_declare(
    *, actor, member: PanelMember, has_conflict: bool, interests: str
) -> ConflictDeclaration:
    """The member's own declaration. A conflict removes their access to the bids at once."""
    if member.user_id != actor.pk:
        raise PermissionDenied("Panel members declare their own interests.")
    if member.removed_at is not None:
        raise ValidationError("You are no longer on this panel.")
    if has_conflict and not interests.strip():
        raise ValidationError({"interests": "Describe the interest you are declaring"})
    declaration = ConflictDeclaration(
        panel_member=member, has_conflict=has_conflict, interests=interests.strip() or "None"
    )
    with acting_as(actor):
        declaration.save()
        if has_conflict:
            member.removed_at = timezone.now()
            member.removed_reason = f"Declared a conflict of interest: {declaration.interests}"
            member.save()
    summary = (
        f"{member} declared a conflict of interest and no longer has access to the bids."
        if has_conflict
        else f"{member} declared no conflict of interest."
    )
    timeline_record(instance=member.procurement, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=summary)
    return declaration


def _evaluator(actor, procurement: Procurement) -> PanelMember:
    member = PanelMember.objects.filter(procurement=procurement, user=actor).first()
    if member is not None and member.removed_at is not None:
        refuse(
            procurement, actor, f"Scoring refused: you are no longer on the panel ({member.removed_reason})."
        )
    reason = why_sealed(actor, procurement)
    if member is None or member.removed_at is not None or not declared_clear(member) or reason:
        message = reason or "Only panel members who have declared no conflict score bids."
        refuse(procurement, actor, f"Scoring refused: {message}")
    if member.evaluates_price:
        refuse(procurement, actor, "Scoring refused: you check the price schedule and do not score answers.")
    return member


def _check_score(procurement: Procurement, question: Question, score) -> None:
    if score is None:
        raise ValidationError({"score": "Enter a score"})
    if not question.is_scored:
        if score not in (0, 1):
            raise ValidationError({"score": "Pass or fail questions are marked 1 (pass) or 0 (fail)."})
        return
    if not procurement.scale_min <= score <= procurement.scale_max:
        raise ValidationError(
            {"score": f"The score must be between {procurement.scale_min} and {procurement.scale_max}."}
        )


def score_save(*, actor, bid: Bid, question: Question, score, justification: str) -> Score:
    procurement = bid.procurement
    member = _evaluator(actor, procurement)
    if question.procurement_id != procurement.pk or bid.status != BidStatus.SUBMITTED:
        raise ValidationError("This question or bid is not part of the evaluation.")
    _check_score(procurement, question, score)
    if not justification.strip():
        raise ValidationError({"justification": "Give the reasons for your score"})
    with transaction.atomic(), acting_as(actor):
        existing = (
            Score.objects.select_for_update().filter(evaluator=member, bid=bid, question=question).first()
        )
        if existing and existing.submitted_at:
            raise ValidationError("You have submitted your scores: they can no longer change.")
        record = existing or Score(evaluator=member, bid=bid, question=question)
        record.score, record.justification = score, justification.strip()
        record.save()
    return record


def scores_submit(*, actor, procurement: Procurement) -> int:
    """Submit every score of the evaluator at once; each bid and question must be scored."""
    member = _evaluator(actor, procurement)
    pairs = scored_pairs(procurement)
    mine = set(member.scores.values_list("bid_id", "question_id"))
    missing = len(pairs - mine)
    if missing:
        raise ValidationError(f"Score every answer first: {missing} still to score.")
    with transaction.atomic(), acting_as(actor):
        count = member.scores.filter(submitted_at__isnull=True).update(submitted_at=timezone.now())
    timeline_record(
        instance=procurement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"{member} submitted their scores.",
    )
    return count


def _moderator(actor, procurement: Procurement) -> None:
    if procurement.lead_id != actor.pk and not roles.has_any_role(actor, Role.PROCUREMENT_MANAGER):
        raise PermissionDenied("The procurement's lead or a procurement manager moderates.")


def moderation_record(
    *, actor, bid: Bid, question: Question, score, reasons: str, feedback: str
) -> Moderation:
    """The consensus score, once every evaluator has submitted. Refusals are kept on the timeline."""
    procurement = bid.procurement
    _moderator(actor, procurement)
    if question.procurement_id != procurement.pk:
        raise ValidationError("This question is not part of this procurement.")
    if procurement.status != ProcurementStatus.EVALUATION:
        refuse(procurement, actor, "Moderation refused: moderation happens during evaluation.")
    evaluators = active_evaluators(procurement)
    if not evaluators:
        refuse(procurement, actor, "Moderation refused: there are no evaluators on the panel.")
    waiting = [str(member) for member in evaluators if member.pending]
    if waiting:
        refuse(
            procurement,
            actor,
            f"Moderation refused: wait until every evaluator has submitted their scores: {', '.join(waiting)}.",
        )
    _check_score(procurement, question, score)
    individual = sorted(
        set(
            bid.scores.filter(
                question=question, submitted_at__isnull=False, evaluator__removed_at__isnull=True
            ).values_list("score", flat=True)
        )
    )
    if individual != [score] and not reasons.strip():
        given = ", ".join(str(value) for value in individual) or "none"
        raise ValidationError(
            {
                "reasons": f"The evaluators scored {given}: give the reasons for the consensus score of {score}."
            }
        )
    if not feedback.strip():
        raise ValidationError({"feedback": "Enter the feedback the bidder will be given for this answer"})
    with transaction.atomic(), acting_as(actor):
        moderation, _ = Moderation.objects.update_or_create(
            bid=bid,
            question=question,
            defaults={
                "score": score,
                "reasons": reasons.strip(),
                "feedback": feedback.strip(),
                "moderated_by": actor,
            },
        )
    return moderation


@transaction.atomic
def bid_exclude(*, actor, bid: Bid, reason: str) -> Bid:
    _moderator(actor, bid.procurement)
    if bid.status != BidStatus.SUBMITTED:
        raise ValidationError(
            f"This bid is {bid.get_status_display().lower()}: only a submitted bid is excluded."
        )
    if bid.procurement.status != ProcurementStatus.EVALUATION:
        raise ValidationError("A bid is excluded during evaluation, before the award is decided.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the bid is excluded (for example the ground in the Act)"})
    bid.status, bid.excluded_reason = BidStatus.EXCLUDED, reason.strip()
    with acting_as(actor):
        bid.save()
    timeline_record(
        instance=bid.procurement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"The bid from {bid.bidder} was excluded: {bid.excluded_reason}",
    )
    return bid


def award_decide(*, actor, procurement: Procurement, bid: Bid, data: dict) -> AwardDecision:
    """Record the award decision and its approval. A tender has one award; a grant round one per applicant.
    Refusals while the evaluation is incomplete are kept on the timeline."""
    _moderator(actor, procurement)
    if bid.procurement_id != procurement.pk:
        raise ValidationError({"bid": "This bid is not part of this procurement."})
    if procurement.status not in (ProcurementStatus.EVALUATION, ProcurementStatus.AWARD_DECIDED):
        refuse(procurement, actor, "Award refused: an award is decided after the bids are evaluated.")
    problems = moderation_problems(procurement)
    if problems:
        refuse(procurement, actor, f"Award refused: {' '.join(problems)}")
    with transaction.atomic():
        return _award_save(actor, procurement, bid, data)


def _award_save(actor, procurement: Procurement, bid: Bid, data: dict) -> AwardDecision:
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    result = next((r for r in ranking_for(procurement) if r.bid_id == bid.pk), None)
    if result is None or not result.ranked:
        raise ValidationError(
            {"bid": "This bid is not ranked: it failed a pass or fail question or was excluded."}
        )
    if procurement.kind == ProcurementKind.TENDER and procurement.awards.exists():
        raise ValidationError("The award is already decided.")
    if AwardDecision.objects.filter(bid=bid).exists():
        raise ValidationError({"bid": f"{bid.bidder} has already been awarded."})
    if data.get("decided_on") and data["decided_on"] > timezone.localdate():
        raise ValidationError({"decided_on": "The date of the decision must be today or in the past."})
    if procurement.kind == ProcurementKind.GRANT_ROUND and not data.get("amount"):
        raise ValidationError({"amount": "Enter the amount of the grant awarded"})
    award = AwardDecision(procurement=procurement, bid=bid, recorded_by=actor, **data)
    award.full_clean(exclude=["recorded_by"])
    with acting_as(actor):
        award.save()
        procurement.status = ProcurementStatus.AWARD_DECIDED
        procurement.version += 1
        procurement.save()
    timeline_record(
        instance=procurement,
        actor=actor,
        verb=TimelineEvent.Verb.UPDATED,
        summary=f"Award to {bid.bidder} approved by {award.approved_by} on {award.decided_on:%-d %B %Y}.",
    )
    return award


def standstill_end(notice_on) -> tuple:
    """The last day of the standstill (8 working days beginning with the day of the notice, section 51) and
    the first day the contract may be entered into."""
    first = notice_on if is_working_day(notice_on) else add_working_days(notice_on, 1)
    last = add_working_days(first, STANDSTILL_WORKING_DAYS - 1)
    return last, add_working_days(last, 1)


@transaction.atomic
def award_notice_record(*, actor, award: AwardDecision, published_on) -> AwardDecision:
    _moderator(actor, award.procurement)
    if published_on is None:
        raise ValidationError({"published_on": "Enter the date the contract award notice was published"})
    if award.contract_entered_on:
        raise ValidationError("The contract has been entered into: the award notice can no longer change.")
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": "The notice's publication date must be today or in the past."})
    if published_on < award.decided_on:
        raise ValidationError({"published_on": "The award notice follows the award decision."})
    award.award_notice_on = published_on
    award.standstill_ends = standstill_end(published_on)[0] if award.procurement.standstill_applies else None
    with acting_as(actor):
        award.save()
    summary = f"Contract award notice for {award.bid.bidder} published on {published_on:%-d %B %Y}"
    if award.standstill_ends:
        summary += f"; the standstill runs to {award.standstill_ends:%-d %B %Y}"
    timeline_record(
        instance=award.procurement, actor=actor, verb=TimelineEvent.Verb.NOTE, summary=summary + "."
    )
    return award


def contract_enter(*, actor, award: AwardDecision, entered_on) -> AwardDecision:
    """The contract (or funding agreement) is entered into: refused during the standstill, with the dates.
    Refusals are kept on the timeline."""
    procurement = award.procurement
    _moderator(actor, procurement)
    if entered_on is None:
        raise ValidationError({"entered_on": "Enter the date the contract was entered into"})
    if award.contract_entered_on:
        raise ValidationError(f"The contract was entered into on {award.contract_entered_on:%-d %B %Y}.")
    if procurement.standstill_applies:
        if award.award_notice_on is None:
            refuse(
                procurement,
                actor,
                "Contract refused: publish the contract award notice first: the standstill starts then.",
                "entered_on",
            )
        last, earliest = standstill_end(award.award_notice_on)
        if entered_on <= last:
            refuse(
                procurement,
                actor,
                f"Contract refused: the standstill runs to {last:%-d %B %Y}: the contract can be entered into "
                f"from {earliest:%-d %B %Y}.",
                "entered_on",
            )
    if entered_on > timezone.localdate():
        raise ValidationError({"entered_on": "The date must be today or in the past."})
    if entered_on < award.decided_on:
        raise ValidationError({"entered_on": "The contract is entered into after the award decision."})
    with transaction.atomic():
        return _contract_save(actor, award, entered_on)


def _contract_save(actor, award: AwardDecision, entered_on) -> AwardDecision:
    procurement = award.procurement
    award.contract_entered_on = entered_on
    with acting_as(actor):
        award.save()
        procurement.status = ProcurementStatus.AWARDED
        procurement.version += 1
        procurement.save(update_fields=["status", "version", "updated_at"])
    timeline_record(
        instance=procurement,
        actor=actor,
        verb=TimelineEvent.Verb.UPDATED,
        summary=f"Contract entered into with {award.bid.bidder} on {entered_on:%-d %B %Y}.",
    )
    return award


@transaction.atomic
def letters_issue(*, actor, procurement: Procurement) -> list[Letter]:
    """An award letter to each successful bidder and a feedback letter to every other, with their scores
    against the winner's and the reasons. The text is kept as issued."""
    _moderator(actor, procurement)
    if not procurement.awards.exists():
        raise ValidationError("Decide the award before writing to bidders.")
    letters = []
    ranking = ranking_for(procurement)
    with acting_as(actor):
        for bid in procurement.bids.exclude(status=BidStatus.WITHDRAWN).select_related("bidder"):
            kind = LetterKind.AWARD if hasattr(bid, "award") else LetterKind.UNSUCCESSFUL
            body = letter_text(procurement, bid, ranking, kind)
            letters.append(Letter.objects.create(bid=bid, kind=kind, body=body, issued_by=actor))
    timeline_record(
        instance=procurement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"{len(letters)} award and feedback letters issued.",
    )
    return letters


@transaction.atomic
def grant_agreement_record(*, actor, award: AwardDecision, data: dict) -> GrantAgreement:
    _moderator(actor, award.procurement)
    if award.procurement.kind != ProcurementKind.GRANT_ROUND:
        raise ValidationError("Funding agreements are for grants: a tender's award leads to a contract.")
    agreement = getattr(award.bid, "grant_agreement", None) or GrantAgreement(
        bid=award.bid, recorded_by=actor
    )
    for name, value in data.items():
        setattr(agreement, name, value)
    if agreement.amount is not None and award.amount is not None and agreement.amount > award.amount:
        raise ValidationError(
            {"amount": f"The agreement cannot be for more than the £{award.amount:,.2f} awarded."}
        )
    if agreement.starts_on and agreement.ends_on and agreement.ends_on <= agreement.starts_on:
        raise ValidationError({"ends_on": "The end date must be after the start date."})
    if award.procurement.needs_service_level_agreement:
        missing = {
            name: f"Enter the {label}: a {award.procurement.get_grant_type_display().lower()} has a funding "
            "agreement with a service level agreement"
            for name, label in (
                ("outputs_and_outcomes", "outputs and outcomes"),
                ("monitoring", "monitoring"),
            )
            if not (getattr(agreement, name) or "").strip()
        }
        if missing:
            raise ValidationError(missing)
    if agreement.signed_on and agreement.signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "The date it was signed must be today or in the past."})
    agreement.full_clean(exclude=["recorded_by"])
    created = agreement.pk is None
    with acting_as(actor):
        agreement.save()
    timeline_record(
        instance=award.procurement,
        actor=actor,
        verb=TimelineEvent.Verb.NOTE,
        summary=f"Funding agreement with {award.bid.bidder} {'recorded' if created else 'updated'}: "
        f"£{agreement.amount:,.2f}.",
    )
    return agreement
