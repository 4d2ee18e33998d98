import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from commissioning.cycle.equality import services, transitions
from commissioning.cycle.models import EqualityGroup, EqualityImpactAssessment, EqualityStatus

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 1)


@pytest.fixture
def assessment(activity, commissioner):
    return services.assessment_start(
        actor=commissioner, activity=activity, data={"lead": commissioner, "scope": "Family support"}
    )


def every_group(kind="neutral", **overrides):
    return {
        group: {"impact": overrides.get(group, kind), "evidence": "Data"} for group in EqualityGroup.values
    }


def consult(assessment, commissioner):
    services.assessment_update(
        actor=commissioner,
        assessment=assessment,
        data={
            "consultation_start": dt.date(2026, 6, 1),
            "consultation_end": dt.date(2026, 8, 31),
            "consultation_summary": "340 responses",
        },
        expected_version=None,
    )
    return services.assessment_move(
        actor=commissioner, assessment=assessment, status="consulted", today=TODAY
    )


def conclude(assessment, commissioner):
    return services.assessment_update(
        actor=commissioner,
        assessment=assessment,
        data={"conclusion": "no_major_change", "conclusion_reasons": "No group is worse off."},
        expected_version=None,
    )


def test_scale_is_proportionate_and_one_per_activity(activity, commissioner, assessment):
    assert assessment.scale == "full"
    activity.level = "individual"
    assert services.suggested_scale(activity) == "screening"
    with pytest.raises(ValidationError, match="already has"):
        services.assessment_start(
            actor=commissioner, activity=activity, data={"lead": commissioner, "scope": "x"}
        )


def test_consulted_needs_dates_in_the_past_and_a_summary(assessment, commissioner):
    with pytest.raises(ValidationError) as refused:
        services.assessment_move(actor=commissioner, assessment=assessment, status="consulted", today=TODAY)
    assert refused.value.message_dict["status"] == [
        "Record when the consultation started and ended.",
        "Summarise who was consulted and what they said.",
    ]
    services.assessment_update(
        actor=commissioner,
        assessment=assessment,
        data={"consultation_start": dt.date(2026, 9, 1), "consultation_end": dt.date(2026, 11, 30)},
        expected_version=None,
    )
    with pytest.raises(ValidationError, match="ends on 30 November 2026"):
        services.assessment_move(actor=commissioner, assessment=assessment, status="consulted", today=TODAY)
    assessment.refresh_from_db()
    assert assessment.status == "draft"


def test_full_journey_to_final_and_reopen(assessment, commissioner, activity):
    consult(assessment, commissioner)
    with pytest.raises(ValidationError, match="Record what changed"):
        services.assessment_move(actor=commissioner, assessment=assessment, status="amended", today=TODAY)
    services.assessment_update(
        actor=commissioner,
        assessment=assessment,
        data={"amendments": "Step-free rooms"},
        expected_version=None,
    )
    services.assessment_move(actor=commissioner, assessment=assessment, status="amended", today=TODAY)
    services.impacts_record(
        actor=commissioner, assessment=assessment, impacts=every_group(disability="negative", race="unknown")
    )
    with pytest.raises(ValidationError) as refused:
        services.assessment_move(actor=commissioner, assessment=assessment, status="final", today=TODAY)
    assert refused.value.message_dict["status"] == [
        "Find out the impact that is not known yet: Race.",
        "Disability: give the mitigation of the negative impact, who owns it and by when.",
        "Choose the conclusion of the assessment.",
        "Give the reasons for the conclusion.",
    ]
    services.impacts_record(
        actor=commissioner,
        assessment=assessment,
        impacts={
            "race": {"impact": "positive", "evidence": "Interpreters"},
            "disability": {
                "impact": "negative",
                "evidence": "Buildings",
                "mitigation": "Step-free rooms",
                "mitigation_owner": "Service manager",
                "mitigation_due": dt.date(2027, 3, 31),
            },
        },
    )
    conclude(assessment, commissioner)
    final = services.assessment_move(actor=commissioner, assessment=assessment, status="final", today=TODAY)
    assert final.status == "final" and final.finalised_by == commissioner
    with pytest.raises(ValidationError, match="is final"):
        services.assessment_update(
            actor=commissioner, assessment=final, data={"scope": "x"}, expected_version=None
        )
    with pytest.raises(ValidationError) as refused:
        services.assessment_move(actor=commissioner, assessment=final, status="amended")
    assert "reason" in refused.value.message_dict
    services.assessment_move(actor=commissioner, assessment=final, status="amended", reason="New data")
    assert (
        "reopened: New data" in activity.timelineevent_set.first().summary
        if hasattr(activity, "timelineevent_set")
        else True
    )


