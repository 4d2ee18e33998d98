"""Writes for market position statements: drafted from the figures, edited with history, archived not deleted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import acting_as
from commissioning.core.models import TimelineEvent
from commissioning.core.services import (
    apply_changes,
    record_archive,
    record_restore,
    timeline_record,
    version_check,
)
from commissioning.services.analysis.selectors import BY_PRIORITY, coverage_summary
from commissioning.services.market.drafting import draft_sections
from commissioning.services.market.selectors import current_market
from commissioning.services.models import MarketPositionStatement

STATEMENT_FIELDS = ["title", *MarketPositionStatement.SECTIONS]


def statement_draft() -> dict[str, str]:
    """The sections as drafted from today's figures."""
    return draft_sections(
        figures=current_market(),
        gaps=coverage_summary(by=BY_PRIORITY),
        as_at=timezone.localdate(),
    )


def _check(statement: MarketPositionStatement) -> None:
    if not statement.title.strip():
        raise ValidationError({"title": "Enter a title for the statement"})
    statement.full_clean()


@transaction.atomic
def statement_create(*, actor, title: str, sections: dict | None = None) -> MarketPositionStatement:
    """A new statement; without `sections`, drafted from today's figures."""
    values = statement_draft() if sections is None else sections
    statement = MarketPositionStatement(
        title=title.strip(), **{k: v for k, v in values.items() if k in MarketPositionStatement.SECTIONS}
    )
    _check(statement)
    with acting_as(actor):
        statement.save()
    timeline_record(
        instance=statement, actor=actor, verb=TimelineEvent.Verb.CREATED, summary="Drafted from the figures"
    )
    return statement


@transaction.atomic
def statement_update(
    *, actor, statement: MarketPositionStatement, data: dict, expected_version: int | None
) -> MarketPositionStatement:
    statement = MarketPositionStatement.objects.select_for_update().get(pk=statement.pk)
    version_check(instance=statement, expected_version=expected_version)
    if statement.is_archived:
        raise ValidationError("Restore this statement before changing it.")
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    changed = apply_changes(instance=statement, data=data, fields=STATEMENT_FIELDS)
    if not changed:
        return statement
    _check(statement)
    statement.version += 1
    with acting_as(actor):
        statement.save()
    return statement


@transaction.atomic
def statement_archive(*, actor, statement: MarketPositionStatement, reason: str) -> MarketPositionStatement:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are archiving this statement."})
    statement = MarketPositionStatement.objects.select_for_update().get(pk=statement.pk)
    with acting_as(actor):
        record_archive(instance=statement, actor=actor, reason=reason.strip())
    return statement


@transaction.atomic
def statement_restore(*, actor, statement: MarketPositionStatement) -> MarketPositionStatement:
    statement = MarketPositionStatement.objects.select_for_update().get(pk=statement.pk)
    with acting_as(actor):
        record_restore(instance=statement, actor=actor)
    return statement
