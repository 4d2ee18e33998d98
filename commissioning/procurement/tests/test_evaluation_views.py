"""The evaluation pages and API: what each person sees and can do, with the refusals."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.core.models import TimelineEvent
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import person_with_role
from commissioning.procurement.evaluation import services as evaluation
from commissioning.procurement.models import AwardDecision, Letter, PanelMember, PanelRole, Score
from commissioning.procurement.tests.evaluation_helpers import moderate_all, score_all


def url(name, procurement, *args):
    return reverse(f"procurement:{name}", args=[procurement.pk, *args])


def date_fields(name, day: date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def moderated(closed, evaluator, procurement_manager):
    score_all(evaluator.user, closed)
    moderate_all(procurement_manager, closed)
    return closed


def award(procurement, manager):
    return evaluation.award_decide(
        actor=manager,
        procurement=procurement,
        bid=procurement.bids.get(bidder__name="Brightside Family Support"),
        data={
            "decided_on": timezone.localdate(),
            "approved_by": "Commissioning Board",
            "reasons": "Highest.",
        },
    )


def test_panel_page_shows_declarations_and_warnings(client, closed, evaluator, procurement_manager, council):
    user = person_with_role(Role.PANEL_MEMBER, council, username="young", first_name="Sam", last_name="Young")
    client.force_login(procurement_manager)
    response = client.post(
        url("panel-add", closed),
        {"user": user.pk, "panel_role": PanelRole.YOUNG_PERSON, "support_needs": "Travel paid; a supporter"},
    )
    assert response.status_code == 302
    page = client.get(url("panel", closed)).content.decode()
    assert "Sam Young" in page and "Not declared" in page and "Declared" in page
    assert "No parent or carer is on the panel." in page
    assert "No training is recorded for Sam Young" in page
    member = PanelMember.objects.get(user=user)
    client.post(
        url("panel-training", closed, member.pk), date_fields("training_completed_on", date(2026, 1, 9))
    )
    member.refresh_from_db()
    assert member.training_completed_on == date(2026, 1, 9)
    response = client.post(url("panel-remove", closed, member.pk), {"reason": ""})
    assert "Enter why this member leaves the panel" in response.content.decode()
    client.post(url("panel-remove", closed, member.pk), {"reason": "Exams"})
    assert "Removed" in client.get(url("panel", closed)).content.decode()


def test_panel_pages_need_change_permission(client, closed, evaluator):
    client.force_login(evaluator.user)
    assert client.get(url("panel", closed)).status_code == 403
    assert client.post(url("panel-add", closed), {}).status_code == 403


def test_declaration_is_the_first_step_and_a_conflict_removes_access(
    client, closed, procurement_manager, council
):
    user = person_with_role(Role.PANEL_MEMBER, council, username="parent")
    evaluation.panel_member_add(
        actor=procurement_manager,
        procurement=closed,
        data={"user": user, "panel_role": PanelRole.PARENT_CARER},
    )
    client.force_login(user)
    panels = client.get(reverse("procurement:my-panels")).content.decode()
    assert "Declare your interests" in panels
    assert client.get(url("scoring", closed)).url == url("declare", closed)
    response = client.post(url("declare", closed), {"has_conflict": "yes", "interests": "", "confirm": "on"})
    assert "Tell us what the link is" in response.content.decode()
    response = client.post(
        url("declare", closed),
        {"has_conflict": "yes", "interests": "I volunteer at Northgate", "confirm": "on"},
        follow=True,
    )
    assert "You are no longer on this panel" in response.content.decode()
    assert client.get(url("scoring", closed)).status_code == 403
    bid = closed.bids.first()
    assert client.get(url("score-sheet", closed, bid.pk)).status_code == 403


def test_scoring_sheet_shows_answers_and_the_scale_and_refuses_bad_scores(client, closed, evaluator):
    client.force_login(evaluator.user)
    bid = closed.bids.get(bidder__name="Northgate Youth Trust")
    page = client.get(url("score-sheet", closed, bid.pk)).content.decode()
    assert "Our answer." in page and "Excellent" in page and "Exceeds the need" in page
    q1 = closed.questions.get(number="Q1")
    response = client.post(
        url("score-sheet", closed, bid.pk), {f"score-{q1.pk}": "3", f"justification-{q1.pk}": ""}
    )
    assert response.status_code == 400
    assert "Q1: Give the reasons for your score" in response.content.decode()
    response = client.post(
        url("score-sheet", closed, bid.pk), {f"score-{q1.pk}": "9", f"justification-{q1.pk}": "x"}
    )
    assert "between 0 and 5" in response.content.decode()
    assert not Score.objects.exists()
    client.post(
        url("score-sheet", closed, bid.pk), {f"score-{q1.pk}": "3", f"justification-{q1.pk}": "Some evidence"}
    )
    assert Score.objects.get().score == 3
    response = client.post(url("scoring", closed))
    assert response.status_code == 400 and "7 still to score" in response.content.decode()


def test_evaluators_never_see_each_others_scores(client, closed, evaluator, council, procurement_manager):
    other = person_with_role(Role.COMMISSIONER, council, username="other")
    member = evaluation.panel_member_add(
        actor=procurement_manager,
        procurement=closed,
        data={"user": other, "panel_role": PanelRole.SPECIALIST},
    )
    evaluation.conflict_declare(actor=other, member=member, has_conflict=False, interests="")
    score_all(evaluator.user, closed)
    client.force_login(other)
    bid = closed.bids.first()
    page = client.get(url("score-sheet", closed, bid.pk)).content.decode()
    assert "Clear evidence of what is asked." not in page
    assert client.get(url("moderation", closed)).status_code == 403
    assert client.get(url("ranking", closed)).status_code == 403


def test_scoring_before_opening_is_refused_and_recorded(client, published, procurement_manager, council):
    user = person_with_role(Role.COMMISSIONER, council, username="early")
    member = evaluation.panel_member_add(
        actor=procurement_manager, procurement=published, data={"user": user, "panel_role": PanelRole.OFFICER}
    )
    evaluation.conflict_declare(actor=user, member=member, has_conflict=False, interests="")
    client.force_login(user)
    page = client.get(url("scoring", published)).content.decode()
    assert "Bids are sealed until the deadline" in page
    client.force_login(procurement_manager)
    assert client.get(url("moderation", published)).status_code == 403
    assert TimelineEvent.objects.filter(summary__contains="asked to read bids").exists()


def test_moderation_waits_then_records_consensus(client, closed, evaluator, procurement_manager):
    client.force_login(procurement_manager)
    page = client.get(url("moderation", closed)).content.decode()
    assert "Still to submit" in page
    score_all(evaluator.user, closed)
    page = client.get(url("moderation", closed)).content.decode()
    assert "Clear evidence of what is asked." in page and "Not moderated" in page
    bid = closed.bids.get(bidder__name="Brightside Family Support")
    q1 = closed.questions.get(number="Q1")
    response = client.post(
        url("moderate", closed, bid.pk, q1.pk), {"score": "5", "reasons": "", "feedback": "Good"}
    )
    assert "The evaluators scored 4" in response.content.decode()
    response = client.post(
        url("moderate", closed, bid.pk, q1.pk),
        {"score": "5", "reasons": "Agreed on evidence", "feedback": "Good"},
    )
    assert response.status_code == 302
    assert bid.moderations.get(question=q1).score == 5
    response = client.post(url("bid-exclude", closed, bid.pk), {"reason": "Mandatory exclusion"})
    bid.refresh_from_db()
    assert bid.status == "excluded"


def test_ranking_page_and_csv(client, moderated, procurement_manager):
    client.force_login(procurement_manager)
    page = client.get(url("ranking", moderated)).content.decode()
    assert "86.00" in page and "82.00" in page and "40.00" in page and "32.00" in page
    assert "lowest price of the ranked bids" in page
    assert "SV1 What added value will you bring?" in page
    csv = client.get(url("ranking", moderated) + "?format=csv").content.decode()
    assert "1,Brightside Family Support,800000.00,36.00,10.00,40.00,86.00" in csv
    assert "2,Northgate Youth Trust,1000000.00,46.00,4.00,32.00,82.00" in csv


def test_award_standstill_and_contract(client, moderated, procurement_manager):
    client.force_login(procurement_manager)
    bid = moderated.bids.get(bidder__name="Northgate Youth Trust")
    response = client.post(
        url("award", moderated),
        {
            "bid": bid.pk,
            **date_fields("decided_on", date(2026, 3, 20)),
            "approved_by": "",
            "reasons": "Best value",
        },
    )
    assert "Enter who approved the award" in response.content.decode()
    client.post(
        url("award", moderated),
        {
            "bid": bid.pk,
            **date_fields("decided_on", date(2026, 3, 20)),
            "approved_by": "Commissioning Board",
            "approval_reference": "CB/2026/14",
            "reasons": "Best quality",
        },
    )
    decision = AwardDecision.objects.get()
    client.post(url("award-notice", moderated, decision.pk), date_fields("published_on", date(2026, 3, 26)))
    page = client.get(url("award", moderated)).content.decode()
    assert "to 8 April 2026" in page and "from 9 April 2026" in page
    response = client.post(
        url("contract-enter", moderated, decision.pk), date_fields("entered_on", date(2026, 4, 7))
    )
    assert "the standstill runs to 8 April 2026" in response.content.decode()
    decision.refresh_from_db()
    assert decision.contract_entered_on is None


def test_award_refused_while_moderation_is_incomplete(client, closed, evaluator, procurement_manager):
    score_all(evaluator.user, closed)
    client.force_login(procurement_manager)
    page = client.get(url("award", closed)).content.decode()
    assert "Moderate every answer first" in page
    response = client.post(
        url("award", closed),
        {
            "bid": closed.bids.first().pk,
            **date_fields("decided_on", timezone.localdate()),
            "approved_by": "B",
            "reasons": "x",
        },
    )
    assert not AwardDecision.objects.exists()
    assert response.status_code == 200


def test_letters_issue_view_and_pdf(client, moderated, procurement_manager, bidders):
    award(moderated, procurement_manager)
    client.force_login(procurement_manager)
    client.post(url("letters", moderated))
    assert Letter.objects.count() == 2
    page = client.get(url("letters", moderated)).content.decode()
    assert "Award letter" in page and "Feedback letter" in page
    letter = Letter.objects.get(bid__bidder__name="Northgate Youth Trust")
    assert "Your total score: 82.00" in client.get(url("letter", moderated, letter.pk)).content.decode()
    response = client.get(url("letter-pdf", moderated, letter.pk))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    client.force_login(bidders[1][1])
    assert client.get(url("letter", moderated, letter.pk)).status_code == 403


def test_lessons_learned_and_evaluation_report(client, moderated, procurement_manager):
    award(moderated, procurement_manager)
    client.force_login(procurement_manager)
    response = client.post(
        url("lessons", moderated),
        {
            **date_fields("lessons_learned_on", timezone.localdate()),
            "lessons_learned": "Start the panel training earlier",
            "panel_feedback": "Young people want more time",
        },
    )
    assert response.status_code == 302
    page = client.get(url("evaluation-report", moderated)).content.decode()
    for text in (
        "Start the panel training earlier",
        "Brightside Family Support",
        "Commissioning Board",
        "86.00",
        "Timetable kept",
        "No panel member declared a conflict",
    ):
        assert text in page
    response = client.get(url("evaluation-report", moderated) + "?format=pdf")
    assert response.content.startswith(b"%PDF")


def test_grant_agreement(client, moderated, procurement_manager):
    moderated.kind = "grant_round"
    moderated.save()
    decision = evaluation.award_decide(
        actor=procurement_manager,
        procurement=moderated,
        bid=moderated.bids.first(),
        data={
            "decided_on": timezone.localdate(),
            "approved_by": "Grants panel",
            "reasons": "x",
            "amount": Decimal("20000"),
        },
    )
    client.force_login(procurement_manager)
    data = {
        "amount": "25000",
        **date_fields("starts_on", date(2026, 4, 1)),
        **date_fields("ends_on", date(2027, 3, 31)),
        "payment_schedule": "Quarterly",
        "outputs_and_outcomes": "100 families",
        "monitoring": "Quarterly returns",
    }
    response = client.post(url("grant-agreement", moderated, decision.pk), data)
    assert "more than the £20,000.00 awarded" in response.content.decode()
    client.post(url("grant-agreement", moderated, decision.pk), {**data, "amount": "20000"})
    assert client.get(url("grant-agreement-pdf", moderated, decision.pk)).content.startswith(b"%PDF")


def test_api_evaluation_and_awards(client, moderated, procurement_manager, evaluator):
    client.force_login(procurement_manager)
    body = client.get(f"/api/v1/procurements/{moderated.pk}/evaluation/").json()
    assert [(r["bidder"], r["rank"], r["total"], r["price_score"]) for r in body["ranking"]] == [
        ("Brightside Family Support", 1, "86.00", "40.00"),
        ("Northgate Youth Trust", 2, "82.00", "32.00"),
    ]
    assert len(body["moderated_scores"]) == 8 and body["complete"]
    award(moderated, procurement_manager)
    awards = client.get(f"/api/v1/procurements/{moderated.pk}/awards/").json()
    assert awards[0]["bidder"] == "Brightside Family Support" and awards[0]["standstill_applies"] is True
    client.force_login(evaluator.user)
    response = client.get(f"/api/v1/procurements/{moderated.pk}/evaluation/")
    assert response.status_code == 403 and response["Content-Type"].startswith("application/problem+json")


def test_api_refuses_before_the_bids_are_opened(client, published, procurement_manager):
    client.force_login(procurement_manager)
    response = client.get(f"/api/v1/procurements/{published.pk}/evaluation/")
    assert response.status_code == 403
    assert "sealed" in response.json()["detail"]


def test_my_panels_needs_a_panel_place(client, procurement_manager):
    client.force_login(procurement_manager)
    assert client.get(reverse("procurement:my-panels")).status_code == 403


def test_providers_read_their_own_letters_in_the_portal(client, moderated, procurement_manager, bidders):
    award(moderated, procurement_manager)
    evaluation.letters_issue(actor=procurement_manager, procurement=moderated)
    northgate = bidders[1][1]
    own = Letter.objects.get(bid__bidder__name="Northgate Youth Trust")
    other = Letter.objects.get(bid__bidder__name="Brightside Family Support")
    client.force_login(northgate)
    listing = client.get(reverse("procurement:portal-letters")).content.decode()
    assert "Feedback letter" in listing and "Award letter" not in listing
    page = client.get(reverse("procurement:portal-letter", args=[own.pk])).content.decode()
    assert "Your total score: 82.00" in page and "The successful bid&#x27;s total score: 86.00" in page
    pdf = client.get(reverse("procurement:portal-letter-pdf", args=[own.pk]))
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("procurement:portal-letter", args=[other.pk])).status_code == 404
    assert client.get(reverse("procurement:portal-letter-pdf", args=[other.pk])).status_code == 404
    client.force_login(procurement_manager)
    assert "No letters yet" in client.get(reverse("procurement:portal-letters")).content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("empty_cache")
def test_ranking_is_served_again_until_a_bidder_or_score_changes_and_never_past_the_seal(
    client, moderated, procurement_manager
):
    from commissioning.conftest import page_text, queries_of
    from commissioning.organisations.models import Organisation

    client.force_login(procurement_manager)

    def ranking() -> str:
        return page_text(client, url("ranking", moderated), "Ranking</h1>")

    first = queries_of(ranking)  # learns which tables the ranking reads
    ranking()  # stores it
    assert queries_of(ranking) < first
    Organisation.objects.filter(name="Northgate Youth Trust").update(name="Northgate Youth Trust CIC")
    assert "Northgate Youth Trust CIC" in ranking()

    outsider = person_with_role(Role.COMMISSIONER, username="outsider")
    client.force_login(outsider)
    assert client.get(url("ranking", moderated)).status_code in (302, 403, 404)