def test_every_group_needed_for_final(assessment, commissioner):
    consult(assessment, commissioner)
    services.impacts_record(
        actor=commissioner, assessment=assessment, impacts={"age": {"impact": "positive"}}
    )
    assessment = conclude(assessment, commissioner)
    problems = transitions.unmet(assessment, "final", list(assessment.impacts.all()), TODAY)
    assert problems[0].startswith("Assess the impact on every group: Disability, Gender reassignment")
    assert "Socio-economic disadvantage not yet assessed." in problems[0]


def test_screening_without_negative_impact_may_go_straight_to_final(activity, commissioner):
    activity.level = "individual"
    activity.save()
    assessment = services.assessment_start(
        actor=commissioner, activity=activity, data={"lead": commissioner, "scope": "One package"}
    )
    assert assessment.scale == "screening"
    services.impacts_record(actor=commissioner, assessment=assessment, impacts=every_group(sen="negative"))
    conclude(assessment, commissioner)
    with pytest.raises(ValidationError, match="A screening that finds a negative impact is consulted on"):
        services.assessment_move(actor=commissioner, assessment=assessment, status="final")
    services.impacts_record(
        actor=commissioner, assessment=assessment, impacts={"sen": {"impact": "positive"}}
    )
    assert (
        services.assessment_move(actor=commissioner, assessment=assessment, status="final").status == "final"
    )


def test_full_assessment_cannot_skip_consultation(assessment, commissioner):
    services.impacts_record(actor=commissioner, assessment=assessment, impacts=every_group())
    conclude(assessment, commissioner)
    with pytest.raises(ValidationError, match="A full assessment is consulted on before it is final"):
        services.assessment_move(actor=commissioner, assessment=assessment, status="final")


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("draft", "amended"),
        ("consulted", "draft"),
        ("amended", "consulted"),
        ("final", "consulted"),
        ("final", "draft"),
    ],
)
def test_refused_transitions(assessment, current, target):
    EqualityImpactAssessment.objects.filter(pk=assessment.pk).update(status=current)
    assessment.refresh_from_db()
    problems = transitions.unmet(assessment, target, [], TODAY)
    assert problems == [
        f"An assessment that is {EqualityStatus(current).label.lower()} cannot become "
        f"{EqualityStatus(target).label.lower()}."
    ]


def test_impacts_are_all_or_nothing(assessment, commissioner):
    with pytest.raises(ValidationError) as refused:
        services.impacts_record(
            actor=commissioner,
            assessment=assessment,
            impacts={"age": {"impact": "positive"}, "sex": {"impact": "negative", "evidence": ""}},
        )
    assert refused.value.message_dict == {"evidence_sex": ["Sex: give the evidence for the negative impact"]}
    assert assessment.impacts.count() == 0


def test_pages_and_permissions(client_for, commissioner, provider_user, activity):
    client = client_for(commissioner)
    page = client.get(f"/activities/{activity.pk}/equality/").content.decode()
    assert "Start the equality impact assessment" in page
    response = client.post(f"/activities/{activity.pk}/equality/start/", {"scale": "full", "scope": ""})
    assert "Enter what is being assessed and who it affects" in response.content.decode()
    response = client.post(
        f"/activities/{activity.pk}/equality/start/",
        {"scale": "full", "lead": commissioner.pk, "scope": "Family support"},
    )
    assert response.status_code == 302
    response = client.post(f"/activities/{activity.pk}/equality/impacts/", {"impact_sex": "negative"})
    assert "Sex: give the evidence for the negative impact" in response.content.decode()
    response = client.post(
        f"/activities/{activity.pk}/equality/impacts/",
        {"impact_age": "positive", "evidence_age": "More help"},
    )
    assert response.status_code == 302
    page = client.get(f"/activities/{activity.pk}/equality/").content.decode()
    assert "More help" in page and "Record when the consultation started and ended." in page
    response = client.post(f"/activities/{activity.pk}/equality/status/", {"status": "consulted"})
    assert "Summarise who was consulted" in response.content.decode()
    assert client.get(f"/activities/{activity.pk}/equality/history/").status_code == 200
    assert client_for(provider_user).get(f"/activities/{activity.pk}/equality/").status_code == 403


def test_uninvolved_commissioner_cannot_change(client_for, activity):
    from commissioning.organisations.models import Role
    from commissioning.organisations.tests.factories import PartnerFactory, person_with_role

    outsider = person_with_role(
        Role.COMMISSIONER, PartnerFactory(name="Elsewhere Council"), username="outsider"
    )
    client = client_for(outsider)
    assert client.get(f"/activities/{activity.pk}/equality/").status_code == 200
    assert client.get(f"/activities/{activity.pk}/equality/start/").status_code == 403
