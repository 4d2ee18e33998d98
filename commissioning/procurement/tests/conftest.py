"""Procurements at each stage, built through the services: planned, open for bids, and closed with bids in."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.cycle.models import GateRule, GateTransition
from commissioning.cycle.tests.factories import ActivityFactory
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import OrganisationFactory, person_with_role
from commissioning.procurement.bidding import services as bidding
from commissioning.procurement.evaluation import services as evaluation
from commissioning.procurement.models import Criterion, PanelRole, Question, QuestionStage
from commissioning.procurement.tenders import services as tenders


@pytest.fixture
def procurement_manager(council):
    return person_with_role(Role.PROCUREMENT_MANAGER, council, username="procurement")


@pytest.fixture
def open_gate(db):
    GateRule.objects.filter(transition=GateTransition.START_PROCUREMENT).update(enabled=False)


@pytest.fixture
def library(db):
    from django.core.management import call_command

    call_command("load_frameworks")


@pytest.fixture
def activity(db):
    return ActivityFactory(title="Early help for families")


def plan(actor, activity, **extra):
    data = {
        "reference": "CYP-2026-001",
        "title": "Family support service",
        "category": "light_touch_services",
        "estimated_value": Decimal("900000"),
        "includes_vat": False,
        "duration_months": 36,
        "contract_start": timezone.localdate() + timedelta(days=300),
        "voluntary_sector_affected": True,
        **extra,
    }
    return tenders.procurement_create(actor=actor, activity=activity, data=data)


def add_questions(procurement):
    procurement.price_weight, procurement.quality_weight, procurement.social_value_weight = (
        Decimal("40"),
        Decimal("50"),
        Decimal("10"),
    )
    procurement.save()
    Question.objects.create(
        procurement=procurement,
        stage=QuestionStage.SELECTION,
        criterion=Criterion.PASS_FAIL,
        number="S1",
        text="Do you hold the insurances the contract requires?",
        position=1,
    )
    Question.objects.create(
        procurement=procurement,
        number="Q1",
        text="How will you reach families?",
        weight=Decimal("30"),
        position=2,
    )
    Question.objects.create(
        procurement=procurement,
        number="Q2",
        text="How will you safeguard children?",
        weight=Decimal("20"),
        position=3,
    )
    Question.objects.create(
        procurement=procurement,
        criterion=Criterion.SOCIAL_VALUE,
        added_value="social",
        number="SV1",
        text="What added value will you bring?",
        weight=Decimal("10"),
        position=4,
    )


def publish(actor, procurement, *, published, deadline):
    tenders.conflict_assessment_record(
        actor=actor,
        procurement=procurement,
        data={
            "assessed_on": timezone.localdate(published),
            "conflicts_identified": "None identified",
            "next_review_on": timezone.localdate() + timedelta(days=60),
        },
    )
    return tenders.procurement_publish(
        actor=actor,
        procurement=procurement,
        tender_deadline=deadline,
        clarification_deadline=None,
        now=published,
    )


@pytest.fixture
def planned(procurement_manager, activity, open_gate):
    procurement = plan(procurement_manager, activity)
    add_questions(procurement)
    return procurement


@pytest.fixture
def published(procurement_manager, planned):
    now = timezone.now()
    return publish(procurement_manager, planned, published=now, deadline=now + timedelta(days=30))


@pytest.fixture
def bidders(db):
    first = OrganisationFactory(name="Brightside Family Support")
    second = OrganisationFactory(name="Northgate Youth Trust")
    return [
        (first, person_with_role(Role.PROVIDER_USER, first, username="brightside")),
        (second, person_with_role(Role.PROVIDER_USER, second, username="northgate")),
    ]


def answers_for(procurement, text="Our answer."):
    return {question.pk: text for question in procurement.questions.all()}


@pytest.fixture
def closed(procurement_manager, planned, bidders):
    """Published 40 days ago, closed an hour ago, two bids in, opened."""
    now = timezone.now()
    procurement = publish(
        procurement_manager, planned, published=now - timedelta(days=40), deadline=now - timedelta(hours=1)
    )
    for (organisation, user), price in zip(bidders, (Decimal("800000"), Decimal("1000000")), strict=True):
        bidding.bid_submit(
            actor=user,
            procurement=procurement,
            organisation=organisation,
            price=price,
            answers=answers_for(procurement),
            now=now - timedelta(days=2),
        )
    return bidding.bids_open(actor=procurement_manager, procurement=procurement)


@pytest.fixture
def evaluator(closed, council, procurement_manager):
    user = person_with_role(Role.COMMISSIONER, council, username="evaluator")
    member = evaluation.panel_member_add(
        actor=procurement_manager,
        procurement=closed,
        data={"user": user, "panel_role": PanelRole.OFFICER, "training_completed_on": date(2026, 1, 5)},
    )
    evaluation.conflict_declare(actor=user, member=member, has_conflict=False, interests="")
    return member
