import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.cycle import services
from commissioning.cycle.models import SelfAssessmentAnswer
from commissioning.cycle.selectors import self_assessment_progress
from commissioning.organisations.models import Role
from commissioning.organisations.tests.factories import PartnerFactory, person_with_role


def test_answers_are_saved_and_counted_per_step(commissioner, activity):
    count = services.self_assessment_save(
        actor=commissioner,
        activity=activity,
        step_number=1,
        answers={"1.1": ("yes", "JSNA 2025, chapter 3"), "1.2": ("no", ""), "1.3": ("", "")},
    )
    assert count == 2
    progress = self_assessment_progress(activity)
    assert progress[0] == {"number": 1, "questions": 12, "answered": 2, "by_answer": {"yes": 1, "no": 1}}
    assert progress[1]["questions"] == 4 and progress[1]["answered"] == 0

    services.self_assessment_save(
        actor=commissioner,
        activity=activity,
        step_number=1,
        answers={"1.1": ("partly", "Only 2 years of data")},
    )
    answer = SelfAssessmentAnswer.objects.get(question__ref="1.1")
    assert answer.answer == "partly" and answer.version == 2


def test_evidence_is_needed_unless_the_answer_is_no_and_nothing_is_half_saved(commissioner, activity):
    with pytest.raises(ValidationError) as excinfo:
        services.self_assessment_save(
            actor=commissioner,
            activity=activity,
            step_number=2,
            answers={"2.1": ("yes", "Evidence"), "2.2": ("partly", ""), "2.3": ("maybe", "x")},
        )
    errors = excinfo.value.message_dict
    assert errors["evidence_2.2"] == ["Question 2.2: give the evidence for your answer"]
    assert errors["answer_2.3"] == ["Question 2.3: choose Yes, No, Partly or Not applicable"]
    assert not SelfAssessmentAnswer.objects.exists()


def test_a_question_of_another_step_is_refused(commissioner, activity):
    with pytest.raises(ValidationError, match="not a question of step 2"):
        services.self_assessment_save(
            actor=commissioner, activity=activity, step_number=2, answers={"1.1": ("no", "")}
        )


def test_answer_page_keeps_input_and_shows_errors(client_for, commissioner, activity):
    client = client_for(commissioner)
    url = reverse("cycle:self-assessment", args=[activity.pk, 4])
    page = client.get(url).content.decode()
    assert page.count('name="answer_4.') == 5 * 4
    response = client.post(url, {"answer_4.1": "yes", "evidence_4.1": "", "answer_4.2": "no"})
    html = response.content.decode()
    assert "There is a problem" in html and "Question 4.1: give the evidence for your answer" in html
    assert 'value="no" checked' in html
    client.post(url, {"answer_4.1": "yes", "evidence_4.1": "Linked to LAA targets", "answer_4.2": "no"})
    detail = client.get(activity.get_absolute_url())
    assert detail.context["self_assessment"][3]["answered"] == 2


def test_only_editors_can_answer(client_for, activity):
    outsider = person_with_role(Role.COMMISSIONER, PartnerFactory(name="Far Away Council"))
    client = client_for(outsider)
    url = reverse("cycle:self-assessment", args=[activity.pk, 1])
    assert "Save answers" not in client.get(url).content.decode()
    assert client.post(url, {"answer_1.1": "no"}).status_code == 403
    assert not SelfAssessmentAnswer.objects.exists()


def test_answers_are_compared_with_the_previous_cycle_year(client_for, commissioner, council, activity):
    from commissioning.cycle.tests.factories import ActivityFactory

    services.self_assessment_save(
        actor=commissioner,
        activity=activity,
        step_number=1,
        answers={"1.10": ("partly", "Five neighbours only")},
    )
    template = ActivityFactory.build(lead_commissioner=commissioner, lead_organisation=council)
    fields = ("title", "kind", "purpose", "service_area", "lead_commissioner", "lead_organisation", "level")
    data = {field: getattr(template, field) for field in fields}
    data |= {"tiers": ["targeted"], "integration_approach": "joint", "cycle_year": 2027, "previous": activity}
    next_year = services.activity_create(actor=commissioner, data=data)
    html = (
        client_for(commissioner)
        .get(reverse("cycle:self-assessment", args=[next_year.pk, 1]))
        .content.decode()
    )
    assert "2026/27:</strong> Partly: Five neighbours only" in html
    assert html.count("2026/27:</strong> not answered") == 11


def test_previous_activity_must_be_from_an_earlier_year(commissioner, council, activity):
    from commissioning.cycle.tests.factories import ActivityFactory

    same_year = ActivityFactory(cycle_year=2026, lead_commissioner=commissioner, lead_organisation=council)
    with pytest.raises(ValidationError, match="earlier cycle year"):
        services.activity_update(
            actor=commissioner,
            activity=same_year,
            data={"previous": activity},
            partners=[],
            outcomes=[],
            expected_version=same_year.version,
        )
