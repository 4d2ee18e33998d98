"""Computed evidence from contract monitoring: Islington 8.2, 8.3, 8.6 and 8.7."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from commissioning.assurance.computed.base import ComputedEvidence, Scope, computed_check
from commissioning.assurance.computed.common import ISLINGTON, agreements, evidence, line
from commissioning.monitoring.models import (
    FeedbackRecord,
    FrequencyBand,
    Meeting,
    MonitoringPlan,
    ProviderReturn,
    ReturnPeriod,
    ReturnStatus,
    Visit,
)
from commissioning.monitoring.periods import frequency_for

MINUTES_DAYS = 21  # "minutes of these meetings are sent out within 3 weeks"
FEEDBACK_MONTHS_DAYS = 365


def _label(agreement) -> str:
    return f"{agreement.reference} {agreement.title}"


@computed_check(
    code="returns-received",
    framework=ISLINGTON,
    refs=("8.6",),
    title="Monitoring returns received on time",
)
def returns_received(scope: Scope) -> ComputedEvidence:
    today = timezone.localdate()
    queryset = (
        ReturnPeriod.objects.filter(
            agreement__in=agreements(scope).values("pk"),
            due_on__range=(scope.start, scope.end),
            due_on__lt=today,
        )
        .select_related("agreement")
        .prefetch_related(Prefetch("returns", queryset=ProviderReturn.objects.order_by("submitted_at")))
        .order_by("agreement__reference", "starts_on")
    )
    lines = []
    for period in queryset:
        returns = list(period.returns.all())
        label = f"{period.agreement.reference}: return for {period}"
        if not returns:
            passes, reason = False, f"No return received (due {period.due_on:%-d %B %Y})"
        else:
            first = timezone.localtime(returns[0].submitted_at).date()
            passes = first <= period.due_on
            timing = "on time" if passes else f"late (due {period.due_on:%-d %B %Y})"
            reason = f"First submitted on {first:%-d %B %Y}, {timing}"
        lines.append(line(period, label, passes, reason))
    return evidence(
        code="returns-received",
        rule=(
            "Every monitoring period of an agreement of the service area whose return fell due in the period (and "
            "before today) has a provider return submitted by its due date. The periods follow each agreement's "
            "monitoring plan (quarterly, six-monthly or annual)."
        ),
        scope=scope,
        lines=lines,
        noun="returns due",
        passing_text="were received on time",
        empty_text="No monitoring return fell due for agreements of this service area in the period",
    )


@computed_check(
    code="minutes-sent",
    framework=ISLINGTON,
    refs=("8.6",),
    title="Minutes of monitoring meetings sent within 3 weeks",
)
def minutes_sent(scope: Scope) -> ComputedEvidence:
    today = timezone.localdate()
    queryset = (
        Meeting.objects.active()
        .filter(agreement__in=agreements(scope).values("pk"), held_on__range=(scope.start, scope.end))
        .select_related("agreement")
        .order_by("held_on", "pk")
    )
    lines = []
    for meeting in queryset:
        deadline = meeting.held_on + timedelta(days=MINUTES_DAYS)
        label = f"{meeting.agreement.reference}: {meeting}"
        if meeting.minutes_sent_on:
            days = (meeting.minutes_sent_on - meeting.held_on).days
            passes = meeting.minutes_sent_on <= deadline
            reason = f"Minutes sent on {meeting.minutes_sent_on:%-d %B %Y}, {days} days after"
        elif deadline >= today:
            continue  # the three weeks have not passed yet
        else:
            passes, reason = False, f"No minutes sent by {deadline:%-d %B %Y}"
        lines.append(line(meeting, label, passes, reason))
    return evidence(
        code="minutes-sent",
        rule=(
            f"Every monitoring meeting held in the period on an agreement of the service area has its minutes sent "
            f"within 3 weeks ({MINUTES_DAYS} days). Meetings whose 3 weeks have not yet passed are counted only "
            f"once their minutes are sent."
        ),
        scope=scope,
        lines=lines,
        noun="monitoring meetings",
        passing_text="had their minutes sent within 3 weeks",
        empty_text="No monitoring meeting was held on agreements of this service area in the period",
    )


@computed_check(
    code="monitoring-proportionate",
    framework=ISLINGTON,
    refs=("8.3",),
    title="Monitoring appropriate to the size of funding",
)
def monitoring_proportionate(scope: Scope) -> ComputedEvidence:
    bands = list(FrequencyBand.objects.values_list("from_value", "frequency"))
    lines = []
    for agreement in agreements(scope).select_related("monitoring_plan"):
        expected = frequency_for(agreement.annual_value, bands)
        try:
            plan = agreement.monitoring_plan
        except MonitoringPlan.DoesNotExist:
            plan = None
        if expected is None:
            continue  # no band covers this value: nothing to compare with
        expected_label = dict(FrequencyBand._meta.get_field("frequency").choices)[expected].lower()
        if plan is None:
            passes, reason = (
                False,
                f"No monitoring plan (£{agreement.annual_value:,.2f} a year calls for {expected_label})",
            )
        else:
            passes = plan.frequency == expected
            reason = (
                f"Monitored {plan.get_frequency_display().lower()}; £{agreement.annual_value:,.2f} a year calls for "
                f"{expected_label}"
            )
        lines.append(line(agreement, _label(agreement), passes, reason))
    return evidence(
        code="monitoring-proportionate",
        rule=(
            "Every agreement of the service area in force in the period has a monitoring plan whose frequency is "
            "the one the partnership's value bands give for its annual value. Agreements below every band are not "
            "counted."
        ),
        scope=scope,
        lines=lines,
        noun="agreements",
        passing_text="are monitored at the frequency their value calls for",
        empty_text="No agreement covered by the value bands is in force for this service area in the period",
    )


@computed_check(
    code="monitored-regularly",
    framework=ISLINGTON,
    refs=("8.2",),
    title="Agreements monitored against their measures",
)
def monitored_regularly(scope: Scope) -> ComputedEvidence:
    accepted = Q(
        return_periods__returns__status=ReturnStatus.ACCEPTED,
        return_periods__ends_on__range=(scope.start, scope.end),
    )
    queryset = agreements(scope).annotate(
        live_kpis=Count("kpis", filter=Q(kpis__archived_at__isnull=True), distinct=True),
        accepted_returns=Count("return_periods__returns", filter=accepted, distinct=True),
    )
    lines = []
    for agreement in queryset:
        if agreement.live_kpis and agreement.accepted_returns:
            passes = True
            reason = (
                f"{agreement.live_kpis} KPIs; {agreement.accepted_returns} returns accepted for the period"
            )
        elif agreement.live_kpis:
            passes, reason = (
                False,
                "KPIs set, but no return accepted for a monitoring period ending in the period",
            )
        else:
            passes, reason = False, "No measures (KPIs) set"
        lines.append(line(agreement, _label(agreement), passes, reason))
    return evidence(
        code="monitored-regularly",
        rule=(
            "Every agreement of the service area in force in the period has measures (KPIs) and at least one "
            "provider return accepted for a monitoring period ending in the period. Visits and user feedback are "
            "the visits and feedback check."
        ),
        scope=scope,
        lines=lines,
        noun="agreements",
        passing_text="have KPIs and an accepted return in the period",
        empty_text="No agreement is in force for this service area in the period",
    )


@computed_check(
    code="visits-and-feedback",
    framework=ISLINGTON,
    refs=("8.7",),
    title="Visits made and independent user feedback obtained annually",
)
def visits_and_feedback(scope: Scope) -> ComputedEvidence:
    feedback_from = scope.end - timedelta(days=FEEDBACK_MONTHS_DAYS)
    queryset = agreements(scope).prefetch_related(
        Prefetch(
            "monitoring_visits",
            queryset=Visit.objects.active()
            .filter(visited_on__range=(scope.start, scope.end))
            .order_by("-visited_on"),
            to_attr="visits_in_period",
        ),
        Prefetch(
            "feedback_records",
            queryset=FeedbackRecord.objects.active()
            .filter(independent=True, gathered_on__range=(feedback_from, scope.end))
            .order_by("-gathered_on"),
            to_attr="independent_feedback",
        ),
    )
    lines = []
    for agreement in queryset:
        visit = agreement.visits_in_period[0] if agreement.visits_in_period else None
        feedback = agreement.independent_feedback[0] if agreement.independent_feedback else None
        parts = [
            f"visited on {visit.visited_on:%-d %B %Y}" if visit else "no visit in the period",
            f"independent feedback on {feedback.gathered_on:%-d %B %Y}"
            if feedback
            else "no independent feedback in the year",
        ]
        reason = "; ".join(parts)
        lines.append(
            line(agreement, _label(agreement), bool(visit and feedback), reason[0].upper() + reason[1:])
        )
    return evidence(
        code="visits-and-feedback",
        rule=(
            "Every agreement of the service area in force in the period had a visit in the period and independent "
            "user feedback gathered in the 12 months to the end of the period."
        ),
        scope=scope,
        lines=lines,
        noun="agreements",
        passing_text="had a visit and independent feedback",
        empty_text="No agreement is in force for this service area in the period",
    )
