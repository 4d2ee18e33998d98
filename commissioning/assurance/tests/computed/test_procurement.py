import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.assurance.computed.base import Outcome
from commissioning.assurance.computed.procurement import (
    added_value_scored,
    award_decisions_transparent,
    conflicts_managed,
    lessons_learned,
    panel_service_users,
    panel_trained,
    project_team,
    specification_drafted,
    tender_closing_date,
)
from commissioning.assurance.tests.computed import builders as b
from commissioning.organisations.tests.factories import UserFactory
from commissioning.procurement.models import (
    AwardDecision,
    ConflictAssessment,
    ConflictDeclaration,
    PanelMember,
    Question,
    Risk,
    TeamMember,
)
from commissioning.procurement.specifications.models import Specification

pytestmark = pytest.mark.django_db


def _panel(procurement, role, *, trained=True, declared=True, removed=False):
    member = PanelMember.objects.create(
        procurement=procurement,
        user=UserFactory(),
        panel_role=role,
        training_completed_on=dt.date(2025, 7, 1) if trained else None,
        removed_at=timezone.now() if removed else None,
    )
    if declared:
        ConflictDeclaration.objects.create(panel_member=member, has_conflict=False, interests="none")
    return member


def test_specification_drafted():
    with_spec = b.procurement()
    Specification.objects.create(
        activity=with_spec.activity, title="Family support", created_by=UserFactory()
    )
    b.procurement()
    b.procurement(area="send")

    result = specification_drafted(b.SCOPE)
    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 2, 1)
    assert result.records[0].url == reverse("procurement:detail", args=[with_spec.pk])
    assert result.records[0].reason == "Family support, version 1 (draft)"
    assert specification_drafted(b.Scope("youth_justice", b.START, b.END)).outcome == Outcome.NOT_ENOUGH


def test_project_team_and_initiation_document():
    complete = b.procurement(objectives="Reach 400 families.", implementation_plan="Mobilise by July.")
    TeamMember.objects.create(procurement=complete, name="Demo Commissioner", team_role="lead commissioner")
    Risk.objects.create(
        procurement=complete,
        description="Few bids",
        likelihood=2,
        impact=3,
        mitigation="Market event",
        owner="Lead",
    )
    b.procurement(objectives="Reach families.")

    result = project_team(b.SCOPE)
    assert (result.outcome, result.passing) == (Outcome.PARTLY_MET, 1)
    assert result.records[0].reason == "1 in the team; objectives, plan and 1 risks recorded"
    assert (
        result.records[1].reason == "No project team, no implementation plan, no risks with contingency plans"
    )


def test_panels_service_users_training_and_conflicts():
    good = b.procurement()
    _panel(good, "commissioner")
    _panel(good, "young_person")
    ConflictAssessment.objects.create(
        procurement=good,
        assessed_on=dt.date(2025, 6, 1),
        assessed_by=UserFactory(),
        conflicts_identified="none identified",
        next_review_on=dt.date(2025, 9, 1),
    )
    weak = b.procurement()
    _panel(weak, "officer", trained=False, declared=False)
    _panel(weak, "parent_carer", removed=True)  # removed: does not count
    b.procurement(status="planning")  # no panel yet: not counted

    users = panel_service_users(b.SCOPE)
    assert (users.outcome, users.counted, users.passing) == (Outcome.PARTLY_MET, 2, 1)
    assert users.records[0].reason == "1 on the panel (young person (service user))"
    assert users.records[1].reason == "No young person, parent or carer on the panel"

    trained = panel_trained(b.SCOPE)
    assert (trained.outcome, trained.passing) == (Outcome.PARTLY_MET, 1)
    assert trained.records[1].reason == (
        "1 of 1 panel members have no training recorded; no young person, parent or carer on the panel"
    )

    conflicts = conflicts_managed(b.SCOPE)
    assert (conflicts.outcome, conflicts.passing) == (Outcome.PARTLY_MET, 1)
    assert conflicts.records[0].reason == "All 2 panel members declared; conflicts assessed on 1 June 2025"
    assert conflicts.records[1].reason == (
        "1 of 1 panel members have not declared their interests; no conflicts assessment"
    )


def test_panel_checks_not_enough():
    b.procurement(status="open")
    for check in (panel_service_users, panel_trained, conflicts_managed):
        assert check(b.SCOPE).outcome == Outcome.NOT_ENOUGH


def test_added_value_scored():
    scored = b.procurement()
    Question.objects.create(
        procurement=scored,
        criterion="social_value",
        number="Q5",
        text="Added value",
        added_value="social",
        weight=10,
    )
    other = b.procurement()
    Question.objects.create(procurement=other, criterion="quality", number="Q1", text="Delivery", weight=50)
    b.procurement(published=None, contract_start=dt.date(2025, 9, 1))  # not published: not counted

    result = added_value_scored(b.SCOPE)
    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 2, 1)
    assert result.records[0].reason == "1 scored questions on added value (social component)"


def test_tender_closing_date():
    b.procurement()  # 30 days
    short = b.procurement()
    short.tender_deadline = short.published_at + dt.timedelta(days=20)
    short.save()

    result = tender_closing_date(b.SCOPE)
    assert (result.outcome, result.passing) == (Outcome.PARTLY_MET, 1)
    assert result.records[1].reason == "Published 2 June 2025, closing 22 June 2025: 20 days"


def test_lessons_learned():
    b.procurement(
        lessons_learned_on=dt.date(2025, 9, 1), lessons_learned="Start earlier.", panel_feedback="Clear."
    )
    b.procurement(lessons_learned_on=dt.date(2025, 9, 1), lessons_learned="Start earlier.")
    b.procurement(status="evaluation")  # not awarded yet

    result = lessons_learned(b.SCOPE)
    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 2, 1)
    assert result.records[1].reason == "No feedback from the panel recorded"


def test_award_decisions_transparent():
    assert award_decisions_transparent(b.SCOPE).outcome == Outcome.NOT_ENOUGH
    procurement = b.procurement()
    AwardDecision.objects.create(
        procurement=procurement,
        bid=b.bid(procurement),
        decided_on=dt.date(2025, 8, 1),
        approved_by="Board",
        recorded_by=UserFactory(),
        reasons="Most advantageous.",
        award_notice_on=dt.date(2025, 8, 4),
    )
    assert award_decisions_transparent(b.SCOPE).outcome == Outcome.MET
    AwardDecision.objects.create(
        procurement=procurement,
        bid=b.bid(procurement),
        decided_on=dt.date(2025, 9, 1),
        approved_by="Board",
        recorded_by=UserFactory(),
        reasons="Lot 2.",
    )
    result = award_decisions_transparent(b.SCOPE)
    assert (result.outcome, result.counted, result.passing) == (Outcome.PARTLY_MET, 2, 1)
    assert result.records[1].reason == "No award notice published"
    assert result.records[1].url == procurement.get_absolute_url()
    assert award_decisions_transparent(b.Scope("send", b.START, b.END)).counted == 0
