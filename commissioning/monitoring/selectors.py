"""Reads for contract monitoring: the overview of agreements with their flags, one agreement's monitoring,
periods and returns, trends, and what a provider user may see."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from commissioning.contracts.models import Agreement, AgreementStatus, Kpi
from commissioning.core.queries import count_of
from commissioning.core.table_cache import remember
from commissioning.monitoring.models import (
    FeedbackRecord,
    KpiActual,
    Meeting,
    ProviderReturn,
    ReturnPeriod,
    ReturnStatus,
)
from commissioning.monitoring.rag import Rag, kpi_rag, worst
from commissioning.monitoring.rules import provider_ids_of
from commissioning.monitoring.services import MINUTES_DUE_DAYS

ASSESSMENT_THRESHOLD = 5_000_000
CURRENT = ~Q(status=ReturnStatus.SUPERSEDED)
DONE = Q(status__in=[ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED])


def review_window(today: date) -> tuple[date, date]:
    """The annual formal review window: 1 December to 31 March, the one now open or the next one."""
    start_year = today.year if today.month == 12 else today.year - 1 if today.month <= 3 else today.year
    return date(start_year, 12, 1), date(start_year + 1, 3, 31)


def _overdue_periods(today: date):
    done = ProviderReturn.objects.filter(DONE, period=OuterRef("pk"))
    return ReturnPeriod.objects.filter(due_on__lt=today).exclude(Exists(done))


def _late_minutes(today: date):
    cutoff = today - timedelta(days=MINUTES_DUE_DAYS)
    return Meeting.objects.active().filter(
        Q(minutes_sent_on__isnull=True, held_on__lt=cutoff)
        | Q(minutes_sent_on__gt=F("held_on") + timedelta(days=MINUTES_DUE_DAYS))
    )


def overview(
    *, today: date | None = None, search: str = "", flag: str = "", ordering: str = "reference", provider=None
):
    """Live agreements with counts of overdue returns, returns awaiting review and late minutes, and whether
    independent user feedback was gathered in the last 12 months."""
    today = today or timezone.localdate()
    year_ago = today - timedelta(days=365)
    qs = (
        Agreement.objects.active()
        .filter(status=AgreementStatus.LIVE)
        .select_related("provider", "monitoring_plan", "monitoring_officer")
        .annotate(
            overdue_count=count_of(_overdue_periods(today), "agreement"),
            awaiting_count=count_of(
                ProviderReturn.objects.filter(status=ReturnStatus.SUBMITTED), "period__agreement"
            ),
            late_minutes_count=count_of(_late_minutes(today), "agreement"),
            has_independent_feedback=Exists(
                FeedbackRecord.objects.active().filter(
                    agreement=OuterRef("pk"), independent=True, gathered_on__gte=year_ago
                )
            ),
        )
    )
    if provider is not None:
        qs = qs.filter(provider=provider)
    if search:
        qs = qs.filter(
            Q(reference__icontains=search) | Q(title__icontains=search) | Q(provider__name__icontains=search)
        )
    if flag == "overdue":
        qs = qs.filter(overdue_count__gt=0)
    elif flag == "awaiting":
        qs = qs.filter(awaiting_count__gt=0)
    elif flag == "minutes":
        qs = qs.filter(late_minutes_count__gt=0)
    elif flag == "feedback":
        qs = qs.filter(has_independent_feedback=False)
    elif flag == "no_plan":
        qs = qs.filter(monitoring_plan__isnull=True)
    orderings = {
        "reference": ["reference"],
        "title": ["title"],
        "provider": ["provider__name", "reference"],
        "overdue": ["-overdue_count", "reference"],
        "value": ["-annual_value", "reference"],
    }
    return qs.order_by(*orderings.get(ordering, ["reference"]))


@dataclass
class PeriodRow:
    period: ReturnPeriod
    current: ProviderReturn | None
    ratings: dict = field(default_factory=dict)  # kpi id -> (value, Rag)
    overdue: bool = False

    @property
    def rag(self) -> Rag | None:
        return worst(r for _, r in self.ratings.values())


def latest_ratings(agreements) -> dict[int, Rag | None]:
    """For each agreement, the rating of its latest submitted or accepted return with actuals (worst KPI): the
    return is picked in the database and only its actuals are read. Two queries."""
    ids = [a.pk for a in agreements]
    latest = (
        ProviderReturn.objects.filter(DONE, period__agreement=OuterRef("pk"))
        .filter(Exists(KpiActual.objects.filter(provider_return=OuterRef("pk"))))
        .order_by("-period__starts_on")
        .values("pk")[:1]
    )
    agreement_of = dict(
        Agreement.objects.filter(pk__in=ids)
        .annotate(latest_return=Subquery(latest))
        .filter(latest_return__isnull=False)
        .values_list("latest_return", "pk")
    )
    actuals = (
        KpiActual.objects.filter(provider_return_id__in=list(agreement_of))
        .order_by()
        .values_list("provider_return_id", "value", "kpi__target", "kpi__polarity", "kpi__tolerance")
    )
    ratings: dict[int, list[Rag]] = defaultdict(list)
    for return_id, value, target, polarity, tolerance in actuals:
        ratings[agreement_of[return_id]].append(
            kpi_rag(actual=value, target=target, polarity=polarity, tolerance=tolerance)
        )
    return {agreement_id: worst(entry) for agreement_id, entry in ratings.items()}


def agreement_for_monitoring(pk: int) -> Agreement:
    return Agreement.objects.select_related("provider", "commissioner", "activity", "monitoring_plan").get(
        pk=pk
    )


def kpis_of(agreement: Agreement, *, include_archived: bool = False):
    qs = Kpi.objects.filter(agreement=agreement).select_related("indicator")
    return qs if include_archived else qs.active()


def period_rows(agreement: Agreement, *, today: date | None = None) -> list[PeriodRow]:
    """Every period of the agreement with its current return and the rating of each KPI, kept in the table cache
    for the day until a period, return, figure or KPI is written."""
    today = today or timezone.localdate()
    return remember(
        f"monitoring.period_rows|{agreement.pk}|{today.isoformat()}",
        lambda: _period_rows(agreement.pk, today),
    )


def _period_rows(agreement_id: int, today: date) -> list[PeriodRow]:
    periods = ReturnPeriod.objects.filter(agreement_id=agreement_id).prefetch_related(
        Prefetch(
            "returns",
            queryset=ProviderReturn.objects.filter(CURRENT).prefetch_related(
                Prefetch("actuals", queryset=KpiActual.objects.select_related("kpi"))
            ),
            to_attr="current_returns",
        )
    )
    rows = []
    for period in periods:
        current = period.current_returns[0] if period.current_returns else None
        row = PeriodRow(period=period, current=current)
        if current is not None and current.status != ReturnStatus.QUERIED:
            for actual in current.actuals.all():
                row.ratings[actual.kpi_id] = (
                    actual.value,
                    kpi_rag(
                        actual=actual.value,
                        target=actual.kpi.target,
                        polarity=actual.kpi.polarity,
                        tolerance=actual.kpi.tolerance,
                    ),
                )
        row.overdue = period.due_on < today and (current is None or current.status == ReturnStatus.QUERIED)
        rows.append(row)
    return rows


def agreement_flags(agreement: Agreement, *, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    year_ago = today - timedelta(days=365)
    window_start, window_end = review_window(today)
    return {
        "late_minutes": list(_late_minutes(today).filter(agreement=agreement)),
        "independent_feedback": FeedbackRecord.objects.active()
        .filter(agreement=agreement, independent=True, gathered_on__gte=year_ago)
        .first(),
        "review_window": (window_start, window_end),
        "review_in_window": agreement.annual_reviews.active()
        .filter(reviewed_on__range=(window_start, window_end))
        .first(),
        "needs_assessment": agreement.whole_life_value > ASSESSMENT_THRESHOLD,
        "last_assessment": agreement.kpi_assessments.active().order_by("-assessed_on").first(),
        "assessments_to_publish": agreement.kpi_assessments.active()
        .filter(published_on__isnull=True)
        .count(),
    }


def period_detail(pk: int) -> ReturnPeriod:
    return ReturnPeriod.objects.select_related("agreement__provider", "agreement__monitoring_officer").get(
        pk=pk
    )


def returns_of(period: ReturnPeriod) -> list[ProviderReturn]:
    """Every return made for the period, newest first: the current one and the superseded ones."""
    return list(
        period.returns.select_related("submitted_by", "reviewed_by").prefetch_related(
            Prefetch("actuals", queryset=KpiActual.objects.select_related("kpi"))
        )
    )


def provider_periods(*, user, today: date | None = None, status: str = "", search: str = ""):
    """The periods of the agreements of the provider user's own organisations, with the current return."""
    today = today or timezone.localdate()
    qs = (
        ReturnPeriod.objects.filter(agreement__provider_id__in=provider_ids_of(user), starts_on__lte=today)
        .filter(agreement__archived_at__isnull=True)
        .select_related("agreement__provider")
        .prefetch_related(
            Prefetch("returns", queryset=ProviderReturn.objects.filter(CURRENT), to_attr="current_returns")
        )
        .order_by("due_on", "agreement__reference")
    )
    if status == "to_do":
        done = ProviderReturn.objects.filter(DONE, period=OuterRef("pk"))
        qs = qs.exclude(Exists(done))
    if search:
        qs = qs.filter(Q(agreement__reference__icontains=search) | Q(agreement__title__icontains=search))
    return qs


def trend(agreement: Agreement, rows: list[PeriodRow]) -> list[dict]:
    """Per active KPI of the agreement, its actual in each period (None where there is none), for the table and the
    chart."""
    kpis = list(kpis_of(agreement))
    series = defaultdict(list)
    for row in rows:
        for kpi in kpis:
            value = row.ratings.get(kpi.pk)
            series[kpi.pk].append(value)
    return [
        {
            "kpi": kpi,
            "points": series[kpi.pk],
            # for the table, one cell a period: read by name, which a template does at once (an index into a tuple
            # costs it an exception first)
            "cells": [{"value": p[0], "rag": p[1]} if p else None for p in series[kpi.pk]],
        }
        for kpi in kpis
    ]
